"""Synthetic handbooks of realistic shape for the benchmark: every kind, Chinese text, cross-references.

``python -m bench.generate --entries 2000 --out /tmp/hb-m`` writes a handbook that validates clean, so
the benchmark measures the real path (parse, schema, references, rules, lint), not early failures.
Deterministic: the same size gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

#: neutral, lawful phrases: the conduct lint must stay quiet on generated text
_PHRASES = [
    "核实借款人身份后说明来电目的",
    "了解逾期原因并记录在案",
    "协商可行的还款计划",
    "提醒按约定日期还款",
    "说明逾期记录会报送征信系统",
    "保持礼貌和耐心",
    "确认还款金额与还款渠道",
    "通话全程录音并留存",
    "约定下次联系时间",
    "发送书面还款提醒",
    "根据客户情况调整沟通方式",
    "整理借款合同与还款记录",
    "向主管报告异常情况",
    "解释分期还款的申请条件",
    "核对最近一次还款日期",
    "复盘通话中的沟通要点",
]
_KINDS_SHARE = [  # (folder, share of entries)
    ("scripts", 0.30),
    ("glossary", 0.18),
    ("procedures", 0.10),
    ("courses", 0.10),
    ("kpis", 0.05),
    ("customer-types", 0.05),
    ("causes", 0.05),
    ("risk-grades", 0.04),
    ("roles", 0.04),
    ("legal", 0.05),
    ("team", 0.04),
]


def _text(rng: random.Random, n: int = 2) -> str:
    return "，".join(rng.choice(_PHRASES) for _ in range(n)) + "。"


def _src(i: int) -> list[dict[str, str]]:
    return [{"seed": "house", "section": f"合成章节 {i}"}]


def _course(i: int, rng: random.Random, n_proc: int, n_script: int) -> dict[str, Any]:
    modules = []
    total = 0
    for m in range(4):
        minutes = rng.choice([15, 30, 45, 60])
        total += minutes
        modules.append(
            {
                "id": f"m{m}",
                "title": f"模块 {m + 1}",
                "minutes": minutes,
                "objectives": [_text(rng, 1)],
                "topics": [_text(rng), _text(rng)],
                "activities": [
                    {
                        "kind": "role_play",
                        "title": "情景演练",
                        "roles": ["催收专员", "借款人"],
                        "instructions": [_text(rng)],
                    }
                ],
                "refs": [f"procedure:proc-{rng.randrange(n_proc)}", f"script:script-{rng.randrange(n_script)}"],
            }
        )
    return {
        "id": f"course-{i}",
        "title": f"合成课程 {i}",
        "audience": "电话催收专员",
        "total_minutes": total,
        "objectives": [_text(rng)],
        "sessions": [{"id": "s1", "title": "第一讲", "modules": modules}],
        "assessment": [{"method": "模拟演练", "description": _text(rng)}],
        "sources": _src(i),
    }


def _procedure(i: int, rng: random.Random) -> dict[str, Any]:
    bounds = [(-3, 0), (1, 5), (6, 18), (19, 28), (29, None)]
    stages = []
    for s, (lo, hi) in enumerate(bounds):
        stage: dict[str, Any] = {
            "id": f"st{s}",
            "title": f"阶段 {s + 1}",
            "days": {"from": lo} | ({"to": hi} if hi is not None else {}),
            "goal": _text(rng),
            "channels": ["phone", "sms"],
            "contacts": ["借款人本人"],
            "steps": [
                {
                    "id": f"st{s}-step{k}",  # stages and steps share one anchor namespace per procedure
                    "actor": "电话催收专员",
                    "action": _text(rng),
                    "channel": "phone",
                    "timing": "工作日白天",
                    "evidence": ["通话录音"],
                }
                for k in range(3)
            ],
            "evidence": [{"item": "通话录音", "why": "证明已提出还款请求"}],
        }
        if s + 1 < len(bounds):
            stage["escalation"] = [{"to": f"procedure:proc-{i}#st{s + 1}", "condition": "约定日期未还款"}]
        stages.append(stage)
    return {"id": f"proc-{i}", "title": f"合成流程 {i}", "summary": _text(rng), "stages": stages, "sources": _src(i)}


def _script(i: int, rng: random.Random, n_proc: int) -> dict[str, Any]:
    # nothing about the loan before the borrower is verified (disclosure.before-verification)
    turns = [
        {"speaker": "collector", "text": "您好，我是某某公司的工作人员，工号 1024，请问是张先生本人吗？"},
        {"speaker": "debtor", "text": "是我。"},
        {"speaker": "collector", "text": "麻烦您说一下身份证号码后四位，我核对一下。"},
    ]
    for _ in range(5):
        turns.append({"speaker": "debtor", "text": _text(rng, 1)})
        turns.append({"speaker": "collector", "text": _text(rng)})
    return {
        "id": f"script-{i}",
        "title": f"合成话术 {i}",
        "scenario": _text(rng),
        "stage": f"procedure:proc-{rng.randrange(n_proc)}#st1",
        "turns": turns,
        "dos": [_text(rng, 1)],
        "donts": ["不向他人透露借款信息"],
        "sources": _src(i),
    }


def _simple(folder: str, i: int, rng: random.Random) -> dict[str, Any]:
    base: dict[str, Any] = {"id": f"{folder}-{i}", "title": f"合成{folder} {i}", "sources": _src(i)}
    extra: dict[str, dict[str, Any]] = {
        "glossary": {"definition": _text(rng), "aliases": [f"别名{i}"]},
        "kpis": {"formula": "收回金额 ÷ 逾期金额 × 100%", "meaning": _text(rng)},
        "customer-types": {"voice": [_text(rng, 1)], "behaviour": [_text(rng, 1)], "strategy": [_text(rng)]},
        "causes": {"category": "客户方原因", "description": _text(rng), "strategy": [_text(rng)]},
        "risk-grades": {"level": 1 + i % 5, "description": _text(rng), "criteria": [_text(rng, 1)]},
        "roles": {"duties": [_text(rng), _text(rng)], "assessment": [_text(rng, 1)]},
        "team": {"sections": [{"title": "要求", "points": [_text(rng), _text(rng)]}]},
        "legal": {
            "short_title": f"规则{i}",
            "kind": "self_regulation",
            "issuer": "行业协会",
            "status": "in_force",
            "confidence": "V1",
            "effective": "2020-01-01",
            "articles": [{"number": str(a + 1), "label": f"第{a + 1}条", "summary": _text(rng)} for a in range(8)],
        },
    }
    return base | extra[folder]


def generate(entries: int, out: Path, seed: int = 20261125) -> Path:
    """Write a synthetic handbook of about ``entries`` entries to ``out`` (replacing it) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts = {folder: max(1, round(entries * share)) for folder, share in _KINDS_SHARE}
    meta = {
        "title": "合成手册",
        "version": "1.0.0",
        "schema_version": "1.0.0",
        "language": "zh-CN",
        "effective": "2026-12-01",
        "owners": ["基准测试"],
    }
    _dump(out / "meta.yaml", meta)
    for folder, count in counts.items():
        (out / folder).mkdir()
        for i in range(count):
            if folder == "courses":
                entry = _course(i, rng, counts["procedures"], counts["scripts"])
            elif folder == "procedures":
                entry = _procedure(i, rng)
            elif folder == "scripts":
                entry = _script(i, rng, counts["procedures"])
            else:
                entry = _simple(folder, i, rng)
            _dump(out / folder / f"{entry['id']}.yaml", entry)
    return out


def _dump(path: Path, data: Any) -> None:
    text = yaml.dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=120,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
    )
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.entries, args.out)
    print(args.out)


if __name__ == "__main__":
    main()
