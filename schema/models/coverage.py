"""Coverage map (``handbook/sources.yaml``): each seed's sections, mapped to entries or excluded.

It lets a reviewer go from any section of the source material to the entries that carry it (and,
through every entry's ``sources``, back again), and shows what was left out on purpose and why.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator

from .common import Model, Ref, Text

SeedId = Annotated[str, Strict(), StringConstraints(pattern=r"^\d{3}$")]


class SectionMap(Model):
    """One section of a seed: the entries that carry it, or why it was excluded."""

    # the rule below, for editors and third-party schema checks too: entries or an excluded reason, one of them
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "title": "列出对应条目",
                    "required": ["entries"],
                    "properties": {"entries": {"minItems": 1}, "excluded": {"type": "null"}},
                },
                {
                    "title": "写明排除原因",
                    "required": ["excluded"],
                    "properties": {"entries": {"maxItems": 0}, "excluded": {"type": "string"}},
                },
            ]
        }
    )

    section: Text = Field(title="章节")
    entries: list[Ref] = Field(default_factory=list, title="对应条目", description="如 course:collection-basics-2h")
    excluded: Text | None = Field(default=None, title="排除原因", description="不收录时写明原因")
    note: Text | None = Field(default=None, title="说明")

    @model_validator(mode="after")
    def _mapped_or_excluded(self) -> SectionMap:
        if bool(self.entries) == bool(self.excluded):
            raise ValueError("coverage-mapped-or-excluded")
        return self


class SeedCoverage(Model):
    """One seed document and its sections."""

    seed: SeedId = Field(title="来源编号", description="种子文件编号，如 000")
    file: Text = Field(title="文件名")
    title: Text = Field(title="标题")
    sections: list[SectionMap] = Field(min_length=1, title="章节")


class Coverage(Model):
    """The whole coverage map."""

    seeds: list[SeedCoverage] = Field(min_length=1, title="来源文件")
