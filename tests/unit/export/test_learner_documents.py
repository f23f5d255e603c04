"""What every document promises its reader: no author vocabulary in learner documents, one title, an outline.

Learner documents are the handout, the quick card and the legal booklet; the trainer guide may name the
source documents (in its appendix) but never prints author notes either.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
from typing import Any

import pytest
import yaml
from docx import Document

from cuishou.export.base import Selection
from cuishou.export.docx_exporter import build_documents, plan_documents
from cuishou.schema.check import load_handbook
from cuishou.schema.models.handbook import Handbook
from tests.conftest import MINI
from tests.unit.export.docs import all_text, headings

#: words that belong to the authors' side of the handbook (seeds, fact-sheet codes, placeholders)
AUTHOR_VOCABULARY = ("种子", "MEM", "V1", "V2", "待补", "未注明", "TODO")
LEARNER_SUFFIXES = ("-handout", "quick-reference-card", "legal-booklet")


def _documents(handbook: Handbook) -> dict[str, Any]:
    built = build_documents(plan_documents(handbook, Selection(), "docx"), parallel=False)
    return {stem: Document(io.BytesIO(data)) for stem, _title, data, _findings in built}


def _full_text(doc: Any) -> str:
    header = "\n".join(p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs))
    return "\n".join([all_text(doc), header, doc.core_properties.title or ""])


@pytest.fixture(scope="module")
def shipped_docs(shipped: Handbook) -> dict[str, Any]:
    return _documents(shipped)


# --- author material stays out, whatever the content says --------------------------------------------

MARKS = {
    "author_notes": "作者备注甲",
    "module_notes": "模块备注乙",
    "minutes_note": "时长备注丙",
    "total_note": "总时长备注丁",
    "source_note": "来源备注戊",
}


def _mark(data: Any) -> None:
    """Fill every author-only field of one entry's data with a marker the tests can look for."""
    data["author_notes"] = [MARKS["author_notes"]]
    for source in data.get("sources", []):
        source["note"] = MARKS["source_note"]
    if "sessions" in data:
        data["total_note"] = MARKS["total_note"]
        for session in data["sessions"]:
            for module in session["modules"]:
                module["author_notes"] = [MARKS["module_notes"]]
                module["minutes_note"] = MARKS["minutes_note"]
    for article in data.get("articles", []):
        if article["number"] == "188":
            article["confidence"] = "MEM"
            article["commentary"] = "适用说明己"


