"""``handbook validate [PATH]``: check the handbook and print located findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "校验手册（默认 handbook/），输出 文件:行:列 定位的问题。Validate the handbook."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..options import add_limit_arguments
    from ..reporters import REPORTER_BY_NAME

    parser.add_argument(
        "path", nargs="*", type=Path, help="手册目录或其中的文件（默认：./handbook，或当前目录所在的手册）"
    )
    parser.add_argument(
        "--format",
        choices=sorted(REPORTER_BY_NAME),
        default=None,
        help="输出格式（默认 text；设置了 GITHUB_ACTIONS 时为 github）",
    )
    parser.add_argument("--strict", action="store_true", help="警告也视为失败（退出码 1）")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--quiet", "-q", action="store_true", help="不输出汇总行")
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from ..options import limits_from
    from ..reporters import REPORTER_BY_NAME, default_format, summary_line, use_color
    from ..schema.check import check_path
    from ..schema.findings import Finding
    from ..schema.layout import default_handbook

    limits = limits_from(args)
    findings = []
    files = 0
    for path in args.path or [default_handbook()]:
        result = check_path(path, limits)
        findings.extend(result.findings)
        files += len(result.handbook.files)
    # several paths in one handbook (a pre-commit file list) would repeat handbook-wide findings
    # (Finding equality ignores params, so key on the rendered message: two missing fields at one place
    # are two findings)
    seen: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        seen.setdefault((*finding.sort_key(), finding.message_key, repr(finding.params)), finding)
    unique = sorted(seen.values(), key=lambda f: f.sort_key())
    fmt = default_format(args.format)
    reporter = REPORTER_BY_NAME[fmt]
    sys.stdout.write(reporter(unique, args.lang, use_color(args.color, sys.stdout)))
    if fmt in ("text", "github") and not args.quiet:
        print(summary_line(unique, files, args.lang), file=sys.stderr)
    severities = {"error"} | ({"warning"} if args.strict else set())
    return 1 if any(f.severity.value in severities for f in unique) else 0
