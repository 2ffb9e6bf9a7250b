"""Speed of segmenting one long line: windowed (audit.segment) against pysbd on the whole line.

    PYTHONPATH=$PWD python benchmarks/segment_long_line.py [CHARS ...]

Prints the median of three runs per length; the whole-line figure shows why lines are windowed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from audit.segment import _pysbd_spans, split_line

SENTENCE = "The minister said on Monday that a new plan would help the economy grow. "


def _median(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(lengths: list[int]) -> None:
    for length in lengths:
        line = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
        bare = line.replace(".", "")
        windowed = _median(lambda line=line: split_line(line))
        no_stops = _median(lambda bare=bare: split_line(bare))
        whole = _median(lambda line=line: _pysbd_spans(line), repeat=1)
        print(
            f"{length:>8,} chars: windowed {windowed:6.2f}s, no sentence ends {no_stops:6.2f}s,"
            f" whole-line pysbd {whole:6.2f}s"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000, 100_000])
