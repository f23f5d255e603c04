"""Command-line options shared by subcommands that read a handbook (limits on hostile input)."""

from __future__ import annotations

import argparse

from .schema.loader import Limits

__all__ = ["add_limit_arguments", "limits_from"]

_LIMIT_OPTIONS = (
    ("--max-file-bytes", "max_file_bytes", "单个文件的最大字节数"),
    ("--max-depth", "max_depth", "最大嵌套层级"),
    ("--max-aliases", "max_aliases", "单个文件中别名（*引用）的最大数量"),
    ("--max-nodes", "max_nodes", "别名展开后的最大节点数"),
    ("--max-entries", "max_entries", "整个手册的最大条目数"),
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数 not an integer: {text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"须为正整数 must be positive: {text}")
    return value


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("限制 limits", "防止异常输入拖垮工具；默认值见 README")
    defaults = Limits()
    for flag, field, help_text in _LIMIT_OPTIONS:
        group.add_argument(
            flag,
            dest=field,
            type=_positive,
            default=getattr(defaults, field),
            metavar="N",
            help=f"{help_text}（默认 {getattr(defaults, field)}）",
        )


def limits_from(args: argparse.Namespace) -> Limits:
    return Limits(**{field: getattr(args, field) for _, field, _ in _LIMIT_OPTIONS})
