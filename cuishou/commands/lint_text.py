"""``handbook lint-text FILE|-``: the conduct lint on free text, one utterance per line.

For QA teams checking call transcripts or draft scripts: every line is scanned with the handbook's
conduct rules (``handbook/conduct/``) and contact window (``meta.yaml``). Exit 1 if any error-level
finding, else 0; 2 if the text or the rules cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "对自由文本（每行一句，如通话转写）做红线检查。Conduct lint of free text, one utterance per line."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="文本文件，- 表示标准输入 (text file, or - for stdin)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    parser.add_argument(
        "--handbook",
        type=Path,
        default=None,
        help="读取红线规则的手册目录（默认：当前目录所在的手册，没有则用随工具安装的示例手册）"
        " handbook folder holding the conduct rules",
    )
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="只用红线规则中的模式，不用统计模型（结果可逐字解释，但漏检更多） patterns only, no statistical model",
    )


def run(args: argparse.Namespace) -> int:
    from ..schema.check import load_handbook
    from ..schema.conduct_engine import Hit
    from ..schema.findings import Finding, HandbookError, Location
    from ..schema.layout import META_FILE, default_handbook, sample_root
    from ..schema.rules.conduct import engine_for, violation

    root = args.handbook or default_handbook()
    if args.handbook is None and not (root / META_FILE).is_file():
        root = sample_root()
    handbook, _ = load_handbook(root)
    if not any(True for _ in handbook.records("conduct_rule")):
        raise HandbookError("lint.no-rules", "usage", path=str(root))
    text = _read(args.file)
    engine = engine_for(handbook, model=False if args.no_model else None)
    rules = {r.entry.id: r.entry for r in handbook.records("conduct_rule")}
    shown = "<stdin>" if args.file == "-" else args.file
    found: list[tuple[Finding, Hit]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for hit in engine.scan(line):
            where = Location(shown, number, hit.start + 1)
            found.append((violation(hit, line, where, rules.get(hit.rule), "conduct.violation-text"), hit))
    found.sort(key=lambda pair: pair[0].sort_key())
    findings = [f for f, _ in found]
    if args.format == "json":
        payload = {
            "findings": [
                {
                    "line": f.line,
                    "col": f.col,
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "message": f.message(args.lang),
                    # which part of the lint spoke: a named pattern of the rule, or the model (with its confidence)
                    "source": "model" if hit.from_model else "pattern",
                    "pattern": None if hit.from_model else hit.pattern,
                    "confidence": None if hit.confidence is None else round(hit.confidence, 3),
                }
                for f, hit in found
            ]
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        from ..reporters import render_text

        sys.stdout.write(render_text(findings, args.lang))
    return 1 if any(f.severity.value == "error" for f in findings) else 0


def _read(name: str) -> str:
    from ..schema.findings import HandbookError

    if name == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    else:
        path = Path(name)
        if not path.is_file():
            raise HandbookError("io.not-found", "io", path=name)
        data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HandbookError("lint.encoding", "io", path=name, byte=exc.start) from exc
