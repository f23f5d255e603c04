"""Rule ids reported by the loader and the model builder (parse and schema layers).

They are listed here so reporters (SARIF) can describe every rule id in one registry; the checks
themselves run in ``loader.py`` and ``build.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding, Severity
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

_E = Severity.ERROR
RULES = (
    RuleInfo("parse.syntax", _E, "YAML 语法错误", "YAML syntax error"),
    RuleInfo("parse.encoding", _E, "文件不是 UTF-8", "file is not UTF-8"),
    RuleInfo("parse.unreadable", _E, "文件或文件夹无法读取", "file or folder cannot be read"),
    RuleInfo("parse.too-large", _E, "文件过大", "file too large"),
    RuleInfo("parse.empty", _E, "文件为空", "empty file"),
    RuleInfo("parse.control-char", _E, "含控制字符", "control character in file"),
    RuleInfo("parse.line-break", _E, "编辑器不认的换行符（U+2028 等）", "a line break editors do not count (U+2028 …)"),
    RuleInfo("parse.duplicate-key", _E, "重复的键", "duplicate mapping key"),
    RuleInfo("parse.tag", _E, "不允许的 YAML 标签", "YAML tag not allowed"),
    RuleInfo("parse.complex-key", _E, "复杂键", "complex mapping key"),
    RuleInfo("parse.alias-limit", _E, "别名展开过大", "alias expansion too large"),
    RuleInfo("parse.alias-count", _E, "别名过多", "too many aliases"),
    RuleInfo("parse.alias-cycle", _E, "别名循环", "alias cycle"),
    RuleInfo("parse.too-deep", _E, "嵌套过深", "nesting too deep"),
    RuleInfo("parse.symlink-outside", _E, "符号链接指向手册之外", "symbolic link leaves the handbook"),
    RuleInfo(
        "parse.symlink-repeat", _E, "符号链接指向已读过的文件夹或文件", "symbolic link to a folder or file read already"
    ),
    RuleInfo("schema.missing", _E, "缺少必填字段", "missing required field"),
    RuleInfo("schema.extra-key", _E, "未知字段", "unknown field"),
    RuleInfo("schema.yaml11-surprise", _E, "未加引号的值被 YAML 读成非文本", "unquoted value read as non-text"),
    RuleInfo("schema.type", _E, "类型错误", "wrong type"),
    RuleInfo("schema.enum", _E, "取值不在可选范围", "value not among the choices"),
    RuleInfo("schema.id", _E, "标识格式错误", "malformed id"),
    RuleInfo("schema.ref-format", _E, "引用格式错误", "malformed reference"),
    RuleInfo("schema.pattern", _E, "格式错误", "value does not match its pattern"),
    RuleInfo("schema.empty", _E, "不能为空", "must not be empty"),
    RuleInfo("schema.too-long", _E, "过长", "too long"),
    RuleInfo("schema.range", _E, "数值超出范围", "value out of range"),
    RuleInfo("schema.minutes", _E, "时长无效", "invalid minutes"),
    RuleInfo("schema.date", _E, "日期无效", "invalid date"),
    RuleInfo("schema.window-order", _E, "逾期天数范围颠倒", "reversed day window"),
    RuleInfo("schema.contact-window", _E, "联系时段无法识别", "contact window cannot be read"),
    RuleInfo("schema.legal-status-incomplete", _E, "废止状态不完整", "repealed status incomplete"),
    RuleInfo("schema.invalid", _E, "取值无效", "invalid value"),
    RuleInfo("schema.coverage-mapped-or-excluded", _E, "覆盖图章节须映射或排除", "section neither mapped nor excluded"),
    RuleInfo("schema.unknown-kind", _E, "无法判断文件类型（不在类型文件夹中）", "file outside any kind's folder"),
    RuleInfo("schema.meta-missing", _E, "缺少 meta.yaml", "meta.yaml missing"),
    RuleInfo("schema.version", _E, "数据模型主版本不符", "data-model major version mismatch"),
    RuleInfo("limit.entries", _E, "条目过多", "too many entries"),
    RuleInfo("id.duplicate", _E, "标识重复", "duplicate id"),
)


def check(handbook: Handbook) -> Iterator[Finding]:
    """Nothing to do here: the loader and builder already reported these."""
    return iter(())
