"""legal.*: citing repealed law names the successor; future and out-of-order dates are flagged."""

from __future__ import annotations

import datetime as dt

from cuishou.schema.rules import legal_currency
from tests.conftest import MINI
from tests.unit.rules.conftest import MakeHandbook

CIVIL = (MINI / "legal" / "civil-code.yaml").read_text(encoding="utf-8")
CONTRACT = (MINI / "legal" / "contract-law.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 25)


def term(definition: str, refs: str = "[]") -> str:
    return f"id: t\ntitle: 术语\ndefinition: {definition}\nrefs: {refs}\nsources: [{{seed: house, section: 术语}}]\n"


def run(make_handbook: MakeHandbook, files: dict[str, str]) -> list[tuple[str, int, str]]:
    base = {"legal/civil-code.yaml": CIVIL, "legal/contract-law.yaml": CONTRACT}
    hb = make_handbook({**base, **files})
    return [(f.rule, f.line, f.message()) for f in legal_currency.check_at(hb, TODAY)]


def test_current_law_passes(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, {"glossary/t.yaml": term("诉讼时效为三年", "[legal:civil-code#188]")}) == []


def test_ref_to_repealed_law_names_successor(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, {"glossary/t.yaml": term("借款合同", "[legal:contract-law]")})
    assert [(r, line) for r, line, _ in found] == [("legal.repealed-instrument", 4)]
    assert "民法典" in found[0][2]


def test_text_mention_flagged_unless_history(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, {"glossary/t.yaml": term("依据合同法第二百零六条按期还款")})
    assert [(r, line) for r, line, _ in found] == [("legal.repealed-instrument", 3)]
    assert run(make_handbook, {"glossary/t.yaml": term("合同法已于 2021 年废止，现行规定见民法典")}) == []
    assert run(make_handbook, {"glossary/t.yaml": term("依据劳动合同法签订劳动合同")}) == []


def test_history_entry_may_cite_repealed_law(make_handbook: MakeHandbook) -> None:
    history = CIVIL.replace("id: civil-code", "id: history-note").replace(
        "status: in_force", "status: in_force\nhistory: true"
    )
    history = history.replace("topics: [法律沿革]", "topics: [合同法]")
    assert run(make_handbook, {"legal/history-note.yaml": history}) == []


def test_future_effective_is_warning_and_dates_ordered(make_handbook: MakeHandbook) -> None:
    future = CIVIL.replace("id: civil-code", "id: future").replace('effective: "2021-01-01"', 'effective: "2027-03-01"')
    bad = CIVIL.replace("id: civil-code", "id: bad").replace('promulgated: "2020-05-28"', 'promulgated: "2022-05-28"')
    found = run(make_handbook, {"legal/future.yaml": future, "legal/bad.yaml": bad})
    assert sorted((r, line) for r, line, _ in found) == [("legal.date-order", 8), ("legal.not-yet-effective", 8)]


def test_shared_short_title_of_old_version_is_not_flagged_in_prose(make_handbook: MakeHandbook) -> None:
    old = CONTRACT.replace("id: contract-law", "id: civil-code-old").replace(
        "short_title: 合同法", "short_title: 民法典"
    )
    found = run(make_handbook, {"legal/old.yaml": old, "glossary/t.yaml": term("依据民法典第一百八十八条")})
    assert found == []
    cited = run(make_handbook, {"legal/old.yaml": old, "glossary/t.yaml": term("时效", "[legal:civil-code-old]")})
    assert [r for r, _, _ in cited] == ["legal.repealed-instrument"]
