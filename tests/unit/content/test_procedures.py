"""Invariants of the shipped procedures, scripts, customer types, causes and risk grades.

These guard what the schema cannot see: day windows that must join up, escalations that must lead
somewhere else and never loop, scripts that must open by saying who is calling, seed text that must
stay normalised (no Traditional characters, no pinyin like 執(zhí)), and the counts the seeds give.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from cuishou.schema.check import check_path
from cuishou.schema.models.handbook import Handbook
from cuishou.schema.models.procedure import DayWindow, Procedure
from cuishou.schema.models.script import Script
from cuishou.schema.rules.disclosure import loan_before_verification
from tests.conftest import SHIPPED

#: folders this content owns; the text checks below read every YAML file in them
OWNED = ("procedures", "scripts", "customer-types", "causes", "risk-grades")
LIFECYCLE = "collection-lifecycle"

# Characters that occur in the Traditional-script seeds (001, 003, 004) but not in the Simplified ones
# (000, 002), minus those GB2312 also encodes (valid in Simplified text): what a careless copy brings in.
TRADITIONAL = frozenset(
    "並來個們備傳債傷傾僅價儀償優儲兌內兩凍別則劃動務勵匯區協卻厭厲參員問啟單嗎嘗嚇嚴國圍圖團執報場塊壓壞"
    "壯夠學實審將專尋對導層屬崗師帳帶幫幹幾庫廣張強彈彌徑從復態慮憂應懲懾戰戶掛採換損撥撫擇擔據擬擴擾攜攝"
    "敗數斷時暢暫書會東條業極構標樣機檔檢權歷歸氣決沒沖況淺減測準溝溫滯滿潔濟瀏災為無煉煩熱營爭狀獎獲現環"
    "產畫異當發盡監盤確碼礎禍禮稅種積穩競節篩簡簽籠糾紀約紋納紙級紛細終組結絕絡給統絲經綜維網緊緒線編緩練"
    "縮總績織繞繪繫繳繼續罰義習聯聲職聽肅脅腦臨臺與舉華萬蓋藝處虛號蛻術補裝裡見規視親覺覽觀觸計訊討訓託記"
    "訟訪設許訴詐評詞詢試話該詳認語誤說課調談請論諸諾謀謂講證識議護譽讀變讓負財責買貸費資賣賦質賬賴賽贅贏"
    "踐蹤車軟較載輔輕輯轉辦這進運過達違遞適選遺還邊郵釋針鉤銀銷錄錢錨錯鍋鍛鍵鐵長門閉開間閱關隊階際隨險隱"
    "雖雙離難電靈靜韌響頁項順須預領頭頻題額類風養饋駁駕駛騙騷驅驗驟體麼黃點黨齡"
)
#: a CJK character followed by a parenthesised pinyin syllable, as in 執(zhí)行
PINYIN_ARTIFACT = re.compile(r"[\u4e00-\u9fff]\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*|[a-z]+\d)\)")
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-4]):([0-5]\d)(?!\d)")
#: words a collector never says on a call (lawful alternatives exist for each); the conduct lint does more
COLLECTOR_NEVER = ("法务", "立案", "黑名单", "失信", "拘留", "坐牢", "其他方式")


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    result = check_path(SHIPPED)
    assert result.findings == [], [f"{f.file}:{f.line} {f.rule}" for f in result.findings]
    return result.handbook


def _entries(handbook: Handbook, kind: str) -> list[Any]:
    return [record.entry for record in handbook.records(kind)]


def _procedures(handbook: Handbook) -> list[Procedure]:
    return [entry for entry in _entries(handbook, "procedure") if isinstance(entry, Procedure)]


def _scripts(handbook: Handbook) -> list[Script]:
    return [entry for entry in _entries(handbook, "script") if isinstance(entry, Script)]


def window_problems(windows: Sequence[DayWindow | None]) -> list[str]:
    """What is wrong with a sequence of day windows that should tile the timeline in order."""
    problems: list[str] = []
    if any(w is None for w in windows):
        problems.append("a stage has no days")
        return problems
    present = [w for w in windows if w is not None]
    for i, (before, after) in enumerate(pairwise(present)):
        if before.to is None:
            problems.append(f"stage {i} is open-ended but not last")
        elif after.from_ != before.to + 1:
            kind = "gap" if after.from_ > before.to + 1 else "overlap"
            problems.append(f"{kind} between stage {i} (to {before.to}) and stage {i + 1} (from {after.from_})")
    return problems


def find_cycle(edges: Iterable[tuple[str, str]]) -> list[str] | None:
    """A cycle in a directed graph, as a list of nodes, or None."""
    graph: dict[str, list[str]] = {}
    for source, target in edges:
        graph.setdefault(source, []).append(target)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return None

    for start in list(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def _window(start: int, end: int | None) -> DayWindow:
    return DayWindow.model_validate({"from": start, "to": end})


# --- the helpers can fail ------------------------------------------------------------------------------


def test_window_problems_finds_gaps_overlaps_and_open_middles() -> None:
    assert window_problems([_window(1, 5), _window(6, None)]) == []
    assert window_problems([_window(1, 5), _window(7, 9)]) == ["gap between stage 0 (to 5) and stage 1 (from 7)"]
    assert window_problems([_window(1, 5), _window(5, 9)]) == ["overlap between stage 0 (to 5) and stage 1 (from 5)"]
    assert window_problems([_window(1, None), _window(2, 3)]) == ["stage 0 is open-ended but not last"]
    assert window_problems([_window(1, 2), None]) == ["a stage has no days"]


def test_find_cycle_reports_loops_only() -> None:
    assert find_cycle([("a", "b"), ("b", "c"), ("a", "c")]) is None
    cycle = find_cycle([("a", "b"), ("b", "c"), ("c", "a")])
    assert cycle is not None and cycle[0] == cycle[-1]


# --- counts --------------------------------------------------------------------------------------------


def test_counts_per_kind(handbook: Handbook) -> None:
    assert len(_scripts(handbook)) >= 12
    grades = _entries(handbook, "risk_grade")
    assert sorted(g.level for g in grades) == [1, 2, 3, 4, 5]
    assert {g.id for g in grades} == {f"grade-{g.level}" for g in grades}
    assert len(_entries(handbook, "cause")) >= 8


def test_customer_types_do_not_invent_the_eleven(handbook: Handbook) -> None:
    types = _entries(handbook, "customer_type")
    assert 1 <= len(types) <= 11
    notes = [s.note or "" for t in types for s in t.sources if s.seed == "000"]
    assert any("十一" in note and "缺失" in note for note in notes), "say which of the eleven types are missing"


# --- procedures ----------------------------------------------------------------------------------------


def test_lifecycle_windows_are_contiguous_and_ordered(handbook: Handbook) -> None:
    lifecycle = handbook.entries["procedure"][LIFECYCLE].entry
    assert isinstance(lifecycle, Procedure)
    windows = [stage.days for stage in lifecycle.stages]
    assert window_problems(windows) == []
    assert windows[0] is not None and windows[0].from_ < 0 and windows[0].to == 0, "starts before the due date"
    assert windows[-1] is not None and windows[-1].to is None, "the last stage (M3+) is open-ended"


def test_every_procedure_has_days_on_all_stages_or_none(handbook: Handbook) -> None:
    for procedure in _procedures(handbook):
        with_days = [stage.days is not None for stage in procedure.stages]
        assert all(with_days) or not any(with_days), procedure.id
        if all(with_days):
            assert window_problems([stage.days for stage in procedure.stages]) == [], procedure.id


def test_escalations_lead_to_another_existing_stage_without_cycles(handbook: Handbook) -> None:
    stages = {(p.id, s.id) for p in _procedures(handbook) for s in p.stages}
    edges: list[tuple[str, str]] = []
    for procedure in _procedures(handbook):
        for stage in procedure.stages:
            here = f"procedure:{procedure.id}#{stage.id}"
            for escalation in stage.escalation:
                target = escalation.to
                assert target.startswith("procedure:") and "#" in target, f"{here} -> {target}: name a stage"
                proc_id, _, stage_id = target.removeprefix("procedure:").partition("#")
                assert (proc_id, stage_id) in stages, f"{here} -> {target}: no such stage"
                assert target != here, f"{here} escalates to itself"
                edges.append((here, target))
    assert edges, "no escalations at all"
    assert find_cycle(edges) is None


def test_every_stage_keeps_evidence_and_names_who_does_what(handbook: Handbook) -> None:
    for procedure in _procedures(handbook):
        for stage in procedure.stages:
            where = f"{procedure.id}#{stage.id}"
            assert stage.steps, where
            assert stage.evidence, where
            assert all(step.actor and step.timing for step in stage.steps), where


def test_the_lifecycle_reaches_the_legal_path(handbook: Handbook) -> None:
    targets = {e.to for p in _procedures(handbook) for s in p.stages for e in s.escalation}
    assert any(t.startswith("procedure:legal-path#") for t in targets)
    assert any(t.startswith("procedure:car-loan-disposal#") for t in targets)


# --- scripts -------------------------------------------------------------------------------------------


def test_every_script_opens_by_stating_identity(handbook: Handbook) -> None:
    for script in _scripts(handbook):
        collector = [turn.text for turn in script.turns if turn.speaker == "collector"]
        assert collector, script.id
        first = collector[0]
        assert "我是" in first and "工号" in first, f"{script.id}: first collector turn must say who is calling"


def test_no_script_reveals_the_loan_before_verifying_the_borrower(handbook: Handbook) -> None:
    """The rule (``disclosure.before-verification``) is unit-tested with its own cases; here it reads the
    shipped scripts, so a script that names 贷后, 消费金融 or 信用卡 in its opener fails this test too."""
    for script in _scripts(handbook):
        turns = [(turn.speaker, turn.text) for turn in script.turns]
        assert loan_before_verification(turns) is None, script.id


def test_third_parties_are_not_contacted_in_the_first_days(handbook: Handbook) -> None:
    """One unanswered call on day 1 does not make the borrower unreachable: the stages of the first days
    list only the borrower, and no script that calls a third party belongs to them."""
    lifecycle = handbook.entries["procedure"][LIFECYCLE].entry
    assert isinstance(lifecycle, Procedure)
    first_days = {s.id for s in lifecycle.stages if s.days is not None and s.days.to is not None and s.days.to <= 5}
    assert first_days, "the lifecycle has stages for the days up to 5"
    for stage in lifecycle.stages:
        if stage.id in first_days:
            assert stage.contacts == ["借款人本人"], stage.id
    for script in _scripts(handbook):
        calls_third_party = any(turn.speaker == "third_party" for turn in script.turns)
        if calls_third_party and script.stage is not None:
            assert script.stage.partition("#")[2] not in first_days, script.id


def test_script_stage_is_a_stage_not_a_step(handbook: Handbook) -> None:
    stages = {f"procedure:{p.id}#{s.id}" for p in _procedures(handbook) for s in p.stages}
    for script in _scripts(handbook):
        assert script.stage in stages, f"{script.id}: {script.stage}"


def test_collectors_avoid_words_that_claim_authority_or_false_consequences(handbook: Handbook) -> None:
    for script in _scripts(handbook):
        for turn in script.turns:
            if turn.speaker == "collector":
                bad = [word for word in COLLECTOR_NEVER if word in turn.text]
                assert not bad, f"{script.id}: {bad} in {turn.text}"


# --- text of the owned files ---------------------------------------------------------------------------


def _owned_files() -> list[Path]:
    files = sorted(p for folder in OWNED for p in (SHIPPED / folder).glob("*.yaml"))
    assert files
    return files


@pytest.mark.parametrize("path", _owned_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_text_is_simplified_without_pinyin(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    traditional = sorted({ch for ch in text if ch in TRADITIONAL})
    assert not traditional, f"Traditional characters: {''.join(traditional)}"
    assert not PINYIN_ARTIFACT.search(text), PINYIN_ARTIFACT.search(text)


@pytest.mark.parametrize("path", _owned_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_clock_times_stay_inside_contact_hours(path: Path) -> None:
    for hours, minutes in CLOCK.findall(path.read_text(encoding="utf-8")):
        assert "08:00" <= f"{int(hours):02d}:{minutes}" <= "22:00", f"{hours}:{minutes} outside 08:00-22:00"


def test_the_text_checks_catch_seed_artifacts() -> None:
    seed = "催收執(zhí)行力培訓"
    assert {ch for ch in seed if ch in TRADITIONAL} == {"執", "訓"}
    assert PINYIN_ARTIFACT.search(seed)
    assert not PINYIN_ARTIFACT.search("还款(本金)和利息(按合同)")
