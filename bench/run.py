"""The benchmark: validate and export against the parser floor and against peer tools, as ratios.

``python -m bench.run`` generates synthetic handbooks (S ≈ 200, M ≈ 2 000, L ≈ 20 000 entries), measures
each contender several times in this one run and prints medians and ratios, then writes
``bench/results.md``. Ratios against a baseline measured in the same run are what we compare across
machines; seconds alone are not. Peers that are not installed are reported as skipped
(``pip install -e '.[test]'`` installs them all).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"S": 200, "M": 2_000, "L": 20_000}
#: kind folder -> JSON Schema file written by ``handbook schema``
_JSON_SCHEMA_DIR = ROOT / "schema" / "json"


@dataclass
class Measure:
    """Median seconds (or other unit) of one contender at one size, or why it was skipped."""

    name: str
    size: str
    values: list[float] = field(default_factory=list)
    skipped: str = ""
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")


def _time(fn: Callable[[], object], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def floor(root: Path) -> None:
    """PyYAML's C loader on the same files: the least any YAML-based validator can cost."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in _files(root):
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def validate_in_process(root: Path) -> None:
    from cuishou.schema.check import check_path

    result = check_path(root)
    errors = result.errors()
    if errors:
        raise SystemExit(f"synthetic handbook does not validate: {errors[:3]}")


def _handbook_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("handbook")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cuishou"]


def validate_command(root: Path) -> None:
    subprocess.run([*_handbook_cmd(), "validate", str(root), "-q"], check=True, stdout=subprocess.DEVNULL)


def check_jsonschema(root: Path) -> None:
    exe = Path(sys.executable).with_name("check-jsonschema")
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        schema = _json_schema_for(folder.name)
        files = [str(p) for p in sorted(folder.glob("*.yaml"))]
        subprocess.run([str(exe), "--schemafile", str(schema), *files], check=True, stdout=subprocess.DEVNULL)


def _json_schema_for(folder: str) -> Path:
    from cuishou.schema.models import KIND_BY_FOLDER

    kind = KIND_BY_FOLDER[folder].name
    for candidate in (_JSON_SCHEMA_DIR / f"{kind}.schema.json", _JSON_SCHEMA_DIR / f"{folder}.schema.json"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no JSON Schema for {folder} in {_JSON_SCHEMA_DIR}")


def yamale_validate(root: Path) -> None:
    import yamale  # type: ignore[import-untyped]

    # yamale opens files without an encoding; our runs turn EncodingWarning into an error
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EncodingWarning)
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            schema = yamale.make_schema(str(ROOT / "bench" / "yamale" / f"{folder.name}.yaml"), parser="PyYAML")
            data = []
            for path in sorted(folder.glob("*.yaml")):
                data.extend(yamale.make_data(str(path), parser="PyYAML"))
            yamale.validate(schema, data)


def _load(root: Path):  # type: ignore[no-untyped-def]
    from cuishou.schema.check import check_path

    return check_path(root).handbook


def docx_export(handbook: Any, out: Path) -> int:
    """Export the trainee handout of every course (what the pandoc peer converts); returns the count.

    The handbook is loaded before timing starts, as pandoc's Markdown input is written before its timing.
    """
    exporters = importlib.import_module("cuishou.export")
    exporter = exporters.EXPORTER_BY_NAME["docx"]()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    base = importlib.import_module("cuishou.export.base")
    exporter.export(handbook, out, selection=base.Selection(kinds=("handout",)))
    return len(handbook.entries["course"])


