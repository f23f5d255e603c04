"""How long collection records are kept: per type of institution in the red line, never shorter elsewhere.

The rules differ by institution (信用卡办法 and GB/T 45251—2025: two years; 消费金融公司管理办法 and the NIFA
convention: five). The red line ``recording`` states each with its basis; every other place in the
handbook that tells staff how long to keep records must say at least the longest of them, because the
handbook speaks for all the institutions it addresses.
"""

from __future__ import annotations

import re

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.models.conduct import ConductRule
from cuishou.schema.models.handbook import Handbook
from tests.conftest import SHIPPED

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: "保存期限不少于两年", "至少保存 5 年", "保存五年": a retention period and its number of years
RETENTION = re.compile(r"(?:保存|保留)[^。；，,]{0,12}?(?:不少于|至少|不低于)?\s*([一二两三四五六七八九十]|\d+)\s*年")
#: a period "至少二年" with the institution it applies to, as the red line's basis note lists them
PER_INSTITUTION = re.compile(
    r"(消费金融公司|信用卡|网络消费信贷|互联网金融协会会员|汽车金融公司)[^；]*?至少([二两五])年"
)


def years(text: str) -> list[int]:
    """Every retention period stated in ``text``, in years."""
    return [int(n) if n.isdigit() else _DIGITS[n] for n in RETENTION.findall(text)]


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    built, _ = load_handbook(SHIPPED)
    return built


@pytest.fixture(scope="module")
def recording(handbook: Handbook) -> ConductRule:
    rule = handbook.entries["conduct_rule"]["recording"].entry
    assert isinstance(rule, ConductRule)
    return rule


def test_years_reads_the_ways_periods_are_written() -> None:
    assert years("录音保存期限不少于两年") == [2]
    assert years("录音、函件和签字文件至少保存五年") == [5]
    assert years("录像资料保存不少于 5 年") == [5]
    assert years("自法律文书规定的履行期间最后一日起 2 年内申请执行") == []


def test_the_red_line_states_each_institution_with_its_basis(recording: ConductRule) -> None:
    note = recording.basis_note or ""
    periods = dict(PER_INSTITUTION.findall(note))
    assert {"消费金融公司", "信用卡", "网络消费信贷"} <= periods.keys(), note
    assert "汽车金融公司" in note, "say what was found (or not) for car-finance companies"
    assert {"legal:consumer-finance-measures", "legal:credit-card-measures#68", "legal:gbt-45251-2025"} <= set(
        recording.basis
    )
    # every period comes with how well it is verified, in words a reader understands
    for clause in note.split("；"):
        if PER_INSTITUTION.search(clause):
            assert "核实" in clause or "来源" in clause, clause


def test_no_period_anywhere_is_shorter_than_the_strictest(handbook: Handbook, recording: ConductRule) -> None:
    strictest = max(_DIGITS[n] for _, n in PER_INSTITUTION.findall(recording.basis_note or ""))
    assert strictest == 5
    assert strictest in years(recording.description)
    short = []
    for record in handbook.records():
        if record.kind == "legal":
            continue  # an instrument says what it says
        for path, text in record.texts:
            if "basis_note" in path or "sources" in path or "author_notes" in path:
                continue  # the per-institution list, and notes for authors
            short += [f"{record.entry.id} {'/'.join(map(str, path))}: {text}" for y in years(text) if y < strictest]
    assert short == []
