"""The preview behind ``handbook serve``, without a server: what each page shows after each rebuild.

Where a finding is expected is taken from ``handbook validate`` on the same files, never written down here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cuishou.preview import PreviewSite, snapshot
from tests.conftest import MINI
from tests.helpers import run_cli

COURSE = "courses/collection-basics-2h.html"


@pytest.fixture
def site(tmp_path: Path) -> PreviewSite:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    preview = PreviewSite(root)
    preview.rebuild()
    return preview


def _page(site: PreviewSite, path: str) -> tuple[int, str]:
    status, kind, body = site.lookup(path)
    assert kind.startswith("text/html")
    return status, body.decode("utf-8")


def _validate(root: Path) -> list[dict[str, object]]:
    result = run_cli("validate", root, "--format", "json")
    findings: list[dict[str, object]] = json.loads(result.out)
    return findings


def test_pages_carry_the_build_and_the_reload_script(site: PreviewSite) -> None:
    status, page = _page(site, COURSE)
    assert status == 200
    assert f'data-build="{site.build}"' in page and "assets/preview.js" in page
    assert site.lookup("/assets/preview.js")[0] == 200
    assert _page(site, "/")[1] == _page(site, "index.html")[1]


def test_a_finding_is_shown_on_its_entry_page_with_file_line_col(site: PreviewSite) -> None:
    course = site.root / "courses" / "collection-basics-2h.yaml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("refs: [term:overdue]", "refs: [term:no-such-term]"),
        encoding="utf-8",
    )
    site.rebuild()
    expected = [f for f in _validate(site.root) if f["rule"] == "ref.unresolved"]
    assert len(expected) == 1
    where = f"{expected[0]['file']}:{expected[0]['line']}:{expected[0]['col']}"
    status, page = _page(site, COURSE)
    assert status == 200 and "本页的问题" in page and where in page
    assert where in _page(site, "findings.html")[1]
    assert where not in _page(site, "courses/index.html")[1]  # only on the page it concerns


def test_a_file_that_stops_loading_shows_its_error_where_its_page_was(site: PreviewSite) -> None:
    course = site.root / "courses" / "collection-basics-2h.yaml"
    good = course.read_text(encoding="utf-8")
    course.write_text(good.replace("title: 催收培训教案（两小时）", "title: [催收培训教案"), encoding="utf-8")
    site.rebuild()
    expected = [f for f in _validate(site.root) if str(f["file"]).endswith("collection-basics-2h.yaml")]
    assert expected and expected[0]["rule"] == "parse.syntax"
    _, page = _page(site, COURSE)
    assert "此页暂时无法显示" in page
    assert f"{expected[0]['file']}:{expected[0]['line']}:{expected[0]['col']}" in page
    assert "催收基本概念" not in page  # not the stale page
    course.write_text(good, encoding="utf-8")
    site.rebuild()
    assert "催收基本概念" in _page(site, COURSE)[1]


def test_a_build_that_cannot_run_replaces_every_page(site: PreviewSite) -> None:
    for path in site.root.rglob("*.yaml"):
        path.unlink()
    site.rebuild()
    for path in (COURSE, "index.html", "no-such-page.html"):
        status, page = _page(site, path)
        assert status == 503 and "无法生成预览" in page and "preview.js" in page
    assert site.lookup("assets/preview.js")[0] == 200  # the error page still reloads when files return


def test_an_unknown_page_says_so(site: PreviewSite) -> None:
    status, page = _page(site, "courses/no-such-course.html")
    assert status == 404 and "没有这个页面" in page and '<base href="/">' in page


def test_snapshot_sees_edits_and_renames(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text("x\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert list(before) == [str(tmp_path / "a.yaml")]
    (tmp_path / "a.yaml").write_text("a: 22\n", encoding="utf-8")
    assert snapshot(tmp_path) != before
    (tmp_path / "a.yaml").rename(tmp_path / "b.yaml")
    assert list(snapshot(tmp_path)) == [str(tmp_path / "b.yaml")]
