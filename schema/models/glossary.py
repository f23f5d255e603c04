"""Glossary term (术语)."""

from __future__ import annotations

from pydantic import Field

from .common import Entry, Ref, Text, TextList


class Term(Entry):
    """A term with its definition; ``title`` is the term itself."""

    aliases: TextList = Field(default_factory=list, title="别名")
    definition: Text = Field(title="释义")
    refs: list[Ref] = Field(default_factory=list, title="引用")
