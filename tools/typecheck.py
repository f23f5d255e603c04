"""Run mypy on the package as it is installed, with the repository's files.

``pyproject.toml`` maps the top-level ``schema/`` and ``export/`` folders to ``cuishou.schema`` and
``cuishou.export`` (setuptools ``package-dir``). Python follows that mapping at run time, but mypy finds
modules by folder only and has no such setting, so plain ``mypy`` cannot see ``cuishou.schema``. This
script reads the same mapping, hands mypy every file under its installed module name, and reports errors
at the files' real paths. Options come from ``[tool.mypy]`` as usual; extra arguments are passed on
(``python tools/typecheck.py --no-incremental``).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from mypy import build
from mypy.errors import CompileError
from mypy.main import process_options
from mypy.modulefinder import BuildSource

ROOT = Path(__file__).resolve().parent.parent
#: folders checked besides the installed packages (not shipped, imported by their folder name)
EXTRA_PACKAGES = ("bench",)


def package_folders(pyproject: dict[str, object]) -> dict[str, Path]:
    """Installed package name -> folder, from ``[tool.setuptools]`` ``packages`` and ``package-dir``."""
    setuptools = pyproject["tool"]["setuptools"]  # type: ignore[index]
    mapping: dict[str, str] = setuptools.get("package-dir", {})
    folders: dict[str, Path] = {}
    for name in setuptools["packages"]:
        # the nearest mapped ancestor decides the folder, as in setuptools
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            base = ".".join(parts[:cut])
            if base in mapping:
                folders[name] = ROOT / mapping[base] / Path(*parts[cut:])
                break
        else:
            folders[name] = ROOT / Path(*parts)
    for name in EXTRA_PACKAGES:
        folders[name] = ROOT / name
    return folders


def sources(folders: dict[str, Path]) -> list[BuildSource]:
    """One source per module file, named as Python will import it."""
    out = [BuildSource(str(Path(__file__).resolve().relative_to(ROOT)), "typecheck", None, base_dir=str(ROOT))]
    for package, folder in sorted(folders.items()):
        for path in sorted(folder.glob("*.py")):
            module = package if path.stem == "__init__" else f"{package}.{path.stem}"
            out.append(BuildSource(str(path.relative_to(ROOT)), module, None, base_dir=str(ROOT)))
    return out


def main(argv: list[str]) -> int:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    _, options = process_options(["--config-file", str(ROOT / "pyproject.toml"), *argv], require_targets=False)
    checked = sources(package_folders(pyproject))
    try:
        result = build.build(checked, options, stdout=sys.stdout, stderr=sys.stderr)
    except CompileError as exc:
        print("\n".join(exc.messages), file=sys.stderr)
        return 2
    for line in result.errors:
        print(line)
    files = len(checked)
    if result.errors:
        count = sum(1 for line in result.errors if ": error:" in line)
        print(f"Found {count} error{'' if count == 1 else 's'} (checked {files} source files)")
        return 1
    print(f"Success: no issues found in {files} source files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
