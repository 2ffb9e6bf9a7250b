"""End to end on the seeds with the real model."""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz

from audit.records import Category, Severity


def _deriv_sentence_units(audit, needle):
    for unit in audit.units:
        for i in unit.deriv:
            if needle in audit.derivative.sentences[i].text:
                return unit
    raise AssertionError(f"no derivative sentence contains {needle!r}")


def test_every_seed_derivative_is_audited(seed_result):
    assert [a.derivative.document.name[:3] for a in seed_result.audits] == [
        "001",
        "002",
        "003",
        "004",
    ]
    assert not seed_result.errors


def test_choi_institute_aligned_to_chey_institute(seed_audits):
    audit = seed_audits["001"]
    unit = _deriv_sentence_units(audit, "Speaking at the Choi Institute")
    assert "Speaking at the Chey Institute" in audit.reference.text_of(unit.ref)


def test_stray_fragments_of_001_are_garbled_with_exact_spans(seed_audits):
    audit = seed_audits["001"]
    text = audit.derivative.document.text
    garbled = {text[f.start : f.end] for f in audit.findings if f.category is Category.GARBLED}
    assert {"purpose.", "bottom.", ".quotes", "He said he would like to help manage the"} <= garbled


def test_identical_sentences_of_004_align_to_their_reference_sentence(seed_audits):
    audit = seed_audits["004"]
    unit = _deriv_sentence_units(audit, "Stoltenberg is in Seoul, the first stop")
    assert "Mr Stoltenberg is in Seoul, the first stop" in audit.reference.text_of(unit.ref)
    assert not [
        f
        for f in audit.findings
        if f.unit == unit.index and f.severity in (Severity.MAJOR, Severity.CRITICAL)
    ]


def test_every_near_verbatim_sentence_of_004_aligns_to_its_reference_sentence(seed_audits):
    audit = seed_audits["004"]
    ref = audit.reference.sentences
    unit_of = {i: u for u in audit.units for i in u.deriv}
    pairs = [
        (i, j)
        for i, s in enumerate(audit.derivative.sentences)
        for j, r in enumerate(ref)
        if fuzz.ratio(s.text.lower(), r.text.lower()) >= 90
    ]
    assert len(pairs) >= 3
    assert [(i, j) for i, j in pairs if j not in unit_of[i].ref] == []


def test_false_message_sentence_of_001_joins_the_extremely_important_unit(seed_audits):
    audit = seed_audits["001"]
    nato = _deriv_sentence_units(audit, "NATO’s director general said it was “extremely important”")
    false = _deriv_sentence_units(audit, "This is also to avoid sending the false message")
    assert nato is false or (nato.ref and set(nato.ref) == set(false.ref))
    assert "“extremely important” that Russia does not win" in audit.reference.text_of(nato.ref)


def test_seed_units_partition_both_documents_into_contiguous_runs(seed_result):
    for audit in seed_result.audits:
        n_ref, n_der = len(audit.reference.sentences), len(audit.derivative.sentences)
        assert sorted(i for u in audit.units for i in u.deriv) == list(range(n_der))
        assert sorted(j for u in audit.units for j in u.ref) == list(range(n_ref))
        for unit in audit.units:
            for side in (unit.ref, unit.deriv):
                assert list(side) == list(range(side[0], side[0] + len(side))) if side else True


def _seed_documents():
    from pathlib import Path

    from audit.read import read_document

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("0*.txt"))
    return seeds[0], [read_document(p) for p in seeds[1:]]


def test_a_stream_embeds_a_chunk_of_derivatives_per_pass_with_the_same_audits():
    from dataclasses import replace

    from audit.pipeline import audit_documents, stream_documents
    from audit.testing import FakeEncoder

    reference, docs = _seed_documents()
    docs = docs + [replace(d, name=f"copy-{d.name}") for d in docs[:1]]  # five derivatives
    whole = audit_documents(reference, docs, encoder=FakeEncoder())
    encoder = FakeEncoder()
    stream = stream_documents(reference, docs, encoder=encoder, chunk=2)
    assert encoder.calls == []  # nothing is embedded before the audits are taken
    audits = list(stream.audits)
    assert len(encoder.calls) == 3  # derivatives 1-2, 3-4, 5 (each pass with the reference)
    assert [a.summary for a in audits] == [a.summary for a in whole.audits]
    assert [a.findings for a in audits] == [a.findings for a in whole.audits]
    assert stream.signature == whole.signature