def _markdown_for_courses(root: Path, out: Path) -> list[Path]:
    """The same course content as Markdown, for pandoc to convert: the peer's fair input."""
    handbook = _load(root)
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for record in handbook.records("course"):
        course = record.entry
        lines = [f"# {course.title}", "", f"对象：{course.audience}", "", "## 课程目标", ""]
        lines += [f"- {o}" for o in course.objectives]
        lines += ["", "## 课程安排", "", "| 课次 | 模块 | 分钟 |", "|---|---|---|"]
        for session in course.sessions:
            for module in session.modules:
                lines.append(f"| {session.title} | {module.title} | {module.minutes} |")
        for session in course.sessions:
            for module in session.modules:
                lines += ["", f"## {module.title}", ""] + [f"- {t}" for t in module.topics]
                for ref in module.refs:
                    target = handbook.resolve(ref)
                    if target is not None and target.kind == "script":
                        lines += ["", f"### {target.entry.title}", ""]
                        lines += [f"**{t.speaker}**：{t.text}" + "\n" for t in target.entry.turns]
        path = out / f"{course.id}.md"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def pandoc_export(markdown: list[Path], out: Path) -> None:
    import pypandoc  # type: ignore[import-untyped]

    out.mkdir(parents=True, exist_ok=True)
    for path in markdown:
        pypandoc.convert_file(str(path), "docx", outputfile=str(out / f"{path.stem}.docx"))


