"""The local preview behind ``handbook serve``: build the site in memory, serve it on 127.0.0.1, rebuild on save.

A watcher thread polls the handbook's files (modification time and size; editors that save by renaming
are seen too) and rebuilds when they change; pages hold a build number and reload through a server-sent
event stream when a newer build exists. Each build runs ``validate`` first and places the findings on the
pages of the entries they concern (``export/html_preview.py``). A build that cannot run at all (no YAML
left, a bug) replaces every page with a page that says why, so an author never looks at a stale page
believing it is current. The server answers only requests addressed to the loopback host it listens on.
"""

from __future__ import annotations

import http.server
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .export.html_preview import Preview
from .export.html_render import TEMPLATES
from .export.html_site import build_site
from .schema.check import check_path
from .schema.findings import Finding, HandbookError, define_messages, render_message
from .schema.loader import Limits
from .schema.models.handbook import Handbook

__all__ = ["HOST", "PreviewServer", "PreviewSite", "report_build", "snapshot"]

HOST = "127.0.0.1"

define_messages(
    {
        "serve.listening": (
            "预览地址：{url}（保存文件后页面自动刷新；按 Ctrl+C 停止）",
            "preview at {url} (pages reload when you save; Ctrl+C stops)",
        ),
        "serve.rebuilt": (
            "已重新生成（{seconds:.1f} 秒）：{errors} 个错误，{warnings} 个警告",
            "rebuilt in {seconds:.1f} s: {errors} error(s), {warnings} warning(s)",
        ),
        "serve.failed": ("无法生成预览：{reason}", "the preview could not be built: {reason}"),
        "serve.stopped": ("预览已停止", "preview stopped"),
        "serve.port-busy": (
            "无法在 {host}:{port} 上启动预览：{reason}（换一个端口：--port 8001，或 --port 0 自动选择）",
            "cannot serve on {host}:{port}: {reason} (choose another port: --port 8001, or --port 0 for any)",
        ),
    }
)

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
}
_FALLBACK_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>预览出错</title></head>'
    "<body><main><h1>预览出错</h1><p>{reason}</p><p>修改文件后本页会自动刷新。</p></main>"
    '<script src="/assets/preview.js" data-build="{build}"></script></body></html>'
)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every YAML file under ``root`` (hidden folders skipped) with its modification time and size."""
    seen: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith((".yaml", ".yml")):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # removed while we looked: the next poll sees it gone
                seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


class PreviewSite:
    """The current build of the preview: files by path, a build number, and a way to wait for the next."""

    def __init__(self, root: Path, *, lang: str = "zh", limits: Limits | None = None) -> None:
        self.root = root
        self.lang = lang
        self.limits = limits
        self._changed = threading.Condition()
        self.build = 0
        self.files: dict[str, bytes] = {}
        #: served for every page while the last build failed
        self.failure: bytes | None = None
        #: file -> page from earlier builds, so a file that stops loading still has its page
        self._known: dict[str, str] = {}
        #: findings of the last build, and how long it took
        self.findings: list[Finding] = []
        self.seconds = 0.0

    def rebuild(self) -> None:
        """Validate and build the site; on failure, serve a page saying why. Wakes waiting pages."""
        started = time.monotonic()
        build = self.build + 1
        preview = Preview(lang=self.lang, build=str(build), known=dict(self._known))
        try:
            result = check_path(self.root, self.limits)
            preview.findings = result.findings
            site = build_site(result.handbook, search=False, preview=preview)
            for page in site.pages:
                if not page.trainer:
                    for record in page.records:
                        self._known.setdefault(record.file.display, page.path)
            files, failure = site.files, None
        except HandbookError as exc:
            files, failure = self.files, self._failure_page(exc.message(self.lang), build)
        except Exception as exc:  # noqa: BLE001 - a bug must show on the page, not kill the preview
            detail = "".join(traceback.format_exception(exc))
            files, failure = self.files, self._failure_page(repr(exc), build, detail)
        with self._changed:
            self.files, self.failure, self.build = files, failure, build
            self.findings = preview.findings
            self.seconds = time.monotonic() - started
            self._changed.notify_all()

    def _failure_page(self, reason: str, build: int, detail: str = "") -> bytes:
        from .export.html_links import SiteLinks
        from .export.html_pages import Page
        from .export.html_render import SiteRenderer

        text = render_message("serve.failed", {"reason": reason}, self.lang)
        try:
            handbook = Handbook(root=self.root)
            renderer = SiteRenderer(handbook, SiteLinks(handbook), preview=Preview(lang=self.lang, build=str(build)))
            context = {"reason": text, "problems": [], "detail": detail, "base": "/"}
            return renderer.render(Page("index.html", "error.html.j2", "预览出错", "", context))
        except Exception:  # noqa: BLE001 - the templates themselves may be what is broken
            from html import escape

            return _FALLBACK_PAGE.format(reason=escape(text), build=build).encode("utf-8")

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the build number differs from ``seen`` or ``timeout`` passes; return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.build != seen, timeout)
            return self.build

    def lookup(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a request path."""
        name = path.lstrip("/")
        if not name or name.endswith("/"):
            name += "index.html"
        with self._changed:
            files, failure = self.files, self.failure
        body = files.get(name)
        if name.startswith("assets/") and body is None and "/" not in name[7:] and (TEMPLATES / name).is_file():
            body = (TEMPLATES / name).read_bytes()  # the reload script, even before a first good build
        if name.startswith("assets/") and body is not None:
            return 200, _TYPES.get(os.path.splitext(name)[1], "application/octet-stream"), body
        if failure is not None and (body is not None or name.endswith(".html")):
            return 503, _TYPES[".html"], failure
        if body is not None:
            return 200, _TYPES.get(os.path.splitext(name)[1], "application/octet-stream"), body
        return 404, _TYPES[".html"], self._not_found(name)

    def _not_found(self, name: str) -> bytes:
        from .export.html_links import SiteLinks
        from .export.html_pages import Page
        from .export.html_render import SiteRenderer

        handbook = Handbook(root=self.root)
        preview = Preview(findings=self.findings, lang=self.lang, build=str(self.build))
        renderer = SiteRenderer(handbook, SiteLinks(handbook), preview=preview)
        context = {"reason": f"没有这个页面：{name}", "problems": [], "detail": "", "base": "/"}
        return renderer.render(Page("index.html", "error.html.j2", "页面不存在", "", context))


