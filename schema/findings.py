"""Findings: located problems as values, with messages rendered in zh (default) or en at the edge.

Every stage of the pipeline returns findings instead of raising, so one broken file never hides the
problems of the others. A rule never formats text itself: it names a message key and its parameters,
and the catalogue below turns them into Chinese or English when a reporter prints them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Finding",
    "HandbookError",
    "Location",
    "Severity",
    "define_messages",
    "render_message",
]


class Severity(enum.Enum):
    """How bad a finding is; only ``ERROR`` (or ``WARNING`` under ``--strict``) fails a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file, as editors and yamllint count."""

    file: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Finding:
    """One problem found at one place. Sorted by ``(file, line, col, rule)``."""

    rule: str
    severity: Severity
    location: Location
    message_key: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    #: a second place that explains this one (e.g. the first of two duplicate keys)
    related: Location | None = field(default=None, compare=False)

    @property
    def file(self) -> str:
        return self.location.file

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def col(self) -> int:
        return self.location.col

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.col, self.rule)

    def message(self, lang: str = "zh") -> str:
        return render_message(self.message_key, self.params, lang)


class HandbookError(Exception):
    """The tool cannot run at all (bad path, bad option, unwritable output). Exit code 2."""

    def __init__(self, message_key: str, category: str = "usage", **params: Any) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.category = category
        self.params = params

    def message(self, lang: str = "zh") -> str:
        return render_message(self.message_key, self.params, lang)


#: message key -> (zh template, en template); filled by the modules that own the keys
_CATALOGUE: dict[str, tuple[str, str]] = {}


def define_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Register message templates; a key defined twice with different text is a bug."""
    for key, pair in messages.items():
        old = _CATALOGUE.get(key)
        if old is not None and old != pair:
            raise ValueError(f"message key defined twice: {key}")
        _CATALOGUE[key] = pair


def render_message(key: str, params: dict[str, Any], lang: str = "zh") -> str:
    """Fill the template for ``key`` in ``lang``; unknown keys still print something useful."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        return f"{key} {params}" if params else key
    template = pair[0] if lang == "zh" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


define_messages(
    {
        # usage and I/O: the tool cannot run
        "io.not-found": ("找不到路径：{path}", "path not found: {path}"),
        "io.unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
        "io.not-in-handbook": (
            "{path} 不在手册中（它所在的文件夹及其上级都没有 meta.yaml）："
            "请指定手册文件夹，如 handbook validate handbook",
            "{path} is not inside a handbook (no meta.yaml in its folder or above): name the handbook folder, "
            "e.g. handbook validate handbook",
        ),
        "io.no-yaml": (
            "{path} 中没有 YAML 文件（*.yaml / *.yml）",
            "no YAML files (*.yaml / *.yml) under {path}",
        ),
        "io.cannot-write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
        "io.failed": ("无法访问 {path}：{reason}", "cannot access {path}: {reason}"),
        "internal.bug": (
            "内部错误（这是本工具的缺陷，不是您的数据问题）：{error}；详细信息已保存到 {log}",
            "internal error (a bug in this tool, not in your data): {error}; details saved to {log}",
        ),
        "cli.interrupted": ("已中断", "interrupted"),
        "train.needs-sklearn": (
            "重建或核对红线模型需要 scikit-learn：请运行 pip install 'cuishou-handbook[train]'"
            "（validate 与 lint-text 不需要它）",
            "rebuilding or checking the conduct model needs scikit-learn: pip install 'cuishou-handbook[train]' "
            "(validate and lint-text do not)",
        ),
    }
)
