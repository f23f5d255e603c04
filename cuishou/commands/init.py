"""``handbook init DIR``: a new handbook repository that validates clean, with schemas, hooks and CI wired."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HELP = (
    "新建手册仓库：meta.yaml、红线与所引法律、JSON Schema、pre-commit、编辑器设置、CI 示例；不覆盖。"
    "Create a handbook repository."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, help="新仓库的目录（可以不存在，或是空目录、刚 git init 的目录）")
    parser.add_argument("--title", default="催收培训手册", help="手册名称（默认 催收培训手册）")
    parser.add_argument("--organisation", default=None, help="机构名称")
    parser.add_argument("--owner", default="培训部", help="负责人或部门（默认 培训部）")
    parser.add_argument(
        "--contact-window", default="08:00-22:00", help="允许联系时段（默认 08:00-22:00，GB/T 45251—2025）"
    )
    parser.add_argument("--effective", type=dt.date.fromisoformat, default=None, help="生效日期 YYYY-MM-DD（默认今天）")
    parser.add_argument(
        "--tool",
        default="",
        metavar="REQUIREMENT",
        help="CI 安装本工具所用的 pip 依赖写法（默认 cuishou-handbook==当前版本）",
    )
    parser.add_argument(
        "--hook-repo",
        default=None,
        metavar="URL",
        help="本工具仓库的地址：pre-commit 配置改用其 handbook-validate 钩子",
    )
    parser.add_argument(
        "--hook-rev", default=None, metavar="REV", help="与 --hook-repo 一起用：标签或提交（默认 v当前版本）"
    )
    content = parser.add_mutually_exclusive_group()
    content.add_argument("--example", action="store_true", help="复制整个示例手册（试用）")
    content.add_argument("--bare", action="store_true", help="只写 meta.yaml，不复制红线")


def run(args: argparse.Namespace) -> int:
    from ..schema.findings import HandbookError, define_messages, render_message
    from ..schema.models.meta import contact_window_minutes
    from ..starter import StarterOptions, starter_files

    define_messages(_MESSAGES)
    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise HandbookError("init.not-a-folder", "io", path=str(target))
    if contact_window_minutes(args.contact_window) is None:
        raise HandbookError("init.bad-window", "usage", window=args.contact_window)
    files = starter_files(
        StarterOptions(
            title=args.title,
            organisation=args.organisation,
            owner=args.owner,
            contact_window=args.contact_window,
            effective=args.effective,
            requirement=args.tool,
            hook_repo=args.hook_repo,
            hook_rev=args.hook_rev,
            example=args.example,
            bare=args.bare,
        )
    )
    # refuse before writing anything: every file and every top-level folder we create must be new
    tops = sorted({name.split("/")[0] for name in files})
    clashes = [top for top in tops if (target / top).exists()]
    if clashes:
        raise HandbookError("init.exists", "io", path=str(target), names=", ".join(clashes))
    for name, data in files.items():
        path = target / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:  # "x": never overwrite, even a file that appears meanwhile
                handle.write(data)
        except OSError as exc:
            raise HandbookError("io.cannot-write", "io", path=str(path), reason=exc.strerror or str(exc)) from exc
    print(target)
    print(render_message("init.created", {"path": target, "count": len(files)}, args.lang), file=sys.stderr)
    return 0


_MESSAGES = {
    "init.not-a-folder": ("{path} 已存在且不是目录", "{path} exists and is not a folder"),
    "init.bad-window": (
        "--contact-window “{window}”无法识别：请写成 HH:MM-HH:MM（半角数字和冒号，开始早于结束），如 08:00-21:00",
        "--contact-window '{window}' cannot be read: write HH:MM-HH:MM (ASCII digits, start before end), "
        "e.g. 08:00-21:00",
    ),
    "init.exists": (
        "{path} 中已有 {names}：handbook init 不覆盖任何文件，请换一个目录或先移走它们",
        "{path} already holds {names}: handbook init overwrites nothing; choose another folder or move them",
    ),
    "init.created": (
        "已在 {path} 创建手册仓库（{count} 个文件）。下一步：cd {path} && handbook validate && "
        "handbook new course my-course",
        "created a handbook repository in {path} ({count} files). Next: cd {path} && handbook validate && "
        "handbook new course my-course",
    ),
}
