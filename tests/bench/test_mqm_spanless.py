"""MQM exports list some errors with no span (``"start": null, "end": null``): such an error
counts in its row's score (``mqm_score``, ``n_major``) and is left out of the span figures."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from audit.bench.mqm import read_mqm

ROWS = [
    ("The council approved the budget.", "The council approved the budget.", 0.0, 0, []),
    (
        "The mayor said 40 new buses will arrive.",
        "The mayor said 14 new buses will arrive.",
        10.0,
        2,
        [
            {"severity": "Major", "side": "target", "start": 15, "end": 17},
            {"severity": "Major", "side": "target", "start": None, "end": None},
            {"severity": "Minor", "side": "target", "start": None, "end": None},
        ],
    ),
    (
        "Rain closed the highway.",
        "Rain closed the road.",
        5.0,
        1,
        [{"severity": "Major", "side": "source", "start": None, "end": None}],
    ),
]


def _tsv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["doc_id", "seg_id", "reference", "target", "mqm_score", "n_major",
                         "error_spans"])  # fmt: skip
        for k, (ref, target, score, majors, spans) in enumerate(ROWS, start=1):
            writer.writerow(["doc", k, ref, target, score, majors, json.dumps(spans)])
    return path


def test_errors_without_a_span_count_in_the_score_not_in_the_spans(tmp_path: Path):
    rows = read_mqm(_tsv(tmp_path / "mqm.tsv"))
    assert [(r.mqm_score, r.n_major, r.major_spans) for r in rows] == [
        (0.0, 0, ()),
        (10.0, 2, ((15, 17),)),
        (5.0, 1, ()),
    ]
