"""Ids inside an entry are unique: anchors (stages and steps, sessions and modules, article numbers) and
any other list of items with ids (a conduct rule's patterns).

A reference such as ``course:basics#concepts`` or ``legal:civil-code#109`` must name one thing; two modules
called ``concepts`` make it ambiguous, and tools that key on the id (the escalation graph, the bundle's
index, a lint finding that names its pattern) silently keep one of the two. The finding sits on the second
occurrence and points at the first.

PASS::

    sessions: [{id: main, modules: [{id: concepts}, {id: process}]}]

FAIL::

    sessions: [{id: main, modules: [{id: concepts}, {id: concepts}]}]   # id.duplicate-anchor
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook, Record
    from ..models.walk import Path_

RULES = (
    RuleInfo(
        "id.duplicate-anchor",
        Severity.ERROR,
        "条目内的阶段、步骤、模块或条号重复",
        "a stage, step, module or article number is used twice in one entry",
    ),
    RuleInfo("id.duplicate-item", Severity.ERROR, "同一列表中的标识重复", "an id is used twice in one list"),
)

define_messages(
    {
        "id.duplicate-anchor": (
            "“{name}”在本{kind_zh}中出现了两次（另一处：{other}）：引用 {ref} 会有歧义，请改用不同的标识",
            "'{name}' is used twice in this {kind} (also at {other}): {ref} would be ambiguous; rename one",
        ),
        "id.duplicate-item": (
            "标识“{name}”在同一列表中出现了两次（另一处：{other}）",
            "id '{name}' is used twice in one list (also at {other})",
        ),
    }
)


def check(handbook: Handbook) -> Iterator[Finding]:
    from ..models import KINDS

    for record in handbook.records():
        spec = KINDS[record.kind]
        anchors = record.anchor_paths()
        params = {"kind": record.kind, "kind_zh": spec.zh}
        for name, path, first in _repeats(anchors):
            ref = f"{spec.prefix}:{record.entry.id}#{name}"
            yield _finding(record, "id.duplicate-anchor", name, path, first, ref=ref, **params)
        covered = {path for _, path in anchors}
        for shape in _id_list_shapes(spec.model):
            for items in _id_lists(record.raw, shape, ()):
                for name, path, first in _repeats([item for item in items if item[1] not in covered]):
                    yield _finding(record, "id.duplicate-item", name, path, first)


def _repeats(named: list[tuple[str, Path_]]) -> Iterator[tuple[str, Path_, Path_]]:
    """(name, path, path of its first use) for every use of a name after the first."""
    first: dict[str, Path_] = {}
    for name, path in named:
        if name in first:
            yield name, path, first[name]
        else:
            first[name] = path


@functools.cache
def _id_list_shapes(model: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    """Where a model holds lists of items with an ``id``, as field paths with ``*`` for "each item".

    Read from the models, so a list added later is checked without a change here; the data is then walked
    along these paths only, not node by node.
    """
    shapes: list[tuple[str, ...]] = []

    def visit(current: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, info in current.model_fields.items():
            key = info.alias or name
            listed = typing.get_origin(info.annotation) is list
            for inner in _models_in(info.annotation):
                if listed and "id" in inner.model_fields:
                    shapes.append((*prefix, key))
                visit(inner, (*prefix, key, "*") if listed else (*prefix, key))

    visit(model, ())
    return tuple(shapes)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _id_lists(data: Any, shape: tuple[str, ...], path: Path_) -> Iterator[list[tuple[str, Path_]]]:
    """The ``id`` values (with their paths) of each list that ``shape`` reaches in ``data``."""
    if not shape:
        if isinstance(data, list):
            yield [
                (item["id"], (*path, i, "id"))
                for i, item in enumerate(data)
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            ]
        return
    step, rest = shape[0], shape[1:]
    if step == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _id_lists(item, rest, (*path, i))
    elif isinstance(data, dict) and step in data:
        yield from _id_lists(data[step], rest, (*path, step))


def _finding(record: Record, rule: str, name: str, path: Path_, first: Path_, **params: Any) -> Finding:
    there = record.loc(*first)
    return Finding(
        rule,
        Severity.ERROR,
        record.loc(*path),
        rule,
        {"name": name, "other": f"{there.file}:{there.line}:{there.col}", **params},
        related=there,
    )
