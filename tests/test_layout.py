"""The source layout installs anywhere: no symlinks, and every package folder is mapped in pyproject.toml."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str) -> Path:
    """Where setuptools takes ``package`` from: the nearest mapped ancestor's folder, as in package-dir."""
    mapping: dict[str, str] = SETUPTOOLS["package-dir"]
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        if (base := ".".join(parts[:cut])) in mapping:
            return ROOT / mapping[base] / Path(*parts[cut:])
    return ROOT / Path(*parts)


def test_no_symlinks_are_committed() -> None:
    """Git on Windows checks symlinks out as small text files: nothing would import."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000 ")]
    assert links == []


def test_every_code_folder_is_an_installed_package() -> None:
    listed = set(SETUPTOOLS["packages"])
    for name in listed:
        assert _folder(name).is_dir(), name
    mapped = {_folder(name).resolve(): name for name in listed}
    for top in ("cuishou", "schema", "export"):
        for init in (ROOT / top).rglob("__init__.py"):
            assert init.parent.resolve() in mapped, f"{init.parent} is not in [tool.setuptools] packages"


def test_package_data_globs_match_files() -> None:
    for package, globs in SETUPTOOLS["package-data"].items():
        for pattern in globs:
            assert list(_folder(package).glob(pattern)), (package, pattern)
