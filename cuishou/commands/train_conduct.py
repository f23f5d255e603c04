"""``handbook train-conduct``: rebuild the conduct lint's model from the corpus, check it, or score it.

Maintainers run it after changing ``corpus/conduct/train/``; ``--check`` (CI, pre-commit) fails when the
shipped model is not what the corpus trains; ``--evaluate`` prints recall and false alarms on the
held-out sets for the patterns alone, the model alone, and both together (what ``validate`` and
``lint-text`` use).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..schema.conduct_model import ConductModel

HELP = "用语料重新训练红线统计模型，或检查其是否过期、在留出集上评估。Rebuild, check or evaluate the conduct model."

_CORPUS = Path("corpus") / "conduct"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=_CORPUS / "train",
        help="训练语料目录（默认 corpus/conduct/train） training corpus folder",
    )
    parser.add_argument("--out", type=Path, default=None, help="模型文件（默认随包发布的模型） model file to write")
    parser.add_argument("--check", action="store_true", help="只检查：模型与语料不一致时退出码 1")
    parser.add_argument(
        "--evaluate",
        type=Path,
        nargs="?",
        const=_CORPUS / "heldout",
        metavar="DIR",
        help="在留出集上评估（默认 corpus/conduct/heldout），不写文件 score on held-out sets",
    )
    parser.add_argument(
        "--handbook", type=Path, default=Path("handbook"), help="红线规则所在手册（评估用，默认 handbook）"
    )


def run(args: argparse.Namespace) -> int:
    from ..schema.conduct_corpus import read_corpus_dir
    from ..schema.conduct_model import MODEL_PATH, parse, train
    from ..schema.findings import define_messages, render_message

    define_messages(_MESSAGES)
    out: Path = args.out or MODEL_PATH
    lines = read_corpus_dir(args.corpus)
    text = train((line.text, line.label) for line in lines)
    if args.evaluate is not None:
        return _evaluate(args, parse(text))
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


def _evaluate(args: argparse.Namespace, model: ConductModel) -> int:
    from ..schema.check import load_handbook
    from ..schema.conduct_corpus import read_corpus, score
    from ..schema.conduct_engine import ConductEngine
    from ..schema.models.conduct import ConductRule

    handbook, _ = load_handbook(args.handbook)
    rules = [cast(ConductRule, r.entry) for r in handbook.records("conduct_rule")]
    window = handbook.meta.contact_window if handbook.meta is not None else "08:00-22:00"
    engines = {
        "patterns": ConductEngine(rules, window),
        "model": ConductEngine([r.model_copy(update={"patterns": []}) for r in rules], window, model),
        "both": ConductEngine(rules, window, model),
    }
    for path in sorted(args.evaluate.glob("*.yaml")):
        lines = read_corpus(path)
        print(path)
        for name, engine in engines.items():
            print(f"  {name:9} {score(engine, lines).summary()}")
    return 0


_MESSAGES = {
    "train.stale": (
        "{path} 与语料 {corpus} 训练出的模型不一致：请运行 handbook train-conduct 并提交模型文件",
        "{path} is not what {corpus} trains: run handbook train-conduct and commit the model file",
    ),
    "train.written": ("已用 {lines} 条语料训练并写入 {path}", "trained on {lines} lines, wrote {path}"),
    "train.unchanged": ("{path} 已是最新（{lines} 条语料）", "{path} is up to date ({lines} lines)"),
}
