"""Author notes stay out of teaching text: no seed talk, confidence codes or "to do" in what learners read.

Every prose field of an entry reaches a handout, trainer guide, quick card or legal booklet, except two:
``author_notes`` (notes for authors and reviewers, on every entry and on course modules) and
``sources`` (where the content comes from). Words that only make sense to the people who compiled the
handbook — the seeds (种子) it was built from, the fact sheet's confidence codes (V1, V2, MEM), "to be
added" (待补, TODO), "the seed is cut off here" (截断), file names — would be printed for trainees as if
they were teaching. They belong in ``author_notes``; a learner-facing field says the same thing in words
a learner understands (一个来源核实, 原课件未给出时长) or not at all.

PASS::

    topics: [分阶段设计初级、中级、高级培训模块]
    author_notes: [种子在此处截断，具体内容待补]
    notes: [施行日期只有一个来源核实，待核实。]

FAIL::

    topics: [分阶段设计培训模块（种子在此处截断，具体内容待补）]   # editorial.author-note ×3
    notes: [2025-04-01 印发（V1）。]                               # editorial.author-note
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo(
        "editorial.author-note",
        Severity.WARNING,
        "学员可见的文本中有编写备注用语",
        "author-only wording in text that reaches learners",
    ),
)

define_messages(
    {
        "editorial.author-note": (
            "“{found}”是编写备注用语（{what_zh}），会印进学员材料：请移到 author_notes，或改用学员能懂的说法",
            "'{found}' is author-only wording ({what_en}) and would be printed for learners: "
            "move it to author_notes or say it in words a learner understands",
        ),
    }
)

#: (pattern, what it is in zh, in en); each names a kind of wording only authors understand
_VOCABULARY: tuple[tuple[str, str, str], ...] = (
    (r"种子", "指编写手册所用的原始材料", "the source material the handbook was compiled from"),
    (r"(?<![A-Za-z0-9])(?:V[12]|MEM)(?![A-Za-z0-9])", "核实程度代码，请写成文字", "a confidence code: spell it out"),
    (r"待补(?![缴交足齐签办录贴])", "待补内容", "content still to be written"),
    (r"(?<![A-Za-z])(?:TODO|FIXME|TBD|[Tt]odo)(?![A-Za-z])", "待办标记", "a to-do marker"),
    (r"截断", "指原始材料不完整", "says the source material is cut off"),
    (r"未注明", "编写时的缺项说明", "an author's note on a missing value"),
    (r"事实表", "指编写所用的核对资料", "the fact sheet used to compile the handbook"),
    (r"补充后再加", "过时的待办说明", "a stale to-do note"),
    (r"(?<![A-Za-z])(?:GH#\d|LRB:)", "来源代号", "a source tag"),
    # ASCII only, and from the start of a name: ``\w`` would also match CJK, and a long Chinese text would
    # then be re-scanned from every position (quadratic; 200 000 characters took minutes)
    (r"(?<![A-Za-z0-9_./-])[A-Za-z0-9_./-]+\.(?:ya?ml|md|py)(?![A-Za-z])", "文件名", "a file name"),
)
_PATTERN = re.compile("|".join(f"(?P<v{i}>{p})" for i, (p, _, _) in enumerate(_VOCABULARY)))
#: fields that do not reach learners
_AUTHOR_ONLY = frozenset({"author_notes", "sources", "conduct_reviewed"})


def author_wording(text: str) -> Iterator[tuple[str, str, str]]:
    """(wording found, what it is in zh, in en) for each piece of author-only wording in ``text``."""
    for hit in _PATTERN.finditer(text):
        index = int(next(k for k, v in hit.groupdict().items() if v is not None)[1:])
        _, zh, en = _VOCABULARY[index]
        yield hit.group(), zh, en


def check(handbook: Handbook) -> Iterator[Finding]:
    for record in handbook.records():
        for path, text in record.texts:
            if _AUTHOR_ONLY.intersection(p for p in path if isinstance(p, str)):
                continue
            for found, zh, en in author_wording(text):
                params = {"found": found, "what_zh": zh, "what_en": en}
                yield Finding(
                    "editorial.author-note", Severity.WARNING, record.loc(*path), "editorial.author-note", params
                )
