"""``handbook lint-text FILE|-``: the conduct lint on free text, one utterance per line, streamed.

For QA teams checking call transcripts or draft scripts: every line (or every record of a JSON Lines
file) is scanned with the handbook's conduct rules (``handbook/conduct/``), its contact window
(``meta.yaml``) and the shipped statistical model. The input is streamed in batches (memory stays flat
however large it is), findings are written as soon as a batch is done, and ``--jobs`` spreads batches over
processes. Exit 1 if any error-level finding, else 0; 2 if the text, the rules or the model cannot be read.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..schema.conduct_engine import ConductEngine
    from ..schema.models.conduct import ConductRule
    from ..textlines import TextLine

HELP = "对自由文本（每行一句，如通话转写；或 JSON Lines）做红线检查。Conduct lint of free text, streamed."

#: lines per batch: large enough for the model's vectorised scoring, small enough to stream
_BATCH = 2048
_REGISTERS = ("auto", "spoken", "instruction", "descriptive", "rule")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="文本文件（.txt，每行一句；.jsonl 每行一个 JSON 对象），- 表示标准输入")
    parser.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="输出格式：text（文件:行:列）、json（一个文档）、jsonl（每条问题一行，边查边写）",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="输入是 JSON Lines（文件名以 .jsonl/.ndjson 结尾时自动识别） input is JSON Lines",
    )
    parser.add_argument("--text-field", default="text", help="JSON Lines 中文本所在字段（默认 text）")
    parser.add_argument("--id-field", default="id", help="JSON Lines 中记录标识字段，原样带到结果里（默认 id）")
    parser.add_argument(
        "--register",
        choices=_REGISTERS,
        default="auto",
        help="文本语域：auto 逐行判断（默认）；spoken 催收员的话/短信；instruction 培训或操作说明；"
        "descriptive 判决、新闻等叙述；rule 规章条文（不报）",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        default="1",
        metavar="N",
        help="并行进程数（默认 1；auto 表示全部 CPU） processes to use",
    )
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


@dataclass(frozen=True)
class _Setup:
    """What every worker needs to build the same engine and render the same findings."""

    rules: tuple[ConductRule, ...]
    window: str
    use_model: bool
    register: str | None
    lang: str
    fmt: str
    shown: str


def run(args: argparse.Namespace) -> int:
    import gc

    jobs = _jobs(args.jobs)
    # Start-up builds tens of thousands of objects that live as long as the run (the handbook, compiled
    # patterns, the model), and the lint then makes short-lived ones by the million: the collector would
    # walk the first kind at every full collection. It is off while they are built, and they are then
    # frozen (left out of collections) until the run ends; worker processes forked later share them as
    # they are. Nothing else changes: the same engine lints the same lines.
    enabled = gc.isenabled()
    gc.disable()
    try:
        setup = _setup(args)
        _engine(setup.rules, setup.window, setup.use_model)  # built here, so --jobs workers inherit it
    finally:
        if enabled:
            gc.enable()
    gc.collect()
    gc.freeze()
    try:
        return _lint(args, setup, jobs)
    finally:
        gc.unfreeze()


def _lint(args: argparse.Namespace, setup: _Setup, jobs: int) -> int:
    from ..schema.findings import HandbookError

    jsonl = args.jsonl or (args.file != "-" and Path(args.file).suffix.lower() in (".jsonl", ".ndjson"))
    out = sys.stdout
    errors = 0
    collected: list[dict[str, Any]] = []
    with _open(args.file) as stream:
        from ..textlines import read_lines

        lines = read_lines(stream, setup.shown, jsonl=jsonl, text_field=args.text_field, id_field=args.id_field)
        try:
            for rendered, findings, batch_errors in _results(_batches(lines), setup, jobs):
                errors += batch_errors
                if setup.fmt == "json":
                    collected.extend(findings)
                else:
                    out.write(rendered)
                    out.flush()
        except BrokenPipeError:
            # a pager or `head` closed the pipe: stop quietly, as Unix tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1 if errors else 0
    if setup.fmt == "json":
        from ..reporters import dumps

        out.write(dumps({"findings": collected}))
    del HandbookError
    return 1 if errors else 0


def _jobs(value: str) -> int:
    from ..schema.findings import HandbookError

    if value == "auto":
        return max(1, os.cpu_count() or 1)
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise HandbookError("lint.jobs", "usage", value=value)


def _setup(args: argparse.Namespace) -> _Setup:
    """Load the conduct rules (a handbook with broken rules is refused: they would silently lint less)."""
    from ..schema.check import load_handbook
    from ..schema.findings import HandbookError, Severity
    from ..schema.layout import META_FILE, default_handbook, sample_root
    from ..schema.models.conduct import ConductRule

    root = args.handbook or default_handbook()
    if args.handbook is None and not (root / META_FILE).is_file():
        root = sample_root()
    handbook, findings = load_handbook(root)
    rule_files = {str(r.file.display) for r in handbook.records("conduct_rule")}
    broken = [
        f
        for f in findings
        if f.severity is Severity.ERROR
        and (f.file in rule_files or "/conduct/" in f.file.replace("\\", "/") or f.file.endswith(META_FILE))
    ]
    if broken:
        first = broken[0]
        raise HandbookError(
            "lint.rules-broken",
            "usage",
            path=f"{first.file}:{first.line}:{first.col}",
            message=first.message(args.lang),
            count=len(broken),
        )
    rules = tuple(r.entry for r in handbook.records("conduct_rule") if isinstance(r.entry, ConductRule))
    if not rules:
        raise HandbookError("lint.no-rules", "usage", path=str(root))
    meta = handbook.meta
    use_model = not args.no_model and (meta.conduct_model if meta is not None else True)
    window = meta.contact_window if meta is not None else "08:00-22:00"
    if use_model:
        _engine(rules, window, True)  # a missing or corrupt model file fails here, before any output
    register = None if args.register == "auto" else args.register
    shown = "<stdin>" if args.file == "-" else args.file
    return _Setup(rules, window, use_model, register, args.lang, args.format, shown)


def _open(name: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    from ..schema.findings import HandbookError

    if name == "-":
        # Python sets sys.stdin to None when the process starts with descriptor 0 closed (``<&-``)
        stdin = sys.stdin
        stream = getattr(stdin, "buffer", None) if stdin is not None and not stdin.closed else None
        if stream is None:
            raise HandbookError("lint.no-input", "io")
        return contextlib.nullcontext(stream)  # standard input is not ours to close
    path = Path(name)
    if not path.is_file():
        raise HandbookError("io.not-found", "io", path=name)
    return path.open("rb")


def _batches(lines: Iterable[TextLine]) -> Iterator[list[TextLine]]:
    batch: list[TextLine] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


Result = tuple[str, list[dict[str, Any]], int]


def _results(batches: Iterator[list[TextLine]], setup: _Setup, jobs: int) -> Iterator[Result]:
    """Each batch's rendered findings, in input order; at most ``2 × jobs`` batches in flight."""
    if jobs == 1:
        _init(setup)
        for batch in batches:
            yield _lint_batch(batch)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(setup,)) as pool:
        pending: deque[Future[Result]] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(_lint_batch, batch))
                if len(pending) >= 2 * jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