def peak_rss_mib(code: str) -> float:
    """Peak resident memory of a fresh interpreter running ``code``.

    Read from ``VmHWM`` in /proc: ``ru_maxrss`` survives ``execve`` on Linux, so a child forked from this
    (large) benchmark process would report the parent's peak instead of its own.
    """
    script = (
        f"{code}\nimport resource, pathlib\nstatus = pathlib.Path('/proc/self/status')\n"
        "lines = status.read_text(encoding='utf-8').splitlines() if status.exists() else []\n"
        "hwm = [l for l in lines if l.startswith('VmHWM')]\n"
        "print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )
    return int(proc.stdout.strip().splitlines()[-1]) / 1024


def shipped_command(*args: str) -> Callable[[], object]:
    """A ``handbook`` command on the shipped handbook, as an admin runs it: a whole process, files written."""

    def run_it() -> None:
        subprocess.run(
            [*_handbook_cmd(), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )

    return run_it


def shipped_document_count() -> int:
    """How many documents ``export --kind all`` writes for the shipped handbook (per document PDF times)."""
    return 2 * len(_load(ROOT / "handbook").entries["course"]) + 2


def help_seconds(repeats: int) -> list[float]:
    return _time(lambda: subprocess.run([*_handbook_cmd(), "--help"], check=True, stdout=subprocess.DEVNULL), repeats)


def _corpus_lines() -> list[str]:
    """Every labelled line of corpus/conduct, as a QA team's transcript would be (``bench.lint`` goes further)."""
    from bench.lint import corpus_lines

    return corpus_lines()


def _conduct_rules() -> list[Any]:
    return [r.entry for r in _load(ROOT / "handbook").records("conduct_rule")]


def lint_lines(rules: list[Any], lines: list[str], model: bool) -> None:
    """The conduct lint on free text: a fresh engine (its memo empty) over every line."""
    from cuishou.schema.conduct_engine import ConductEngine
    from cuishou.schema.conduct_model import load_model

    engine = ConductEngine(rules, model=load_model() if model else None)
    engine.scan_many(lines)


def model_load() -> None:
    """Reading and preparing the shipped model, as each ``lint-text`` or ``validate`` process does once."""
    from cuishou.schema.conduct_model import MODEL_PATH, parse

    parse(MODEL_PATH.read_text(encoding="utf-8"))


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def site_export(handbook: Any, out: Path, search: bool) -> None:
    """Build the website of a validated handbook (``handbook export html`` after its validation step)."""
    site = importlib.import_module("cuishou.export.html_site")
    base = importlib.import_module("cuishou.export.base")
    if out.exists():
        shutil.rmtree(out)
    site.HtmlSiteExporter(search=search).export(handbook, out, selection=base.Selection())


def run(sizes: list[str], repeats: int, workdir: Path, report: Path | None, *, pdf: bool = True) -> dict[str, Measure]:
    results: dict[str, Measure] = {}
    results["load-start@-"] = Measure("load-start", "-", values=_load_average(), unit="")

    def record(name: str, size: str, fn: Callable[[], object] | None, skipped: str = "", n: int = repeats) -> None:
        m = Measure(name, size)
        if fn is None:
            m.skipped = skipped
        else:
            fn()  # warm-up: imports and file cache, so the medians compare steady states
            m.values = _time(fn, n)
        results[f"{name}@{size}"] = m
        shown = f"{m.median:8.3f} s" if m.values else f"skipped ({m.skipped})"
        print(f"  {name:<22} {size}  {shown}", flush=True)

    has_jsonschema = shutil.which("check-jsonschema") or Path(sys.executable).with_name("check-jsonschema").exists()
    schemas_ok = _JSON_SCHEMA_DIR.is_dir() and any(_JSON_SCHEMA_DIR.glob("*.schema.json"))
    for size in sizes:
        root = generate(SIZES[size], workdir / f"hb-{size}")
        print(f"size {size}: {len(_files(root))} files", flush=True)
        record("floor", size, partial(floor, root))
        record("validate", size, partial(validate_in_process, root))
        record("validate-command", size, partial(validate_command, root))
        if has_jsonschema and schemas_ok:
            record("check-jsonschema", size, partial(check_jsonschema, root), n=max(1, repeats // 2))
        else:
            record("check-jsonschema", size, None, "check-jsonschema or schema/json missing")
        if _has("yamale"):
            record("yamale", size, partial(yamale_validate, root), n=max(1, repeats // 2))
        else:
            record("yamale", size, None, "yamale not installed")
        if size != "L":
            exporters_ok = _has("docx")
            try:
                exporters = importlib.import_module("cuishou.export")
                exporters_ok = exporters_ok and "docx" in getattr(exporters, "EXPORTER_BY_NAME", {})
            except ImportError:
                exporters_ok = False
            if exporters_ok:
                record("docx-export", size, partial(docx_export, _load(root), workdir / f"docx-{size}"))
            else:
                record("docx-export", size, None, "docx exporter not available")
            if _has("pypandoc"):
                md = _markdown_for_courses(root, workdir / f"md-{size}")
                record("pandoc-export", size, partial(pandoc_export, md, workdir / f"pandoc-{size}"))
            else:
                record("pandoc-export", size, None, "pypandoc-binary not installed")
    shipped = ROOT / "handbook"
    print("shipped handbook: the website against validate (interleaved rounds)", flush=True)
    contenders: dict[str, Callable[[], object]] = {"validate": partial(validate_in_process, shipped)}
    if _has("jinja2"):
        handbook = _load(shipped)
        contenders["site"] = partial(site_export, handbook, workdir / "site-plain", False)
        if _has("pagefind_bin_extended"):
            contenders["site+search"] = partial(site_export, handbook, workdir / "site-search", True)
        else:
            record("site+search", "shipped", None, "pagefind[extended] not installed")
    else:
        record("site", "shipped", None, "Jinja2 not installed")
    # one round runs each contender once, so a machine that gets busier or quieter during the run
    # shifts all of them alike and the ratios hold
    for fn in contenders.values():
        fn()  # warm-up
    rounds: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(max(repeats, 5)):
        for name, fn in contenders.items():
            rounds[name] += _time(fn, 1)
    for name, values in rounds.items():
        results[f"{name}@shipped"] = Measure(name, "shipped", values)
        print(f"  {name:<22} shipped  {statistics.median(values):8.3f} s", flush=True)
    lines = _corpus_lines()
    print(f"conduct lint: {len(lines)} lines", flush=True)
    rules = _conduct_rules()
    record("lint-patterns", "-", partial(lint_lines, rules, lines, False))
    record("lint-patterns+model", "-", partial(lint_lines, rules, lines, True))
    record("model-load", "-", model_load)
    top = sizes[-1]
    mem = Measure("peak-rss-validate", top, unit="MiB")
    mem_floor = Measure("peak-rss-floor", top, unit="MiB")
    hb = workdir / f"hb-{top}"
    mem.values = [
        peak_rss_mib(
            f"from pathlib import Path\nfrom cuishou.schema.check import check_path\ncheck_path(Path({str(hb)!r}))"
        )
    ]
    mem_floor.values = [
        peak_rss_mib(
            "import yaml\nfrom pathlib import Path\nL=getattr(yaml,'CSafeLoader',yaml.SafeLoader)\n"
            f"d=[yaml.load(p.read_text(encoding='utf-8'),Loader=L) for p in sorted(Path({str(hb)!r}).rglob('*.yaml'))]"
        )
    ]
    results[f"peak-rss-validate@{top}"] = mem
    results[f"peak-rss-floor@{top}"] = mem_floor
    helps = Measure("help", "-")
    helps.values = help_seconds(max(3, repeats))
    results["help@-"] = helps
    record_shipped(results, workdir, repeats, pdf=pdf)
    results["load-end@-"] = Measure("load-end", "-", values=_load_average(), unit="")
    table = render(results, sizes)
    print()
    print(table)
    if report is not None:
        report.write_text(table, encoding="utf-8")
        report.with_suffix(".json").write_text(
            json.dumps(
                {k: {"median": v.median, "values": v.values, "skipped": v.skipped} for k, v in results.items()},
                indent=2,
            ),
            encoding="utf-8",
        )
    return results


def record_shipped(results: dict[str, Measure], workdir: Path, repeats: int, *, pdf: bool) -> None:
    """The shipped handbook: validate, every Word document, every PDF; each a whole ``handbook`` process.

    Validate and the DOCX export are timed alternately, so a busy moment on a shared machine falls on both.
    """
    handbook = str(ROOT / "handbook")
    out = workdir / "shipped"
    validate = shipped_command("validate", handbook, "-q")
    docx = shipped_command("export", "docx", "--kind", "all", "--out", str(out / "docx"))
    measures = {name: Measure(f"shipped-{name}", "-") for name in ("validate", "docx-all", "pdf-all")}
    validate()
    docx()  # warm-up: file cache and the first imports
    for _ in range(max(3, repeats)):
        measures["validate"].values += _time(validate, 1)
        measures["docx-all"].values += _time(docx, 1)
    if not pdf:
        measures["pdf-all"].skipped = "not asked (--no-pdf)"
    elif shutil.which("soffice") or os.environ.get("HANDBOOK_SOFFICE"):
        run_pdf = shipped_command("export", "pdf", "--kind", "all", "--out", str(out / "pdf"))
        measures["pdf-all"].values = _time(run_pdf, max(1, repeats // 2))
    else:
        measures["pdf-all"].skipped = "LibreOffice (soffice) not installed"
    for name, m in measures.items():
        results[f"shipped-{name}@-"] = m
        shown = f"{m.median:8.3f} s" if m.values else f"skipped ({m.skipped})"
        print(f"  shipped {name:<14} -  {shown}", flush=True)


def _ratio(results: dict[str, Measure], a: str, b: str) -> str:
    ma, mb = results.get(a), results.get(b)
    if not ma or not mb or not ma.values or not mb.values:
        return "n/a"
    return f"{ma.median / mb.median:.2f}"


def _load_average() -> list[float]:
    """The 1-minute load average (Unix): on a shared machine it says how much the other rows can be trusted."""
    return [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []


def render(results: dict[str, Measure], sizes: list[str]) -> str:
    """Markdown: seconds per contender and size, then the ratios the targets are stated in."""
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    lines = [
        f"Benchmark run {time.strftime('%Y-%m-%d')} on {machine}." + _load_note(results),
        "",
        "| contender | " + " | ".join(sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in ("floor", "validate", "validate-command", "check-jsonschema", "yamale", "docx-export", "pandoc-export"):
        cells = []
        for size in sizes:
            m = results.get(f"{name}@{size}")
            cells.append(f"{m.median:.3f} s" if m and m.values else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    top = sizes[-1]
    mid = sizes[-2] if len(sizes) > 1 else top
    lines += [
        "",
        "| ratio | value | target |",
        "|---|---|---|",
        f"| validate / floor at {top} | {_ratio(results, f'validate@{top}', f'floor@{top}')} | ≤ 2.0 |",
        f"| validate {top} / {mid} | {_ratio(results, f'validate@{top}', f'validate@{mid}')} | ≤ 11 (L/M) |",
        f"| validate / check-jsonschema at {top} | "
        f"{_ratio(results, f'validate@{top}', f'check-jsonschema@{top}')} | ≤ 0.5 |",
        f"| validate / yamale at {top} | {_ratio(results, f'validate@{top}', f'yamale@{top}')} | – |",
    ]
    export_size = next((s for s in reversed(sizes) if s != "L"), None)
    if export_size:
        lines.append(
            f"| docx export / pandoc at {export_size} (same courses) | "
            f"{_ratio(results, f'docx-export@{export_size}', f'pandoc-export@{export_size}')} | ≤ 1.0 |"
        )
    lines.append(
        f"| peak memory validate / floor at {top} | "
        f"{_ratio(results, f'peak-rss-validate@{top}', f'peak-rss-floor@{top}')} | – |"
    )
    mem = results.get(f"peak-rss-validate@{top}")
    if mem and mem.values:
        lines.append(f"| peak memory of validate at {top} | {mem.median:.0f} MiB | – |")
    lint, lint_model = results.get("lint-patterns@-"), results.get("lint-patterns+model@-")
    if lint and lint.values and lint_model and lint_model.values:
        lines.append(
            f"| conduct lint of the corpus lines: patterns + model / patterns alone | "
            f"{_ratio(results, 'lint-patterns+model@-', 'lint-patterns@-')} "
            f"({lint.median:.2f} s → {lint_model.median:.2f} s) | ≤ 2.0 |"
        )
    site, searched = results.get("site@shipped"), results.get("site+search@shipped")
    if site and site.values:
        lines.append(
            f"| website of the shipped handbook, no search index / validate | "
            f"{_ratio(results, 'site@shipped', 'validate@shipped')} ({site.median:.2f} s) | – |"
        )
    if searched and searched.values:
        lines.append(
            f"| website with the Pagefind search index / validate | "
            f"{_ratio(results, 'site+search@shipped', 'validate@shipped')} ({searched.median:.2f} s) | – |"
        )
    load = results.get("model-load@-")
    if load and load.values:
        lines.append(f"| loading the conduct model (once per process) | {load.median:.3f} s | < 0.3 s |")
    helps = results.get("help@-")
    if helps and helps.values:
        lines.append(f"| `handbook --help` | {helps.median:.3f} s | < 0.3 s |")
    lines += _shipped_rows(results)
    return "\n".join(lines) + "\n"


def _load_note(results: dict[str, Measure]) -> str:
    start, end = results.get("load-start@-"), results.get("load-end@-")
    if not start or not end or not start.values or not end.values:
        return ""
    return (
        f" Load average (1 min) {start.values[0]:.1f} at the start, {end.values[0]:.1f} at the end: other work on"
        " the machine slows every contender, and ratios of contenders measured at different moments move with it."
    )


def _shipped_rows(results: dict[str, Measure]) -> list[str]:
    """Ratios to ``handbook validate`` of the shipped handbook, measured in the same run."""
    validate, docx, pdf = (results.get(f"shipped-{n}@-") for n in ("validate", "docx-all", "pdf-all"))
    if not validate or not validate.values:
        return []
    rows = [f"| `handbook validate` of the shipped handbook, whole process | {validate.median:.2f} s | – |"]
    if docx and docx.values:
        rows.append(
            f"| `export docx --kind all` of the shipped handbook ({shipped_document_count()} documents), whole "
            f"process / validate | {docx.median / validate.median:.2f} ({docx.median:.2f} s) | < 2 s |"
        )
    if pdf and pdf.values:
        per = pdf.median / shipped_document_count()
        rows.append(
            f"| `export pdf --kind all`, per document (one LibreOffice run for the set) / validate | "
            f"{per / validate.median:.2f} ({per:.2f} s; the set {pdf.median:.1f} s) | – |"
        )
    elif pdf:
        rows.append(f"| `export pdf`, per document | skipped ({pdf.skipped}) | – |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes among S, M, L")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--workdir", type=Path, default=None, help="where synthetic handbooks go (temp)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF export (LibreOffice, slow)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if any(s not in SIZES for s in sizes):
        parser.error(f"sizes must be among {', '.join(SIZES)}")
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        run(sizes, args.repeats, args.workdir or Path(tmp), args.report, pdf=not args.no_pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
