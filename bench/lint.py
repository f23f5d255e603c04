"""Benchmark of ``handbook lint-text``: lines per second against a floor, and memory against a one-line file.

``python -m bench.lint`` writes a transcript of varied lines (sentences of the conduct corpus, each made
unique, so no cache helps) and measures, in this one run:

- the **floor**: reading the same file as a stream and normalising every line, which any lint must do;
- ``lint-text`` as a command: patterns only, patterns + model, and patterns + model on all cores;
- peak memory of ``lint-text`` on a 150 MB transcript against the same command on a one-line file.

It prints medians and ratios and writes ``bench/lint-results.md``. Ratios to the floor measured in the same
run are what compare across machines; lines per second alone are not.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "lint-results.md"

_RSS = (
    "import resource, sys\n"
    "from cuishou.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def corpus_lines() -> list[str]:
    from cuishou.schema.conduct_corpus import read_corpus_dir

    base = ROOT / "corpus" / "conduct"
    folders = [base / "synthetic" / "train", base / "synthetic" / "heldout"]
    folders += [base / "real" / split for split in ("train", "dev", "heldout")]
    return [line.text for folder in folders for line in read_corpus_dir(folder)]


def write_transcript(path: Path, lines: int, source: list[str], *, distinct: bool = True) -> int:
    """``lines`` corpus sentences, each with a unique call number appended (so nothing is memoised)."""
    rng = random.Random(20261202)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(lines):
            text = rng.choice(source)
            out.write(f"{text}（{i if distinct else i % 5000}）\n")
    return path.stat().st_size


def floor(path: Path) -> None:
    """Read and normalise the file the way lint-text does, and nothing else."""
    from cuishou.commands.lint_text import _BATCH
    from cuishou.schema.conduct_features import normalise_many
    from cuishou.textlines import read_lines

    batch: list[str] = []
    with path.open("rb") as stream:
        for line in read_lines(stream, str(path)):
            batch.append(line.text)
            if len(batch) >= _BATCH:
                normalise_many(batch)
                batch = []
    normalise_many(batch)


def handbook_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("handbook")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cuishou"]


def lint_command(path: Path, *extra: str) -> None:
    done = subprocess.run(
        [*handbook_cmd(), "lint-text", str(path), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode("utf-8", "replace"))


def peak_rss_mib(path: Path, *extra: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _RSS, "lint-text", str(path), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def timed(fn: object, repeats: int) -> float:
    values = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lint", description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000, help="lines in the speed transcript")
    parser.add_argument("--big-mb", type=int, default=150, help="size of the memory transcript (MB)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-report", action="store_true", help="print only; do not write lint-results.md")
    args = parser.parse_args(argv)
    source = corpus_lines()
    jobs = str(os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as tmp:
        speed = Path(tmp) / "speed.txt"
        write_transcript(speed, args.lines, source)
        rows: list[tuple[str, float]] = []
        rows.append(("floor: read + normalise", timed(lambda: floor(speed), args.repeats)))
        rows.append(("lint-text --no-model", timed(lambda: lint_command(speed, "--no-model"), args.repeats)))
        rows.append(("lint-text (patterns + model)", timed(lambda: lint_command(speed), args.repeats)))
        rows.append((f"lint-text --jobs {jobs}", timed(lambda: lint_command(speed, "--jobs", jobs), args.repeats)))
        one = Path(tmp) / "one.txt"
        one.write_text(source[0] + "\n", encoding="utf-8")
        big = Path(tmp) / "big.txt"
        lines_big = args.big_mb * 1_000_000 // 80
        size = write_transcript(big, lines_big, source, distinct=False)
        memory = [
            ("one-line file", peak_rss_mib(one)),
            (f"{size / 1e6:.0f} MB file", peak_rss_mib(big)),
            (f"{size / 1e6:.0f} MB file, --jobs {jobs} (parent only)", peak_rss_mib(big, "--jobs", jobs)),
        ]
    report = render(rows, memory, args.lines)
    print(report)
    if not args.no_report:
        RESULTS.write_text(report, encoding="utf-8")
    return 0


def render(rows: list[tuple[str, float]], memory: list[tuple[str, float]], lines: int) -> str:
    floor_seconds = rows[0][1]
    out = [
        "# lint-text benchmark",
        "",
        f"`python -m bench.lint` on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}: "
        f"{lines:,} transcript lines (corpus sentences, each made unique). Commands include process start-up "
        "and loading the rules and the model.",
        "",
        "| what | seconds (median) | lines per second | time / floor |",
        "|---|---|---|---|",
    ]
    for name, seconds in rows:
        out.append(f"| {name} | {seconds:.2f} | {lines / seconds:,.0f} | {seconds / floor_seconds:.2f} |")
    base = memory[0][1]
    out += ["", "| peak memory of lint-text | MiB | more than the one-line file |", "|---|---|---|"]
    for name, mib in memory:
        out.append(f"| {name} | {mib:.0f} | {mib - base:+.0f} MiB |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
