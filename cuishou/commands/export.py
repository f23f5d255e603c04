"""``handbook export json --out FILE``: write the handbook as one JSON bundle for other tools.

Nothing is written when the handbook has error-level findings: consumers should only ever see data that
passed ``handbook validate``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "导出手册（json：供其他系统使用的 JSON 数据包）。Export the handbook."

#: export formats this command knows
FORMATS = ("json",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=FORMATS, help="导出格式")
    parser.add_argument("--out", type=Path, required=True, help="输出文件，如 out/handbook.json")
    parser.add_argument(
        "--handbook", type=Path, default=Path("handbook"), help="手册目录（默认 handbook）handbook folder"
    )


def run(args: argparse.Namespace) -> int:
    from ..export.json_bundle import write_bundle
    from ..reporters import render_text
    from ..schema.check import check_path
    from ..schema.findings import HandbookError

    result = check_path(args.handbook)
    errors = result.errors()
    if errors:
        sys.stderr.write(render_text(errors, args.lang))
        return 1
    out: Path = args.out
    if out.is_dir():
        raise HandbookError("io.cannot-write", "io", path=str(out), reason="is a folder")
    write_bundle(result.handbook, out)
    print(out, file=sys.stderr)
    return 0
