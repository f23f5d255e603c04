"""The ``handbook`` command: parse arguments, run one subcommand, map the outcome to an exit code.

Exit codes: 0 clean, 1 error-level findings (warnings too with ``--strict``), 2 usage, I/O or internal
error. Subcommands live in ``cuishou/commands/`` and import their heavy dependencies only when run, so
``handbook --help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from typing import Protocol

from . import __version__
from .schema.findings import HandbookError, render_message

__all__ = ["COMMAND_BY_NAME", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
#: what a shell reports for a command ended by SIGPIPE (128 + 13): the output was cut by its reader
EXIT_BROKEN_PIPE = 141

#: subcommand name -> module under ``cuishou.commands`` (imported when the parser is built)
COMMAND_BY_NAME: dict[str, str] = {
    "validate": "validate",
    "export": "export",
    "serve": "serve",
    "schema": "schema",
    "new": "new",
    "init": "init",
    "lint-text": "lint_text",
    "train-conduct": "train_conduct",
}


class Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep that, but never print a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="handbook",
        description="催收培训手册工具：校验 YAML 手册并导出讲义。Collection-training handbook: validate and export.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMAND_BY_NAME.items():
        module: Command = importlib.import_module(f".commands.{module_name}", __package__)
        child = sub.add_parser(name, help=module.HELP, description=module.HELP)
        child.add_argument("--lang", choices=("zh", "en"), default="zh", help="消息语言 message language (default zh)")
        module.add_arguments(child)
        child.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`handbook validate | head -1`): stop quietly, as other command-line tools do
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _tolerant_streams() -> None:
    """Chinese messages on a terminal or pipe that cannot encode them (PYTHONIOENCODING=ascii, a Latin-1
    console) come out as ``\\u`` escapes instead of ending the run with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush does not fail again on the pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    lang = getattr(args, "lang", "zh")
    try:
        return int(args._run(args))
    except HandbookError as exc:
        _say(exc.message(lang))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(render_message("cli.interrupted", {}, lang))
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # handled in main: not an I/O error of the handbook
    except OSError as exc:
        # commands name reads and writes themselves (io.unreadable, io.cannot-write); this one cannot tell
        _say(render_message("io.failed", {"path": exc.filename or "", "reason": exc.strerror or exc}, lang))
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - last resort: a bug must not show a traceback to an author
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", prefix="handbook-crash-", suffix=".log", delete=False
        ) as log:
            traceback.print_exc(file=log)
        _say(render_message("internal.bug", {"error": repr(exc), "log": log.name}, lang))
        return EXIT_USAGE


def _say(message: str) -> None:
    """One line on stderr; paths and values in it come from the user, so no control character goes out raw."""
    from .reporters import visible

    print(f"handbook: {visible(message)}", file=sys.stderr)
