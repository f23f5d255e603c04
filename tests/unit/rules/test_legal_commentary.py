"""legal.summary-commentary: an article's summary says what it says; the handbook's reading is commentary."""

from __future__ import annotations

import pytest

from cuishou.schema.rules import legal_commentary
from tests.unit.rules.conftest import MakeHandbook

LAW = """\
id: civil-code
title: 中华人民共和国民法典
short_title: 民法典
kind: law
issuer: 全国人民代表大会
status: in_force
confidence: V2
articles:
  - number: "410"
    label: 第四百一十条
    summary: {summary}
    commentary: 自行扣车不在法定途径之内。
sources: [{{seed: reference/legal-facts.md, section: 1.1 civil-code}}]
"""


def run(make_handbook: MakeHandbook, summary: str) -> list[tuple[str, int, int, str]]:
    hb = make_handbook({"legal/civil-code.yaml": LAW.format(summary=summary)})
    return [(f.rule, f.line, f.col, f.params["found"]) for f in legal_commentary.check(hb)]


def test_commentary_in_its_own_field_passes(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, "实现抵押权可以协议折价、拍卖或变卖，协议不成的可以请求人民法院拍卖、变卖。") == []


def test_commentary_in_the_summary_is_located(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, "实现抵押权可以协议折价或请求法院拍卖、变卖。自行扣车不在法定途径之内。")
    assert found == [("legal.summary-commentary", 11, 14, "扣车")]
    hb = make_handbook({"legal/civil-code.yaml": LAW.format(summary="父母不承担还款责任。")})
    (finding,) = legal_commentary.check(hb)
    assert "民法典第四百一十条" in finding.message("zh") and "commentary" in finding.message("en")


@pytest.mark.parametrize(
    ("summary", "found"),
    [
        ("夫妻共同债务的范围。父母、子女、朋友不因亲属关系承担还款责任。", ["还款责任"]),
        ("可以抵押的财产包括交通运输工具，这是汽车抵押的依据。", ["这是汽车抵押的依据"]),
        ("委托合同的定义，例如委外催收。", ["委外催收"]),
        ("借款人应当按期返还借款。现为民法典第六百七十五条。", ["现为民法典第"]),
        ("诉讼时效为二年。培训中不得再讲两年时效。", ["培训中", "不得再讲"]),
        ("殴打他人。2025 年修订后据单一来源为第五十一条。", ["修订后据单一来源为"]),
        ("送达催收文书的，时效中断。", ["催收文书"]),
    ],
)
def test_shapes_of_commentary(summary: str, found: list[str]) -> None:
    assert [hit for hit, _, _ in legal_commentary.commentary_in(summary)] == found


@pytest.mark.parametrize(
    "summary",
    [
        # articles that themselves speak of collection, or of staff training, keep those words
        "只能向债务人本人及其担保人催收，不得向与债务无关的第三人催收；催收记录至少保存二年。",
        "发卡银行应当建立信用卡欠款催收管理制度；不得对催收人员仅以回收金额作为考核依据。",
        "催收非法债务罪：催收高利放贷等产生的非法债务，使用暴力、胁迫的。",
        "处理者应当采取访问权限控制、人员培训等安全措施。",
    ],
)
def test_articles_about_collection_pass(summary: str) -> None:
    assert list(legal_commentary.commentary_in(summary)) == []
