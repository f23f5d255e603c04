"""What ``handbook init`` writes: a new handbook repository that validates clean and works in editors and CI.

The new repository has the layout of this project (``handbook/`` beside ``schema/json/``), so the
modelines of every file resolve. It starts with the red lines: the conduct rules of the sample handbook and
every entry they cite (legal instruments), copied byte for byte, because the conduct lint is only as good as
the rules a handbook holds. ``example=True`` copies the whole sample handbook instead, ``bare=True`` only
``meta.yaml``. Templates for the non-YAML files live in ``cuishou/templates/init/``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from . import __version__
from .schema.json_schema import generate_all, render_schema, schema_file_name
from .schema.layout import HANDBOOK_DIR, META_FILE, sample_root
from .schema.models import KINDS, SCHEMA_VERSION

__all__ = ["StarterOptions", "starter_files"]

TEMPLATES = Path(__file__).resolve().parent / "templates" / "init"


@dataclass(frozen=True)
class StarterOptions:
    """What the author tells ``handbook init`` (every field has a default that validates)."""

    title: str = "催收培训手册"
    organisation: str | None = None
    owner: str = "培训部"
    contact_window: str = "08:00-22:00"
    effective: dt.date | None = None
    #: pip requirement for the tool, written into the CI workflow and the README
    requirement: str = ""
    hook_repo: str | None = None
    hook_rev: str | None = None
    example: bool = False
    bare: bool = False


def starter_files(options: StarterOptions) -> dict[str, bytes]:
    """Relative POSIX path -> bytes of every file of a new handbook repository, in writing order."""
    files: dict[str, bytes] = {}
    if options.example:
        files.update(_sample_files(None))
    else:
        files[f"{HANDBOOK_DIR}/{META_FILE}"] = _meta(options).encode("utf-8")
        if not options.bare:
            files.update(_sample_files("conduct"))
    for spec in KINDS.values():  # every kind folder exists from the start, so authors see where things go
        folder = f"{HANDBOOK_DIR}/{spec.folder}/"
        if not any(path.startswith(folder) for path in files):
            files[f"{folder}.gitkeep"] = b""
    for name, schema in generate_all().items():
        files[f"schema/json/{name}"] = render_schema(schema).encode("utf-8")
    values = _template_values(options, files)
    remote = options.hook_repo is not None
    files[".pre-commit-config.yaml"] = _template(
        "pre-commit-config-remote.yaml" if remote else "pre-commit-config.yaml", values
    )
    files[".github/workflows/handbook.yml"] = _template("workflow.yml", values)
    files[".vscode/settings.json"] = _vscode_settings()
    files[".vscode/extensions.json"] = _template("vscode-extensions.json", values)
    files[".gitignore"] = _template("gitignore", values)
    files["README.md"] = _template("README.md", values)
    return files


def _meta(options: StarterOptions) -> str:
    effective = options.effective or dt.date.today()
    lines = [
        "# yaml-language-server: $schema=../schema/json/meta.schema.json",
        f"title: {_quote(options.title)}",
        'version: "0.1.0"',
        f'schema_version: "{SCHEMA_VERSION}"',
        "language: zh-CN",
        f'effective: "{effective.isoformat()}"',
    ]
    if options.organisation:
        lines.append(f"organisation: {_quote(options.organisation)}")
    lines += [
        "owners:",
        f"  - {_quote(options.owner)}",
        "# 允许联系时段：GB/T 45251—2025 禁止 22:00—08:00 催收；许多机构内部更严，如 08:00-21:00",
        f"contact_window: {_quote(options.contact_window)}",
    ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML), so no value is ever re-typed."""
    return json.dumps(text, ensure_ascii=False)


def _sample_files(kind_folder: str | None) -> dict[str, bytes]:
    """Files of the sample handbook: all of them, or those of one kind plus everything they cite."""
    from .schema.check import load_handbook

    root = sample_root()
    handbook, _ = load_handbook(root)
    if kind_folder is None:
        wanted = {file.path.resolve() for file in handbook.files}
    else:
        spec = next(s for s in KINDS.values() if s.folder == kind_folder)
        wanted = {record.file.path.resolve() for record in handbook.records(spec.name)}
        todo = list(wanted)
        while todo:  # follow references until every cited entry's file is in (files may hold several entries)
            file = todo.pop()
            for record in (r for r in handbook.records() if r.file.path.resolve() == file):
                for _, ref in record.refs:
                    target = handbook.resolve(ref)
                    if target is not None and (path := target.file.path.resolve()) not in wanted:
                        wanted.add(path)
                        todo.append(path)
    return {
        f"{HANDBOOK_DIR}/{path.relative_to(root.resolve()).as_posix()}": path.read_bytes() for path in sorted(wanted)
    }


def _template_values(options: StarterOptions, files: dict[str, bytes]) -> dict[str, str]:
    copied = sum(1 for path in files if path.endswith(".yaml") and not path.endswith(META_FILE))
    if options.example:
        note = "It starts as a copy of the tool's sample handbook: replace its content with your own."
    elif options.bare:
        note = "It starts empty: add conduct rules (`handbook/conduct/`) so the conduct lint has red lines."
    else:
        note = (
            f"It starts with the tool's conduct rules (红线) and the legal instruments they cite ({copied} files):"
            " review them with your compliance team."
        )
    return {
        "title": options.title,
        "requirement": options.requirement or f"cuishou-handbook=={__version__}",
        "hook_repo": options.hook_repo or "",
        "hook_rev": options.hook_rev or f"v{__version__}",
        "starter_note": note,
    }


def _template(name: str, values: dict[str, str]) -> bytes:
    return Template((TEMPLATES / name).read_text(encoding="utf-8")).substitute(values).encode("utf-8")


def _vscode_settings() -> bytes:
    """Map every kind's files to its schema, so a new file is checked before it has a modeline."""
    schemas = {
        f"./schema/json/{schema_file_name('meta')}": [f"{HANDBOOK_DIR}/{META_FILE}"],
        f"./schema/json/{schema_file_name('coverage')}": [f"{HANDBOOK_DIR}/sources.yaml"],
    }
    for spec in KINDS.values():
        schemas[f"./schema/json/{schema_file_name(spec.name)}"] = [f"{HANDBOOK_DIR}/{spec.folder}/**/*.yaml"]
    settings = {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "files.encoding": "utf8",
        "files.eol": "\n",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
