"""Assign newly gathered real sources to train / dev / held-out, by source document, without looking at them.

Each file in ``corpus/conduct/real/incoming/<batch>/`` is one source document (a page, a judgment, a code
file, a seed). Within each batch, sources are ordered by the SHA-256 of their group key and cut at fixed
fractions, so the assignment depends on nothing but the source ids: nobody can steer a hard source out of
the held-out split. Sources that are parts of one document share a group key (``SAME_DOCUMENT``). The
project's own seed documents all go to train: the lint must learn their register, and they are not a
measure of generalisation. A line whose text already sits in an earlier split is dropped from the later
one (train < dev < heldout, and committed splits before new sources), so no held-out line is ever
trained on; the count is printed.

Run once per batch: ``python tools/split_real_corpus.py [BATCH ...]`` (default: every batch in
``incoming/``; name batches to leave one still being gathered alone). Files are moved, not copied.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "conduct" / "real"
INCOMING = REAL / "incoming"
SPLITS = ("train", "dev", "heldout")
#: cumulative fractions of each batch's source groups: 50 % train, 20 % dev, 30 % held-out
CUTS = (0.5, 0.7, 1.0)
#: batches that are training material only
TRAIN_ONLY = ("seeds-a", "seeds-b")
#: sources that are parts of one document and must share a split
SAME_DOCUMENT = {
    "wendangku-bocom-cuishou-renyuan-jichu-huashu-intro": "70edu-bocom-cuishou-renyuan-jichu-huashu-p3",
}


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _group(source_id: str) -> str:
    return SAME_DOCUMENT.get(source_id, source_id)


def assign(batch: Path) -> dict[Path, str]:
    files = sorted(batch.glob("*.yaml"))
    if batch.name in TRAIN_ONLY:
        return dict.fromkeys(files, "train")
    groups = sorted({_group(f.stem) for f in files}, key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    split_of_group = {}
    for rank, group in enumerate(groups):
        position = (rank + 0.5) / len(groups)
        split_of_group[group] = next(s for s, cut in zip(SPLITS, CUTS, strict=True) if position < cut)
    return {f: split_of_group[_group(f.stem)] for f in files}


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    batches = [INCOMING / name for name in names] or sorted(p for p in INCOMING.iterdir() if p.is_dir())
    missing = [b.name for b in batches if not b.is_dir()]
    if missing:
        print(f"no such batch in {INCOMING}: {', '.join(missing)}", file=sys.stderr)
        return 2
    plan: dict[Path, str] = {}
    for batch in batches:
        plan.update(assign(batch))
    seen: set[str] = set()
    for split in SPLITS:  # texts already in earlier splits (committed or planned) are seen
        for path in sorted((REAL / split).glob("*.yaml")):
            seen.update(_key(line["text"]) for line in yaml.safe_load(path.read_text(encoding="utf-8"))["lines"])
    dropped = 0
    for split in SPLITS:
        target = REAL / split
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(p for p, s in plan.items() if s == split):
            if (target / path.name).exists():
                print(f"{path.name}: already in {split}", file=sys.stderr)
                return 2
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
            keep = [line for line in data["lines"] if _key(line["text"]) not in seen]
            dropped += len(data["lines"]) - len(keep)
            seen.update(_key(line["text"]) for line in data["lines"])
            if len(keep) != len(data["lines"]):
                data["lines"] = keep
                text = _dump(data)
            (target / path.name).write_text(text, encoding="utf-8")
            path.unlink()
    print(f"assigned {len(plan)} sources; dropped {dropped} lines already in an earlier split")
    print(f"removed {purge_synthetic_copies()} synthetic training lines that equal a dev or held-out line")
    return 0


def purge_synthetic_copies() -> int:
    """Drop synthetic training lines whose text is also a dev or held-out line (authors sometimes write
    the same stock sentence, "严禁使用恐吓、侮辱性语言", that a real rulebook holds). One entry per line in
    those files, so the lines are removed as text and the files' header comments stay."""
    held = set()
    for folder in (REAL / "dev", REAL / "heldout", ROOT / "corpus" / "conduct" / "synthetic" / "heldout"):
        for path in folder.glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            items = data["lines"] if isinstance(data, dict) else data
            held.update(_key(item["text"]) for item in items)
    removed = 0
    for path in sorted((ROOT / "corpus" / "conduct" / "synthetic" / "train").glob("*.yaml")):
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("- {"):
                item = yaml.safe_load(line)[0]
                if _key(item["text"]) in held:
                    removed += 1
                    continue
            kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    return removed


def _dump(data: dict[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    sys.exit(main())
