"""``handbook export FORMAT --out DIR``: validate the handbook, then write documents in one format.

The format is any key of ``EXPORTER_BY_NAME`` (``docx`` …). A handbook with error-level findings is not
exported (exit 1): printed handouts must not carry content the validator rejects. Paths of the files
written go to stdout, one per line; findings and notes go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "校验手册后导出为 Word 等格式，输出写入的文件路径。Validate, then export the handbook."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..export import EXPORTER_BY_NAME

    parser.add_argument("format", choices=sorted(EXPORTER_BY_NAME), help="导出格式")
    parser.add_argument("--out", type=Path, required=True, help="输出目录（只写入此目录）")
    parser.add_argument(
        "--course", action="extend", nargs="+", default=[], metavar="ID", help="只导出这些课程（默认全部）"
    )
    parser.add_argument(
        "--kind",
        action="extend",
        nargs="+",
        default=[],
        metavar="KIND",
        help="文档类型，docx: handout trainer quickref legal all（默认 all）",
    )
    parser.add_argument("--handbook", type=Path, default=Path("handbook"), help="手册目录（默认 handbook）")


def run(args: argparse.Namespace) -> int:
    from ..export import EXPORTER_BY_NAME, Selection
    from ..reporters import render_text
    from ..schema.check import check_path
    from ..schema.findings import render_message

    result = check_path(args.handbook)
    errors = result.errors()
    if errors:
        sys.stderr.write(render_text(errors, args.lang))
        print(f"handbook: {render_message('export.refused', {'count': len(errors)}, args.lang)}", file=sys.stderr)
        return 1
    exporter = EXPORTER_BY_NAME[args.format]()
    selection = Selection(courses=tuple(args.course), kinds=tuple(args.kind))
    written = exporter.export(result.handbook, args.out, selection=selection)
    if exporter.findings:
        sys.stderr.write(render_text(sorted(exporter.findings, key=lambda f: f.sort_key()), args.lang))
    for path in written:
        print(path)
    return 0