@pytest.fixture(scope="module")
def authored(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    """The mini handbook with every author-only field filled in, and one unverified article."""
    root = tmp_path_factory.mktemp("authored") / "handbook"
    shutil.copytree(MINI, root)
    for path in root.rglob("*.yaml"):
        if path.name == "meta.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else [data]:
            _mark(entry)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handbook, findings = load_handbook(root)
    assert not [f for f in findings if f.severity.value == "error"], findings
    return handbook


def test_author_material_never_printed(authored: Handbook) -> None:
    docs = _documents(authored)
    assert len(docs) == 4
    for stem, doc in docs.items():
        text = _full_text(doc)
        for field, mark in MARKS.items():
            assert mark not in text, (stem, field)
        for word in AUTHOR_VOCABULARY:
            assert word not in text, (stem, word)


def test_commentary_apart_and_unverified_article_in_plain_words(authored: Handbook) -> None:
    booklet = _documents(authored)["legal-booklet"]
    paragraphs = [p.text for p in booklet.paragraphs]
    assert "适用说明：适用说明己" in paragraphs  # its own labelled paragraph, not part of the summary
    assert "第一百八十八条（条号待核实）" in headings(booklet, 3)
    assert "第一百九十五条" in headings(booklet, 3)  # verified articles carry no remark at all


def test_only_the_trainer_guide_names_its_sources(authored: Handbook) -> None:
    docs = _documents(authored)
    course: Any = authored.entries["course"]["collection-basics-2h"].entry
    section = course.sources[0].section
    guide = docs["collection-basics-2h-trainer-guide"]
    assert headings(guide, 1)[-1] == "附录：资料来源"
    assert section in all_text(guide)
    for stem in ("collection-basics-2h-handout", "quick-reference-card", "legal-booklet"):
        assert "资料来源" not in headings(docs[stem]) and section not in all_text(docs[stem]), stem


def test_shipped_learner_documents_carry_no_author_vocabulary(shipped: Handbook, shipped_docs: dict[str, Any]) -> None:
    if not any(record.entry.author_notes for record in shipped.records()):
        pytest.skip("the shipped content still keeps author notes in reader fields; the content audit (#15) moves them")
    hits = {}
    for stem, doc in shipped_docs.items():
        if stem.endswith(LEARNER_SUFFIXES):
            text = _full_text(doc)
            found = {word: text.count(word) for word in AUTHOR_VOCABULARY if word in text}
            if found:
                hits[stem] = found
    assert not hits


# --- one title, a usable outline ----------------------------------------------------------------------


def test_every_document_has_one_title_and_a_consistent_outline(shipped_docs: dict[str, Any]) -> None:
    assert len(shipped_docs) == 22
    for stem, doc in shipped_docs.items():
        titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
        assert len(titles) == 1, (stem, titles)
        levels = [int(p.style.name.rsplit(" ", 1)[1]) for p in doc.paragraphs if p.style.name.startswith("Heading ")]
        assert levels and levels[0] == 1, stem
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not jumps and max(levels) <= 3, (stem, jumps)


def test_titles_are_not_doubled(shipped_docs: dict[str, Any]) -> None:
    for stem, doc in shipped_docs.items():
        title = doc.core_properties.title
        parts = title.split(" · ")
        assert not [a for a in parts for b in parts if a is not b and (a in b)], (stem, title)
        assert doc.sections[0].header.paragraphs[0].text == title, stem


def test_modules_and_articles_are_in_the_outline(shipped: Handbook, shipped_docs: dict[str, Any]) -> None:
    for record in shipped.records("course"):
        course: Any = record.entry
        modules = [m.title for s in course.sessions for m in s.modules]
        for kind in ("handout", "trainer-guide"):
            outline = [
                re.sub(r"^\d+\.\d+ |（\d+ 分钟）$", "", h) for h in headings(shipped_docs[f"{course.id}-{kind}"], 2)
            ]
            assert outline == modules, (course.id, kind)
    articles = [a.label for r in shipped.records("legal") for a in r.entry.articles]  # type: ignore[attr-defined]
    booklet = [h.removesuffix("（条号待核实）") for h in headings(shipped_docs["legal-booklet"], 3)]
    assert sorted(booklet) == sorted(articles)


def test_unknown_minutes_never_print_a_placeholder(shipped: Handbook, shipped_docs: dict[str, Any]) -> None:
    untimed = [r.entry for r in shipped.records("course") if r.entry.total_minutes == "unknown"]  # type: ignore[attr-defined]
    assert untimed, "the shipped handbook has courses without timings"
    for course in untimed:
        text = all_text(shipped_docs[f"{course.id}-handout"])
        assert "unknown" not in text and "未注明" not in text and "总时长" not in text, course.id


def test_sources_listed_in_trainer_guide_use_document_titles(shipped: Handbook, shipped_docs: dict[str, Any]) -> None:
    assert shipped.coverage is not None
    titles = [f"《{seed.title}》" for seed in shipped.coverage.seeds]
    guide = all_text(shipped_docs["collection-execution-trainer-guide"])
    assert any(title in guide for title in titles)
    assert not re.search(r"\b00[0-4]\b", guide.split("附录：资料来源")[-1])  # titles, not seed numbers


def test_parallel_build_gives_the_same_bytes(shipped: Handbook) -> None:
    planned = plan_documents(shipped, Selection(kinds=("handout", "quickref")), "docx")
    serial = build_documents(planned, parallel=False)
    parallel = build_documents(planned, parallel=True)
    assert [d[2] for d in serial] == [d[2] for d in parallel]