class _Handler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return  # the terminal shows rebuilds, not every request

    def _allowed_host(self) -> bool:
        """Refuse requests for another host name (DNS rebinding: a web page pointing a name at 127.0.0.1)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost")

    def do_GET(self) -> None:
        if not self._allowed_host():
            self.send_error(403)
            return
        path = unquote(urlsplit(self.path).path)
        if path == "/_preview/events":
            self._events()
            return
        status, kind, body = self.server.site.lookup(path)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the build number now, then each new one (a comment keeps the line open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not self.server.stopping.is_set():
                build = self.server.site.wait(seen, 10.0)
                self.wfile.write(f"data: {build}\n\n".encode() if build != seen else b": still here\n\n")
                self.wfile.flush()
                seen = build
        except (BrokenPipeError, ConnectionResetError):
            return


class PreviewServer(http.server.ThreadingHTTPServer):
    """The HTTP server on 127.0.0.1; request threads never keep the process alive."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, site: PreviewSite, port: int) -> None:
        self.site = site
        self.stopping = threading.Event()
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            raise HandbookError("serve.port-busy", "io", host=HOST, port=port, reason=exc.strerror or exc) from exc

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def watch(self, interval: float = 0.3, on_build: Callable[[], None] | None = None) -> threading.Thread:
        """Start the thread that rebuilds the site when the handbook's files change."""

        def loop() -> None:
            before = snapshot(self.site.root)
            while not self.stopping.wait(interval):
                now = snapshot(self.site.root)
                if now == before:
                    continue
                # let an editor finish writing (several files, or write-then-rename) before building
                deadline = time.monotonic() + 2.0
                while time.monotonic() < deadline and not self.stopping.wait(0.15):
                    settled = snapshot(self.site.root)
                    if settled == now:
                        break
                    now = settled
                before = now
                self.site.rebuild()
                if on_build is not None:
                    on_build()

        thread = threading.Thread(target=loop, name="handbook-watch", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
        with self.site._changed:
            self.site._changed.notify_all()
        self.server_close()


def report_build(site: PreviewSite) -> None:
    """One line on stderr per build, so the terminal shows the preview is alive."""
    errors = sum(1 for f in site.findings if f.severity.value == "error")
    warnings = sum(1 for f in site.findings if f.severity.value == "warning")
    params = {"seconds": site.seconds, "errors": errors, "warnings": warnings}
    print(f"handbook: {render_message('serve.rebuilt', params, site.lang)}", file=sys.stderr, flush=True)
