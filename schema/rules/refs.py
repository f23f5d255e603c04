"""Reference integrity: every ``kind:id[#anchor]`` names an existing entry of that kind (and anchor).

PASS::

    refs: [legal:civil-code#188]     # civil-code exists and has article 188

FAIL::

    refs: [legal:civil-code#9999]    # ref.anchor: no article 9999
    refs: [procedure:no-such-thing]  # ref.unresolved
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding, Severity, define_messages
from ..models import KIND_BY_PREFIX
from ..models.common import REF_PATTERN
from ..models.handbook import Record
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

_REF = re.compile(REF_PATTERN)

RULES = (
    RuleInfo("ref.unresolved", Severity.ERROR, "引用的条目不存在", "reference to a missing entry"),
    RuleInfo("ref.unknown-kind", Severity.ERROR, "引用的类型前缀未知", "reference with an unknown kind prefix"),
    RuleInfo("ref.anchor", Severity.ERROR, "引用的条文或锚点不存在", "reference to a missing article or anchor"),
)

define_messages(
    {
        "ref.unresolved": ("引用“{ref}”指向的{kind_zh}“{id}”不存在{suggest}", "'{ref}': no {kind} '{id}'{suggest_en}"),
        "ref.anchor": (
            "引用“{ref}”：{kind_zh}“{id}”中没有“{anchor}”（可用：{anchors}）",
            "'{ref}': {kind} '{id}' has no '{anchor}' (available: {anchors})",
        ),
    }
)


def check(handbook: Handbook) -> Iterator[Finding]:
    import difflib

    anchor_cache: dict[tuple[str, str], frozenset[str]] = {}
    for record in handbook.raw_records():
        # an entry that failed its model is checked too; its malformed references are that model's findings
        valid = isinstance(record, Record)
        for path, ref in record.refs:
            if not valid and _REF.fullmatch(ref) is None:
                continue
            prefix, _, rest = ref.partition(":")
            ident, _, anchor = rest.partition("#")
            spec = KIND_BY_PREFIX.get(prefix)
            where = record.loc(*path)
            if spec is None:
                continue  # the Ref pattern knows the prefixes: the model reported it (ref.unknown-kind)
            target = handbook.entries[spec.name].get(ident)
            if target is None and handbook.unknowable(spec.name, ident):
                continue  # the target's own schema error, or its unreadable folder, is reported; do not cascade
            if target is None:
                close = difflib.get_close_matches(ident, list(handbook.entries[spec.name]), n=1)
                yield Finding(
                    "ref.unresolved",
                    Severity.ERROR,
                    where,
                    "ref.unresolved",
                    {
                        "ref": ref,
                        "kind": spec.name,
                        "kind_zh": spec.zh,
                        "id": ident,
                        "suggest": f"，是不是“{spec.prefix}:{close[0]}”？" if close else "",
                        "suggest_en": f" (did you mean '{spec.prefix}:{close[0]}'?)" if close else "",
                    },
                )
                continue
            if not anchor:
                continue
            key = (spec.name, ident)
            if key not in anchor_cache:
                anchor_cache[key] = frozenset(target.anchors())
            if anchor not in anchor_cache[key]:
                shown = sorted(anchor_cache[key])
                yield Finding(
                    "ref.anchor",
                    Severity.ERROR,
                    where,
                    "ref.anchor",
                    {
                        "ref": ref,
                        "kind": spec.name,
                        "kind_zh": spec.zh,
                        "id": ident,
                        "anchor": anchor,
                        "anchors": ", ".join(shown[:12]) + (" …" if len(shown) > 12 else "") or "-",
                    },
                )
