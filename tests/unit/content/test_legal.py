"""Content checks on the legal instruments and counter-examples shipped in ``handbook/``.

These read the real handbook: they fail when an instrument loses its successor, dates go out of
order, an article label disagrees with its number, or a counter-example stops naming a conduct rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from cuishou.schema.check import load_handbook
from cuishou.schema.models.conduct import CounterExample
from cuishou.schema.models.handbook import Handbook
from cuishou.schema.models.legal import Legal
from cuishou.schema.rules.conduct import CONDUCT_IDS as CONDUCT_RULE_IDS
from tests.conftest import SHIPPED
from tests.helpers import iter_strings

#: the conduct rule ids fixed for the handbook (the conduct rules themselves live in handbook/conduct/)
CONDUCT_IDS = frozenset(CONDUCT_RULE_IDS)
#: laws the Civil Code (art. 1260) repealed that the handbook keeps as history
CIVIL_CODE_PREDECESSORS = (
    "contract-law",
    "guarantee-law",
    "property-law",
    "general-principles",
    "general-provisions",
    "tort-law",
)
#: the fact sheet describes the law as of this month; nothing "in force" may start later
AS_OF = dt.date(2026, 11, 30)
#: characters that exist only in Traditional script (their Simplified forms differ)
TRADITIONAL = frozenset(
    "們個國說時會與對關為過還當發務實權條產債應聯絡資報訊號錢區書辦證銀壓電話親屬兩單裡這進運達違遞選遺"
    "邊郵釋錄錯鍵長門開間閱隊階際隨險隱雖雙離難靈靜響頁項順須預領頭頻題額類風養駕駛騙騷驅驗體麼點黨齡"
    "並卻厭來內則劃動勵匯協參員問啟嗎嚇嚴圍圖團執場塊壞夠學審將專尋導層崗師帳帶幫幾廣張強彈從復徵惡態"
    "慮憂懲戰戶換損撥擇擔據擬擴擾攜數斷暫東業極構標樣機檔檢歷歸氣決沒況淺減測準溝溫滯滿濟災無營爭狀獎"
    "獲現環畫異盡監盤確碼礎禮稅種積穩競節簡簽紀約紙級紛細終組結絕給統經綜維網緊緒線編緩練總績織繫繳繼"
    "續罰義習聲職聽脅腦臨舉藝處虛術補裝規視覺觀觸計討訓託記訟訪設許訴詐評詢試該詳認語誤課調談請論諾謀"
    "謂講識議護譽讀變讓負財責買貸費賣質賬賴較載輕轉鐵閉後裏"
)
#: a lower-case pinyin gloss glued to a character, as in the seeds' 執(zhí)行 (not our （V1） tags)
PINYIN_ARTIFACT = re.compile(r"[\u4e00-\u9fff][(（][a-zü\u00e0-\u01dc]+[)）]")
_DIGITS = "零一二三四五六七八九"


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    built, _ = load_handbook(SHIPPED)
    return built


def _laws(handbook: Handbook) -> dict[str, Legal]:
    return {ident: record.entry for ident, record in handbook.entries["legal"].items()}  # type: ignore[misc]


def _counter_examples(handbook: Handbook) -> dict[str, CounterExample]:
    return {ident: record.entry for ident, record in handbook.entries["counter_example"].items()}  # type: ignore[misc]


def zh_number(n: int) -> str:
    """A number below 10 000 in Chinese numerals, as article labels write it (十二, 一百零九)."""
    if n < 10:
        return _DIGITS[n]
    out, pending_zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            out += ("零" if pending_zero else "") + _DIGITS[digit] + name
            pending_zero = False
        elif out:
            pending_zero = True
    return out[1:] if out.startswith("一十") else out


def test_zh_number_writes_labels_as_statutes_do() -> None:
    assert [zh_number(n) for n in (9, 10, 12, 109, 110, 188, 207, 1024, 1260, 2000)] == [
        "九",
        "十",
        "十二",
        "一百零九",
        "一百一十",
        "一百八十八",
        "二百零七",
        "一千零二十四",
        "一千二百六十",
        "二千",
    ]


def test_every_retired_instrument_names_a_successor_in_force(handbook: Handbook) -> None:
    laws = _laws(handbook)
    retired = [law for law in laws.values() if law.status in ("repealed", "superseded")]
    assert retired, "expected repealed instruments (合同法 and the other Civil Code predecessors)"
    for law in retired:
        assert law.superseded_by is not None, law.id
        prefix, _, rest = law.superseded_by.partition(":")
        successor = laws.get(rest.partition("#")[0])
        assert prefix == "legal" and successor is not None, law.id
        assert successor.status == "in_force", f"{law.id} -> {successor.id} ({successor.status})"
        assert law.history, f"{law.id} is no longer law: mark it history: true"


def test_instrument_dates_are_in_order_and_not_after_the_fact_sheet(handbook: Handbook) -> None:
    for law in _laws(handbook).values():
        dates = [d for d in (law.promulgated, law.effective, law.repealed) if d is not None]
        assert dates == sorted(dates), law.id
        assert all(d <= AS_OF for d in dates), law.id
        if law.status == "in_force":
            assert law.repealed is None, law.id


@pytest.mark.parametrize("ident", CIVIL_CODE_PREDECESSORS)
def test_civil_code_predecessors_are_repealed_on_2021_01_01(handbook: Handbook, ident: str) -> None:
    law = _laws(handbook)[ident]
    assert (law.status, law.repealed, law.superseded_by, law.history) == (
        "repealed",
        dt.date(2021, 1, 1),
        "legal:civil-code",
        True,
    )


def test_civil_code_is_in_force_and_carries_the_repeal_article(handbook: Handbook) -> None:
    code = _laws(handbook)["civil-code"]
    assert code.status == "in_force" and code.effective == dt.date(2021, 1, 1)
    repeal = next(a for a in code.articles if a.number == "1260")
    assert "合同法" in repeal.summary


def test_article_numbers_are_unique_per_instrument(handbook: Handbook) -> None:
    for law in _laws(handbook).values():
        counts = Counter(a.number for a in law.articles)
        assert [n for n, c in counts.items() if c > 1] == [], law.id


def _expected_labels(number: str) -> set[str]:
    """Labels an article number may carry: 第N条, 第N条之M (M = 之一…) or 第N条第M款."""
    head, *rest = (int(p) for p in number.split("-"))
    base = f"第{zh_number(head)}条"
    if not rest:
        return {base}
    (sub,) = rest
    return {f"{base}之{zh_number(sub)}", f"{base}第{zh_number(sub)}款"}


def test_article_labels_agree_with_numbers(handbook: Handbook) -> None:
    for law in _laws(handbook).values():
        for article in law.articles:
            if law.kind == "judicial_policy" and "-" not in article.number:
                # opinions number their parts 一、二、 rather than 第N条
                assert article.label == zh_number(int(article.number)), (law.id, article.number)
                continue
            assert article.label in _expected_labels(article.number), (law.id, article.number, article.label)


def test_counter_examples_name_known_conduct_rules(handbook: Handbook) -> None:
    examples = _counter_examples(handbook)
    assert len(examples) >= 10
    for example in examples.values():
        rules = [ref.partition(":")[2] for ref in example.breaks if ref.startswith("conduct:")]
        assert rules, example.id
        assert set(rules) <= CONDUCT_IDS, (example.id, set(rules) - CONDUCT_IDS)


def test_fake_legal_department_is_impersonation_not_disclosure(handbook: Handbook) -> None:
    example = _counter_examples(handbook)["fake-legal-department"]
    assert "conduct:impersonation-authority" in example.breaks
    assert "conduct:third-party-disclosure" not in example.breaks


def test_counter_example_basis_cites_law_in_force_and_existing_articles(handbook: Handbook) -> None:
    laws = _laws(handbook)
    for example in _counter_examples(handbook).values():
        assert example.basis, example.id
        for ref in example.basis:
            prefix, _, rest = ref.partition(":")
            ident, _, anchor = rest.partition("#")
            assert prefix == "legal", (example.id, ref)
            law = laws[ident]
            assert law.status == "in_force", (example.id, ref)
            if anchor:
                assert anchor in {a.number for a in law.articles}, (example.id, ref)


def _own_files() -> list[Path]:
    return sorted((SHIPPED / "legal").glob("*.yaml")) + sorted((SHIPPED / "counter-examples").glob("*.yaml"))


@pytest.mark.parametrize("path", _own_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_text_is_simplified_chinese_without_pinyin(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for value in iter_strings(yaml.safe_load(text)):
        assert not (set(value) & TRADITIONAL), (value, sorted(set(value) & TRADITIONAL))
        assert PINYIN_ARTIFACT.search(value) is None, value


def test_detectors_catch_the_seed_artifacts() -> None:
    seed_like = "催收執(zhí)行力培訓"
    assert set(seed_like) & TRADITIONAL
    assert PINYIN_ARTIFACT.search(seed_like)
    assert PINYIN_ARTIFACT.search("日期仅凭记忆（MEM）") is None
    assert not set("催收执行力培训，依法向人民法院起诉") & TRADITIONAL
