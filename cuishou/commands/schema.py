"""``handbook schema``: write the JSON Schemas for editors and tools, check they are current, add modelines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "生成 JSON Schema（编辑器补全与校验用），或检查其是否过期。Write JSON Schemas for editors and tools."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="Schema 目录（默认 schema/json；--modelines 时默认为手册旁边的 schema/json）schema folder",
    )
    parser.add_argument(
        "--where",
        action="store_true",
        help="输出随工具安装的 Schema 所在目录（编辑器可直接指向它，无需复制）print the installed schema folder",
    )
    parser.add_argument(
        "--check", action="store_true", help="只检查不写入：有过期的 Schema（或缺少 modeline）时退出码 1"
    )
    parser.add_argument(
        "--modelines",
        nargs="?",
        type=Path,
        const=Path("handbook"),
        metavar="HANDBOOK",
        help="给手册中每个 YAML 文件的第一行加上指向其 Schema 的 yaml-language-server modeline（默认 handbook）",
    )


def run(args: argparse.Namespace) -> int:
    from ..export.atomic_write import write_atomic
    from ..schema.findings import HandbookError, define_messages, render_message
    from ..schema.json_schema import generate_all, render_schema, stale_files

    define_messages(_MESSAGES)
    lang: str = args.lang
    if args.where:
        from ..schema.layout import packaged_schema_dir

        print(packaged_schema_dir())
        return 0
    if args.modelines is not None:
        return _modelines(args.modelines, args.out, check=args.check, lang=lang)
    out: Path = args.out or Path("schema") / "json"
    if args.check:
        stale = stale_files(out)
        for name in stale:
            print(render_message("schema-cmd.stale", {"path": out / name}, lang))
        if stale:
            print(render_message("schema-cmd.stale-hint", {"out": out}, lang), file=sys.stderr)
        return 1 if stale else 0
    if out.exists() and not out.is_dir():
        raise HandbookError("io.cannot-write", "io", path=str(out), reason="not a folder")
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, schema in generate_all().items():
        path = out / name
        text = render_schema(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text.encode("utf-8"))
            written += 1
    print(render_message("schema-cmd.written", {"count": written, "out": out}, lang), file=sys.stderr)
    return 0


def _modelines(path: Path, schema_dir: Path | None, *, check: bool, lang: str) -> int:
    """Add (or, with ``check``, report) missing or wrong modelines; every other byte of a file is kept.

    The schema folder defaults to the handbook's own (``schema/json`` beside the handbook folder), wherever
    the command runs from, and must exist: modelines pointing at nothing would break every file in editors.
    """
    from ..reporters import visible
    from ..schema.check import find_root
    from ..schema.findings import HandbookError, render_message
    from ..schema.json_schema import expected_modeline, write_modeline
    from ..schema.layout import META_FILE, schema_dir_for
    from ..schema.loader import display_path, iter_yaml_files

    if not path.exists():
        raise HandbookError("io.not-found", "io", path=str(path))
    if not path.is_dir() and not _is_yaml_name(path.name):
        # notes.txt inside a handbook would have meant "every file of the handbook"
        raise HandbookError("schema-cmd.not-yaml", "usage", path=str(path))
    root = find_root(path.resolve())
    if not (root / META_FILE).is_file():
        raise HandbookError("schema-cmd.no-handbook", "io", path=str(path))
    schema_dir = (schema_dir or schema_dir_for(root)).resolve()
    if not schema_dir.is_dir():
        raise HandbookError("schema-cmd.no-schema-dir", "io", path=display_path(schema_dir))
    scope = path.resolve()
    changed = []
    for file in iter_yaml_files(root):
        if not isinstance(file, Path):
            continue  # a link leaving the handbook, or one read twice: validate reports it; never written through
        if file.resolve() != scope and scope not in file.resolve().parents:
            continue  # only the file or folder named: a path inside the handbook never means all of it
        modeline = expected_modeline(file, root, schema_dir)
        if modeline is None:
            continue
        try:
            if check:
                first = file.read_bytes().decode("utf-8").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
                if first != modeline:
                    changed.append(file)
            elif write_modeline(file, modeline):
                changed.append(file)
        except UnicodeDecodeError:
            # handbook validate explains the encoding; never rewrite bytes we cannot read
            print(visible(render_message("schema-cmd.not-utf8", {"path": display_path(file)}, lang)), file=sys.stderr)
        except OSError as exc:
            key = "io.unreadable" if check else "io.cannot-write"
            raise HandbookError(key, "io", path=display_path(file), reason=exc.strerror or str(exc)) from exc
    key = "schema-cmd.modeline-missing" if check else "schema-cmd.modeline-added"
    for file in changed:
        print(visible(render_message(key, {"path": display_path(file)}, lang)))
    return 1 if check and changed else 0


def _is_yaml_name(name: str) -> bool:
    return Path(name).suffix.lower() in (".yaml", ".yml")


_MESSAGES = {
    "schema-cmd.no-handbook": (
        "{path} 不在手册中（它及其上级目录都没有 meta.yaml）：未改动任何文件",
        "{path} is not inside a handbook (no meta.yaml there or above): nothing changed",
    ),
    "schema-cmd.not-yaml": (
        "{path} 既不是手册文件夹也不是 YAML 文件：未改动任何文件",
        "{path} is neither a handbook folder nor a YAML file: nothing changed",
    ),
    "schema-cmd.no-schema-dir": (
        "Schema 目录 {path} 不存在：先运行 handbook schema --out {path}，或用 --out 指定已有的目录；未改动任何文件",
        "schema folder {path} does not exist: run handbook schema --out {path} first, or name one with --out; "
        "nothing changed",
    ),
    "schema-cmd.written": ("已写入 {count} 个 Schema 文件到 {out}", "wrote {count} schema files to {out}"),
    "schema-cmd.stale": ("{path}：已过期或缺失", "{path}: stale or missing"),
    "schema-cmd.stale-hint": (
        "数据模型已改动：请运行 handbook schema --out {out} 重新生成并提交",
        "the data model changed: run handbook schema --out {out} and commit the result",
    ),
    "schema-cmd.not-utf8": (
        "{path}：不是 UTF-8 编码，已跳过（handbook validate 会说明如何处理）",
        "{path}: not UTF-8, skipped (handbook validate explains what to do)",
    ),
    "schema-cmd.modeline-added": ("{path}：已加上 modeline", "{path}: modeline added"),
    "schema-cmd.modeline-missing": (
        "{path}：第一行缺少或写错了 yaml-language-server modeline（运行 handbook schema --modelines 修复）",
        "{path}: first line lacks the right yaml-language-server modeline (run handbook schema --modelines)",
    ),
}