_WORKER: dict[str, Any] = {}
#: the engine last built, with what it was built from: ``_setup`` builds it (to fail early on a bad model),
#: and ``_init`` reuses it, in this process and in workers forked from it (building one is most of start-up)
_BUILT: list[tuple[tuple[ConductRule, ...], str, bool, ConductEngine]] = []


def _engine(rules: tuple[ConductRule, ...], window: str, use_model: bool) -> ConductEngine:
    from ..schema.conduct_engine import ConductEngine

    for built_rules, built_window, built_model, engine in _BUILT:
        if built_rules is rules and built_window == window and built_model == use_model:
            return engine
    model = None
    if use_model:
        from ..schema.rules.conduct import load_shipped_model

        model = load_shipped_model()
    engine = ConductEngine(rules, window, model)
    _BUILT[:] = [(rules, window, use_model, engine)]
    return engine


def _init(setup: _Setup) -> None:
    _WORKER["setup"] = setup
    _WORKER["engine"] = _engine(setup.rules, setup.window, setup.use_model)
    _WORKER["rules"] = {r.id: r for r in setup.rules}


def _lint_batch(batch: list[TextLine]) -> Result:
    from ..reporters import dumps, render_text
    from ..schema.findings import Finding, Location, Severity
    from ..schema.rules.conduct import violation

    setup: _Setup = _WORKER["setup"]
    engine: ConductEngine = _WORKER["engine"]
    rules = _WORKER["rules"]
    texts = [line.text for line in batch]
    all_hits = engine.scan_many(texts, [setup.register] * len(texts))
    findings: list[Finding] = []
    records: list[dict[str, Any]] = []
    # text output renders the findings themselves: JSON records (a message each) are made only for JSON
    keep_records = setup.fmt != "text"
    for line, hits in zip(batch, all_hits, strict=True):
        if line.truncated:
            finding = Finding(
                "lint.line-too-long",
                Severity.WARNING,
                Location(setup.shown, line.number, 1),
                "lint.line-too-long",
                {"limit": 64},
            )
            findings.append(finding)
            if keep_records:
                records.append(_record(finding, None, line, setup))
        for hit in hits:
            where = Location(setup.shown, line.number, hit.start + 1)
            finding = violation(hit, line.text, where, rules.get(hit.rule), "conduct.violation-text")
            findings.append(finding)
            if keep_records:
                records.append(_record(finding, hit, line, setup))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if setup.fmt == "text":
        return render_text(findings, setup.lang), [], errors
    if setup.fmt == "jsonl":
        return "".join(dumps(r, indent=None) for r in records), [], errors
    return "", records, errors


def _record(finding: Any, hit: Any, line: TextLine, setup: _Setup) -> dict[str, Any]:
    record: dict[str, Any] = {
        "file": setup.shown,
        "line": finding.line,
        "col": finding.col,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message(setup.lang),
    }
    if line.id is not None:
        record["id"] = line.id
    if hit is not None:
        # which part of the lint spoke: a named pattern of the rule, or the model (with its margin)
        record["source"] = "model" if hit.from_model else "pattern"
        record["pattern"] = None if hit.from_model else hit.pattern
        record["confidence"] = None if hit.confidence is None else round(hit.confidence, 3)
        record["register"] = hit.register
    return record
