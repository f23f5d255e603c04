"""editorial.*: Traditional characters (OpenCC), pinyin artifacts, personal data."""

from __future__ import annotations

import pytest

from cuishou.schema.rules import editorial
from tests.unit.rules.conftest import MakeHandbook


def term(definition: str) -> str:
    return f"id: t\ntitle: 术语\ndefinition: '{definition}'\nsources: [{{seed: house, section: 术语}}]\n"


def run(make_handbook: MakeHandbook, definition: str) -> list[tuple[str, int, dict[str, object]]]:
    hb = make_handbook({"glossary/t.yaml": term(definition)})
    return [(f.rule, f.line, f.params) for f in editorial.check(hb)]


def test_simplified_text_passes(make_handbook: MakeHandbook) -> None:
    # characters shared by both scripts (干, 后, 里, 著名, 面) are never flagged
    assert run(make_handbook, "催收前核对身份；皇后、干净、里面、著名、面条、发展") == []


def test_traditional_is_flagged_with_suggestion(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, "執行催收前核對身份")
    assert [(r, line) for r, line, _ in found] == [("editorial.traditional", 3)]
    assert found[0][2] == {"found": "執對", "suggest": "执对"}


def test_pinyin_artifact(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, "执(zhí)行和数据(jù)")
    assert [(r, p["found"]) for r, _, p in found] == [("editorial.pinyin", "执(zhí)"), ("editorial.pinyin", "据(jù)")]
    assert run(make_handbook, "逾期（M1）阶段(A)") == []


def _id_with_check(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return body + "10X98765432"[total % 11]


def _luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if editorial.luhn_ok(body + d))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"身份证 {_id_with_check('11010519900307123')}", "resident ID number"),
        ("客户电话 139-1234-5678", "mobile number"),
        ("手机13912345678", "mobile number"),
        (f"卡号 {_luhn_complete('622202123456789012')}", "bank card number"),
    ],
)
def test_personal_data_is_an_error(make_handbook: MakeHandbook, text: str, kind: str) -> None:
    found = run(make_handbook, text)
    assert [(r, p["kind_en"]) for r, _, p in found] == [("editorial.pii", kind)]


def test_invalid_numbers_and_masks_pass(make_handbook: MakeHandbook) -> None:
    good_id = _id_with_check("11010519900307123")
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    card = _luhn_complete("622202123456789012")
    bad_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert run(make_handbook, f"{bad_id} 与 {bad_card}，手机 138****0000，工号 1024") == []
