"""Scaffold a new entry file: the schema modeline, the id, and every required field as a commented placeholder.

The placeholders are read from the kind's JSON Schema (the same one the editor uses), so a field that
becomes required in a model shows up here without further code. Each placeholder line is commented out
and has an empty value: an author removes the leading ``# `` and fills the value; a line uncommented but
left empty is a located "expected text, got null" error, never a silent placeholder in the handbook.
"""

from __future__ import annotations

from typing import Any

from .json_schema import kind_schema
from .models import KINDS

__all__ = ["render_scaffold"]

#: what to tell authors about a value, by JSON Schema ``format``/``type``
_TYPE_HINTS = {"date": '日期，加引号写成 "YYYY-MM-DD"', "integer": "整数", "boolean": "true 或 false"}


def render_scaffold(kind: str, entry_id: str, modeline: str) -> str:
    """The text of a new ``kind`` file for ``entry_id``, starting with ``modeline``."""
    spec = KINDS[kind]
    schema = kind_schema(kind)
    defs: dict[str, Any] = schema["$defs"]
    model = defs[spec.model.__name__]
    lines = [
        modeline,
        f"# 新的{spec.zh}（{kind}）。去掉 id 之后各行开头的“# ”并填写每个必填字段，然后运行 handbook validate；",
        '# 可选字段见编辑器补全（yaml-language-server）。时间、编号等请加引号，如 "21:00"、"000"。',
        f"id: {entry_id}",
    ]
    for name in model.get("required", []):
        if name != "id":
            lines.extend(_field(name, model["properties"][name], defs, ""))
    return "\n".join(lines) + "\n"


def _deref(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and drop the ``null`` branch of an optional value."""
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    branches = [b for b in node.get("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        return _deref(branches[0], defs)
    return node


def _field(name: str, prop: dict[str, Any], defs: dict[str, Any], indent: str) -> list[str]:
    node = _deref(prop, defs)
    head = f"# {indent}{name}:  # {_hint(prop, node)}"
    if "properties" in node:
        return [head, *_required_fields(node, defs, indent + "  ")]
    if node.get("type") == "array":
        lines = [head]
        for _ in range(max(1, node.get("minItems", 1))):
            lines.extend(_item(node.get("items", {}), defs, indent + "  ", _title(prop, node)))
        return lines
    return [head]


def _required_fields(node: dict[str, Any], defs: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for name in node.get("required", []):
        lines.extend(_field(name, node["properties"][name], defs, indent))
    return lines


def _item(prop: dict[str, Any], defs: dict[str, Any], indent: str, of: str) -> list[str]:
    """One item of the list ``of``: ``- `` replaces the indent of the item's first line (compact nested form)."""
    node = _deref(prop, defs)
    prop = {"title": f"{of}（一项）", **prop}
    if "properties" in node:
        inner = _required_fields(node, defs, indent + "  ")
    elif node.get("type") == "array":
        inner = _item(node.get("items", {}), defs, indent + "  ", _title(prop, node))
    else:
        return [f"# {indent}-  # {_hint(prop, node)}"]
    if not inner:
        return [f"# {indent}- {{}}  # {_hint(prop, node)}"]
    first = inner[0]
    return [f"# {indent}- {first[len('# ' + indent + '  ') :]}", *inner[1:]]


def _title(prop: dict[str, Any], node: dict[str, Any]) -> str:
    return str(prop.get("title") or node.get("title") or "值")


def _hint(prop: dict[str, Any], node: dict[str, Any]) -> str:
    """Title, description and the allowed values of a field, for the comment beside its placeholder."""
    text = _title(prop, node)
    description = prop.get("description") or node.get("description")
    if description:
        text += f"：{description}"
    extra = ""
    if "enum" in node:
        extra = "可选：" + "、".join(str(v) for v in node["enum"])
    elif "const" in node:
        extra = f"固定为 {node['const']}"
    elif node.get("format") in _TYPE_HINTS:
        extra = _TYPE_HINTS[node["format"]]
    elif node.get("type") in _TYPE_HINTS:
        bounds = [str(node[k]) for k in ("minimum", "maximum") if k in node]
        extra = _TYPE_HINTS[node["type"]] + (" " + "–".join(bounds) if len(bounds) == 2 else "")
    elif node.get("type") == "array" and node.get("minItems", 0) > 0 and not description:
        extra = f"至少 {node['minItems']} 项"
    return f"{text}；{extra}" if extra else text
