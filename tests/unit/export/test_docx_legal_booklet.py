"""The legal booklet: every instrument with status and dates, articles with where they are cited, and the
repealed instruments with their successors."""

from __future__ import annotations

from typing import Any

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


def test_commentary_is_printed_apart_from_the_summary_and_labelled(shipped: Handbook) -> None:
    """What an article says and how the handbook applies it to collection are two paragraphs, the second
    one labelled, so no reader takes "自行扣车不在法定途径之内" for the text of 民法典第四百一十条."""
    law: Any = shipped.entries["legal"]["civil-code"].entry
    article = next(a for a in law.articles if a.number == "410")
    assert article.commentary and article.commentary not in article.summary
    paragraphs = [p.text for p in open_doc(build_legal_booklet(shipped)).paragraphs]
    at = paragraphs.index(article.summary)
    assert paragraphs[at - 1] == article.label
    assert paragraphs[at + 1] == f"适用说明：{article.commentary}"
    assert any("“适用说明”是本手册" in p for p in paragraphs)


def test_articles_without_commentary_print_no_label(mini: Handbook) -> None:
    text = all_text(open_doc(build_legal_booklet(mini)))
    assert not any(a.commentary for r in mini.records("legal") for a in r.entry.articles)  # type: ignore[attr-defined]
    assert "适用说明：" not in text