def test_a_manifest_stream_gives_bad_rows_and_each_reference_in_report_order(tmp_path):
    from audit.pipeline import audit_manifest, stream_manifest_rows
    from audit.read import read_manifest
    from audit.records import FailedDocument
    from audit.testing import FakeEncoder

    reference, docs = _seed_documents()
    manifest = tmp_path / "manifest.csv"
    lines = ["reference,derivative", f"{reference},{docs[0].path}", "only-one-column"]
    lines += [f"{tmp_path / 'missing.txt'},{docs[1].path}", f"{docs[0].path},{docs[2].path}"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, problems = read_manifest(manifest, root=Path("/"))  # seeds: elsewhere
    items = list(stream_manifest_rows(manifest.name, rows, problems, encoder=FakeEncoder()))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["FailedDocument", "ResultStream", "FailedDocument", "ResultStream"]
    assert [item.document for item in items if isinstance(item, FailedDocument)] == [
        "manifest.csv:3",
        docs[1].path,
    ]
    batch = audit_manifest(manifest, encoder=FakeEncoder(), root=Path("/"))
    assert [r.reference.document.name for r in batch.results] == [
        item.reference.document.name for item in items if not isinstance(item, FailedDocument)
    ]


def test_a_manifest_of_small_references_is_embedded_in_one_pass_with_the_same_audits(tmp_path):
    from audit.pipeline import audit_documents, audit_manifest
    from audit.testing import FakeEncoder

    reference, docs = _seed_documents()
    manifest = tmp_path / "manifest.csv"
    lines = ["reference,derivative", f"{reference},{docs[0].path}", f"{reference},{docs[1].path}"]
    lines += [f"{tmp_path / 'missing.txt'},{docs[1].path}", f"{docs[0].path},{docs[2].path}"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    encoder = FakeEncoder()
    batch = audit_manifest(manifest, encoder=encoder, root=Path("/"))
    assert len(encoder.calls) == 1  # both references and their three derivatives, distinct once
    assert len(encoder.calls[0]) == len(set(encoder.calls[0]))
    alone = [
        audit_documents(reference, docs[:2], encoder=FakeEncoder()),
        audit_documents(docs[0].path, docs[2:3], encoder=FakeEncoder()),
    ]
    assert [r.audits for r in batch.results] == [r.audits for r in alone]
    assert [e.document for e in batch.errors] == [docs[1].path]


def test_manifest_batches_hold_at_most_a_chunk_of_references_and_of_derivatives(tmp_path):
    from audit.batches import batches
    from audit.engine.state import StateStore
    from audit.pipeline import _run
    from audit.settings import AuditConfig, ReadOptions
    from audit.testing import FakeEncoder

    reference, docs = _seed_documents()
    groups = {reference: [d.path for d in docs[:3]]}  # three derivatives: a batch of its own
    groups |= {d.path: [reference] for d in docs}  # four references of one derivative each
    run = _run(AuditConfig(), FakeEncoder(), None, None, None, chunk=2)
    sizes = [[len(e.todo) for e in batch] for batch in batches(run, groups, ReadOptions())]
    assert sizes == [[3], [1, 1], [1, 1]]
    for batch in batches(run, groups, ReadOptions()):  # every audit stored: nothing to audit
        for opened in batch:
            for key, _, _ in opened.slots:
                (tmp_path / f"{key}.json").write_text("{}", encoding="utf-8")
    state = StateStore(tmp_path, resume=True)
    run = _run(AuditConfig(), FakeEncoder(), None, state, None, chunk=2)
    sizes = [[len(e.todo) for e in batch] for batch in batches(run, groups, ReadOptions())]
    assert sizes == [[0, 0], [0, 0], [0]]  # still at most two references read ahead


def test_a_reference_left_unfinished_does_not_pass_its_audits_to_the_next(tmp_path):
    from audit.pipeline import stream_manifest_rows
    from audit.read import read_manifest
    from audit.testing import FakeEncoder

    reference, docs = _seed_documents()
    manifest = tmp_path / "manifest.csv"
    lines = ["reference,derivative", f"{reference},{docs[0].path}", f"{reference},{docs[1].path}"]
    lines += [f"{docs[0].path},{docs[2].path}"]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, problems = read_manifest(manifest, root=Path("/"))  # seeds: elsewhere
    streams = stream_manifest_rows(manifest.name, rows, problems, encoder=FakeEncoder())
    first = next(streams)
    next(first.audits)  # one of its two audits taken, then the next reference asked for
    second = next(streams)
    assert [a.derivative.document.name for a in second.audits] == [docs[2].name]
