"""``handbook export FORMAT --out DIR``: validate the handbook, then write documents in one format.

The format is any key of ``EXPORTER_BY_NAME`` (``docx``, ``pdf``, ``json``). A handbook with error-level findings is
not exported (exit 1): printed handouts and other tools must not get content the validator rejects. Paths
of the files written go to stdout, one per line; findings and notes go to stderr. For ``json``, ``--out``
may name the bundle file itself (``--out out/handbook.json``) instead of a folder. ``pdf`` needs LibreOffice;
without it the exporter stops (exit 2, the install command) before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "校验手册后导出为 Word、PDF 或 JSON，输出写入的文件路径。Validate, then export the handbook."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..export import EXPORTER_BY_NAME

    parser.add_argument("format", choices=sorted(EXPORTER_BY_NAME), help="导出格式")
    parser.add_argument(
        "--out", type=Path, required=True, help="输出目录（只写入此目录）；json 也可直接写文件名，如 out/handbook.json"
    )
    parser.add_argument(
        "--course", action="extend", nargs="+", default=[], metavar="ID", help="只导出这些课程（默认全部）"
    )
    parser.add_argument(
        "--kind",
        action="extend",
        nargs="+",
        default=[],
        metavar="KIND",
        help="文档类型，docx/pdf: handout trainer quickref legal all（默认 all）",
    )
    parser.add_argument(
        "--handbook", type=Path, default=None, help="手册目录（默认：./handbook，或当前目录所在的手册）"
    )


def run(args: argparse.Namespace) -> int:
    from ..export import EXPORTER_BY_NAME, Selection
    from ..export.base import check_selection
    from ..reporters import render_text, visible
    from ..schema.check import check_path
    from ..schema.findings import HandbookError, render_message
    from ..schema.layout import default_handbook

    result = check_path(args.handbook or default_handbook())
    errors = result.errors()
    if errors:
        sys.stderr.write(render_text(errors, args.lang))
        print(f"handbook: {render_message('export.refused', {'count': len(errors)}, args.lang)}", file=sys.stderr)
        return 1
    exporter = EXPORTER_BY_NAME[args.format]()
    selection = Selection(courses=tuple(args.course), kinds=tuple(args.kind))
    check_selection(selection, result.handbook, exporter)
    out: Path = args.out
    if out.exists() and not out.is_dir() and out.suffix != exporter.suffix:
        raise HandbookError("io.cannot-write", "io", path=str(out), reason="not a folder")
    if out.suffix == exporter.suffix and args.format == "json":
        from ..export.json_bundle import bundle_selection, write_bundle

        if out.is_dir():
            raise HandbookError("io.cannot-write", "io", path=str(out), reason="is a folder")
        written = [write_bundle(result.handbook, out, selection=bundle_selection(selection))]
    else:
        written = exporter.export(result.handbook, out, selection=selection)
    if exporter.findings:
        sys.stderr.write(render_text(sorted(exporter.findings, key=lambda f: f.sort_key()), args.lang))
    for path in written:
        print(visible(str(path)))
    return 0
