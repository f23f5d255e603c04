"""The legal booklet: every instrument with status and dates, articles with where they are cited, and the
repealed instruments with their successors."""

from __future__ import annotations

from cuishou.export.docx_legal_booklet import build_legal_booklet
from cuishou.schema.models.handbook import Handbook
from tests.unit.export.docs import all_text, headings, open_doc, rows, table_with_header


def test_instruments_articles_and_citations(mini: Handbook) -> None:
    doc = open_doc(build_legal_booklet(mini))
    titles = headings(doc, 2)
    assert sorted(titles) == sorted(r.entry.title for r in mini.records("legal"))
    text = all_text(doc)
    assert "第一百九十五条" in text
    assert "流程“逾期账户催收流程”" in text  # where the handbook cites 民法典第195条
    repealed = rows(table_with_header(doc, "文件"))
    assert repealed[1] == ["中华人民共和国合同法", "已废止", "2021-01-01", "中华人民共和国民法典"]
    assert headings(doc, 1)[0] == "阅读说明" and headings(doc, 1)[-1] == "已废止或被替代的法律文件"
    # every article is a heading under its instrument, so the navigation pane and PDF bookmarks list it
    articles = [a.label for r in mini.records("legal") for a in r.entry.articles]  # type: ignore[attr-defined]
    assert articles and headings(doc, 3) == articles
