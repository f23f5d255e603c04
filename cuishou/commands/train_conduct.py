"""``handbook train-conduct``: rebuild the conduct lint's model from the corpus, check it, or score the lint.

Maintainers run it after changing ``corpus/conduct/``; ``--check`` (CI, pre-commit) fails when the shipped
model is not what the corpus trains; ``--evaluate`` prints recall, right rule and false alarms per register
on held-out sets for the patterns alone, the model alone, and both together (what ``validate`` and
``lint-text`` use).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..schema.conduct_corpus import Labelled
    from ..schema.conduct_engine import ConductEngine
    from ..schema.conduct_model import ConductModel
    from ..schema.models.conduct import ConductRule

HELP = "用语料重新训练红线统计模型，或检查其是否过期、在留出集上评估。Rebuild, check or evaluate the conduct model."

_CORPUS = Path("corpus") / "conduct"
_SETS = ("real/heldout", "synthetic/heldout")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=_CORPUS,
        help="语料目录（默认 corpus/conduct，读取 synthetic/train、real/train 与 real/dev） corpus folder",
    )
    parser.add_argument("--out", type=Path, default=None, help="模型文件（默认随包发布的模型） model file to write")
    parser.add_argument("--check", action="store_true", help="只检查：模型与语料不一致时退出码 1")
    parser.add_argument(
        "--evaluate",
        nargs="*",
        metavar="SET",
        default=None,
        help="按语域评估（默认 real/heldout 与 synthetic/heldout；也可 real/dev），不写文件 score by register",
    )
    parser.add_argument(
        "--handbook",
        type=Path,
        default=None,
        help="红线规则所在手册，其模式的命中记录写入模型（默认当前手册或示例手册）",
    )


def run(args: argparse.Namespace) -> int:
    from ..schema.conduct_corpus import training_lines
    from ..schema.conduct_engine import ConductEngine
    from ..schema.conduct_model import MODEL_PATH, parse
    from ..schema.conduct_reliability import build_model
    from ..schema.findings import HandbookError, define_messages, render_message

    define_messages(_MESSAGES)
    out: Path = args.out or MODEL_PATH
    if not (args.corpus / "synthetic" / "train").is_dir() or not (args.corpus / "real" / "train").is_dir():
        raise HandbookError("train.no-corpus", "io", path=str(args.corpus))
    lines = training_lines(args.corpus)  # read once: trained on, and its real lines give the pattern records
    if all(line.label == "lawful" for line in lines) or not any(line.label == "lawful" for line in lines):
        raise HandbookError("train.one-class", "io", path=str(args.corpus))
    rules, window = _conduct_rules(args)
    text = build_model(lines, ConductEngine(rules, window))
    if args.evaluate is not None:
        return _evaluate(args, parse(text), rules, window)
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    if args.check:
        if current != text:
            print(render_message("train.stale", {"path": out, "corpus": args.corpus}, args.lang))
            return 1
        return 0
    if current != text:
        from ..export.atomic_write import write_atomic

        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, text.encode("utf-8"))
    message = "train.written" if current != text else "train.unchanged"
    print(render_message(message, {"path": out, "lines": len(lines)}, args.lang), file=sys.stderr)
    return 0


def _conduct_rules(args: argparse.Namespace) -> tuple[list[ConductRule], str]:
    """The conduct rules (their patterns are part of the model's records) and the contact window."""
    from ..schema.check import load_handbook
    from ..schema.layout import META_FILE, default_handbook, sample_root
    from ..schema.models.conduct import ConductRule

    root = args.handbook or default_handbook()
    if args.handbook is None and not (root / META_FILE).is_file():
        root = sample_root()
    handbook, _ = load_handbook(root)
    rules = [r.entry for r in handbook.records("conduct_rule") if isinstance(r.entry, ConductRule)]
    window = handbook.meta.contact_window if handbook.meta is not None else "08:00-22:00"
    return rules, window


def _evaluate(args: argparse.Namespace, model: ConductModel, rules: list[ConductRule], window: str) -> int:
    from ..schema.conduct_corpus import evaluation_sets, score_by_register
    from ..schema.conduct_engine import ConductEngine
    from ..schema.findings import HandbookError

    both = ConductEngine(rules, window, model)
    engines: dict[str, ConductEngine] = {
        "patterns": both.patterns_only(),
        "model": ConductEngine([r.model_copy(update={"patterns": []}) for r in rules], window, model),
        "both": both,
    }
    names = args.evaluate or list(_SETS)
    for name in names:
        if not (args.corpus / name).is_dir():
            raise HandbookError("io.not-found", "io", path=str(args.corpus / name))
    for name, lines in evaluation_sets(args.corpus, names).items():
        print(f"{name} ({len(lines)} lines)")
        for label, engine in engines.items():
            scores = score_by_register(functools.partial(_flags, engine), lines)
            for register, result in scores.items():
                print(f"  {label:9} {register:12} {result.summary()}")
    return 0


def _flags(engine: ConductEngine, batch: Sequence[Labelled]) -> list[frozenset[str]]:
    return [frozenset(h.rule for h in hits) for hits in engine.scan_many([line.text for line in batch])]


_MESSAGES = {
    "train.stale": (
        "{path} 与语料 {corpus} 训练出的模型不一致：请运行 handbook train-conduct 并提交模型文件",
        "{path} is not what {corpus} trains: run handbook train-conduct and commit the model file",
    ),
    "train.written": ("已用 {lines} 条语料训练并写入 {path}", "trained on {lines} lines, wrote {path}"),
    "train.unchanged": ("{path} 已是最新（{lines} 条语料）", "{path} is up to date ({lines} lines)"),
    "train.no-corpus": (
        "{path} 不是语料目录（需要 synthetic/train 与 real/train）",
        "{path} is not a corpus folder (needs synthetic/train and real/train)",
    ),
    "train.one-class": (
        "{path} 的训练语料须同时包含合规与违规的句子",
        "the training corpus in {path} must hold both lawful and unlawful lines",
    ),
}
