"""``handbook serve [PATH] [--port N]``: preview the website on 127.0.0.1, rebuilt and reloaded on every save.

Findings of ``validate`` appear on the pages of the entries they concern and on ``findings.html``; a file
that does not load shows its errors where its page was. Ctrl+C stops the server (exit 0).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

HELP = "在本机预览手册网站，保存文件后自动重新生成并刷新页面。Preview the website locally, live."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..options import add_limit_arguments

    parser.add_argument(
        "path", nargs="?", type=Path, default=None, help="手册目录（默认：./handbook，或当前目录所在的手册）"
    )
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示自动选择空闲端口）")
    add_limit_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from ..options import limits_from
    from ..preview import PreviewServer, PreviewSite, report_build
    from ..schema.check import find_root
    from ..schema.findings import HandbookError, render_message
    from ..schema.layout import default_handbook

    path: Path = args.path or default_handbook()
    if not path.exists():
        raise HandbookError("io.not-found", "io", path=str(path))
    if not 0 <= args.port <= 65535:
        raise HandbookError("serve.port-busy", "usage", host="127.0.0.1", port=args.port, reason="no such port")
    site = PreviewSite(find_root(path.resolve()), lang=args.lang, limits=limits_from(args))
    server = PreviewServer(site, args.port)
    # a service manager (or a test) stops the preview with SIGTERM: stop as cleanly as on Ctrl+C
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        site.rebuild()
        report_build(site)
        print(render_message("serve.listening", {"url": server.url}, args.lang), flush=True)
        server.watch(on_build=lambda: report_build(site))
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print(f"handbook: {render_message('serve.stopped', {}, args.lang)}", file=sys.stderr, flush=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
