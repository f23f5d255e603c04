"""Run the whole validation: find files, load, build the handbook, run every rule; return the result."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from .build import META_FILE, build_handbook
from .findings import Finding, HandbookError, Severity
from .loader import Limits, LoadedFile, display_path, iter_yaml_files, load_file
from .models import KIND_BY_FOLDER
from .models.handbook import Handbook
from .rules import CHECKERS

__all__ = ["CheckResult", "check_path", "find_root", "load_handbook"]

_STOPPING = frozenset({"schema.version", "limit.entries"})


@dataclass
class CheckResult:
    """Everything one run found, sorted, plus the handbook for exporters."""

    handbook: Handbook
    findings: list[Finding] = field(default_factory=list)

    def errors(self, *, strict: bool = False) -> list[Finding]:
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return [f for f in self.findings if f.severity in failing]


def find_root(path: Path) -> Path:
    """The handbook root for ``path``: the nearest folder (itself or above) holding ``meta.yaml``."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        try:
            if (candidate / META_FILE).is_file():
                return candidate
        except PermissionError as exc:  # a folder we may not look into
            shown = display_path(candidate)
            raise HandbookError("io.unreadable", "io", path=shown, reason=exc.strerror) from None
    return start


def load_handbook(path: Path, limits: Limits | None = None) -> tuple[Handbook, list[Finding]]:
    """Load and build the handbook containing ``path``; raise ``HandbookError`` only if nothing can run."""
    limits = limits or Limits()
    if not path.exists():
        raise HandbookError("io.not-found", "io", path=str(path))
    root = find_root(path.resolve())
    if not path.is_dir() and not (root / META_FILE).is_file():
        # a lone file: there is no handbook to resolve its references against, and its folder is not one
        raise HandbookError("io.not-in-handbook", "io", path=str(path))
    files: list[LoadedFile] = []
    skipped: list[Finding] = []
    cwd = os.getcwd()
    unread: set[str] = set()
    for item in iter_yaml_files(root):
        if isinstance(item, Finding):
            if item.message_key == "parse.unreadable-folder":
                folder = Path(item.params["path"]).resolve()
                if folder == root:
                    raise HandbookError("io.unreadable", "io", path=item.params["path"], reason=item.params["reason"])
                unread.add(folder.relative_to(root).parts[0])
            skipped.append(item)
        else:
            files.append(load_file(item, display_path(item, cwd), limits))
    if not files:
        raise HandbookError("io.no-yaml", "io", path=str(path))
    handbook, findings = build_handbook(root, files, limits)
    # entries in a folder that could not be read are unknown, not missing: references to them are not reported
    handbook.unread = {KIND_BY_FOLDER[name].name for name in unread if name in KIND_BY_FOLDER}
    return handbook, skipped + findings


def check_path(path: Path, limits: Limits | None = None) -> CheckResult:
    """Validate the handbook containing ``path``. Given a file, report only that file's findings."""
    # The whole run allocates a large acyclic tree; the cyclic GC would rescan it again and again as it
    # grows (profiled: over a second at 20 000 entries). Pause it for the run, as the loader does per file.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_path(path, limits)
    finally:
        if was_enabled:
            gc.enable()


def _check_path(path: Path, limits: Limits | None) -> CheckResult:
    handbook, findings = load_handbook(path, limits)
    # a handbook for another data-model version, or one cut short by a limit, would only cascade
    if not any(f.rule in _STOPPING for f in findings):
        for checker in CHECKERS:
            findings.extend(checker(handbook))
    if path.is_file():
        wanted = display_path(path.resolve())
        findings = [f for f in findings if f.file == wanted]
    findings.sort(key=Finding.sort_key)
    return CheckResult(handbook, findings)
