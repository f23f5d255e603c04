"""JSON Schemas (draft 2020-12) generated from the pydantic models: one per YAML file kind, one for the bundle.

Editors that use yaml-language-server read a kind's schema through the modeline on the first line of each
handbook file and give authors completion, hover text and red squiggles. So every title and description an
author sees is Chinese: field titles come from the models, model titles and descriptions from
``MODEL_TEXT`` below (a model missing there keeps its class name, and a test catches that).

The committed files under ``schema/json/`` are this module's output; ``handbook schema`` regenerates them
and a test fails when they are stale.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .models import KINDS, SCHEMA_VERSION, Meta
from .models.common import ID_PATTERN
from .models.coverage import Coverage

__all__ = [
    "BUNDLE_SCHEMA_ID",
    "DRAFT",
    "MODELINE_PREFIX",
    "MODEL_TEXT",
    "bundle_schema",
    "expected_modeline",
    "generate_all",
    "kind_schema",
    "meta_schema",
    "render_schema",
    "schema_file_name",
    "stale_files",
    "write_modeline",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: ``$id`` of the bundle schema and the ``$schema`` value of every bundle; a URN because no URL is published
BUNDLE_SCHEMA_ID = "urn:cuishou-handbook:schema:bundle"
#: the first line of a handbook YAML file that points yaml-language-server at the file's schema
MODELINE_PREFIX = "# yaml-language-server: $schema="

#: model class name -> (Chinese title, Chinese description) shown to authors in their editor
MODEL_TEXT: dict[str, tuple[str, str]] = {
    "Meta": ("手册信息", "手册根目录下唯一的 meta.yaml：名称、版本、数据模型版本、生效日期、负责人"),
    "Source": ("来源", "条目内容出自哪份种子文件的哪一节，便于审核追溯"),
    "ConductReview": ("红线复核", "经人工复核确认不违反红线的误报：原文、红线与理由；只给编写者和审核者看"),
    "Course": ("课程", "课程大纲或培训教案：课次、模块（分钟数）、目标、活动与教学评价"),
    "Session": ("课次", "课程的一次授课（半天、一天或一章）"),
    "Module": ("模块", "课次中计时的一段内容"),
    "Activity": ("课堂活动", "情景演练、案例分析等活动：组织步骤、角色、讨论问题"),
    "AssessmentItem": ("教学评价", "如何检查学习效果：案例分析、模拟演练、课后作业、测验"),
    "Procedure": ("流程", "按逾期天数划分阶段的催收流程"),
    "Stage": ("阶段", "流程中的一个阶段：逾期天数范围、目标、渠道、步骤、证据与升级"),
    "DayWindow": ("逾期天数范围", "本阶段覆盖的逾期天数；不填 to 表示不设上限"),
    "Step": ("步骤", "阶段中由某人执行的一个动作"),
    "Evidence": ("留存证据", "需要留存的记录及原因（诉讼时效、争议、审计）"),
    "Escalation": ("升级", "案件在什么条件下转入哪个阶段（procedure:流程id#阶段id）"),
    "Script": ("话术", "一个场景下合法合规的电话或上门沟通对话"),
    "Turn": ("对话轮次", "一句话：说话人、内容、给学员的提示"),
    "CustomerType": ("客户类型", "一类借款人的语音和行为特征及应对策略"),
    "Cause": ("逾期原因", "一种逾期原因：类别、识别信号与应对"),
    "RiskGrade": ("风险等级", "逾期账户的风险等级：判定标准与处置"),
    "Kpi": ("考核指标", "关键绩效指标：公式与含义"),
    "Role": ("岗位", "催收团队中的岗位：职责、权限、考核项目"),
    "Team": ("团队管理", "团队组建、培训方案、绩效考核等做法"),
    "TeamSection": ("团队管理小节", "一个标题及其要点"),
    "Term": ("术语", "术语及其释义；title 即术语本身"),
    "Legal": ("法律依据", "法律、司法解释、规章或标准：状态、日期与条文"),
    "Article": ("条文", "法律文件的一条：条号、显示名称、要旨"),
    "ConductRule": ("红线", "合法催收的行为规则：依据、识别模式、违规与合规示例"),
    "Pattern": ("识别模式", "同一分句中同时出现的关键词组，用于检查话术是否违规"),
    "Examples": ("示例", "违规与合规的例句；测试会用它们检验识别模式"),
    "CounterExample": ("错误示范", "来源中的违规做法（已标注）、违反的红线及合规做法"),
    "Coverage": ("覆盖图", "sources.yaml：每份种子文件的章节对应到哪些条目，或排除的原因"),
    "SeedCoverage": ("来源文件", "一份种子文件及其章节"),
    "SectionMap": ("章节对应", "一个章节：对应条目（entries）或排除原因（excluded），二者选一"),
}


def schema_file_name(kind: str) -> str:
    """``course.schema.json``; ``meta`` and ``bundle`` are named the same way."""
    return f"{kind}.schema.json"


def _defs_for(models: list[type[BaseModel]], mode: str) -> tuple[dict[str, Any], dict[str, str]]:
    """``$defs`` for several models in one table, and each top model's ``$ref``."""
    keyed = [(m, mode) for m in models]
    refs, top = models_json_schema(keyed, by_alias=True, ref_template="#/$defs/{model}")  # type: ignore[arg-type]
    defs: dict[str, Any] = top.get("$defs", {})
    for name, node in defs.items():
        title, description = MODEL_TEXT.get(name, (node.get("title", name), node.get("description", "")))
        node["title"] = title
        if description:
            node["description"] = description
    return defs, {m.__name__: refs[(m, mode)]["$ref"] for m in models}  # type: ignore[index]


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of one YAML file of ``kind``: one entry (a mapping) or a list of entries, as build.py reads.

    The two shapes are told apart by type (``if``/``then``/``else``), not offered as ``anyOf`` alternatives:
    a validator then reports the errors of the shape the file has, not of both, and each shape has its own
    title for an editor's hover.
    """
    spec = KINDS[kind]
    defs, refs = _defs_for([spec.model], "validation")
    ref = refs[spec.model.__name__]
    return {
        "$schema": DRAFT,
        "title": f"{spec.zh}（{kind}）文件",
        "description": f"handbook/{spec.folder}/ 下的文件：一个{spec.zh}条目，或多个条目组成的列表。"
        f"数据模型版本 {SCHEMA_VERSION}。",
        "if": {"type": "array"},
        "then": {"title": f"{spec.zh}列表", "type": "array", "minItems": 1, "items": {"$ref": ref}},
        "else": {"title": f"一个{spec.zh}条目", "$ref": ref},
        "$defs": defs,
    }


def meta_schema() -> dict[str, Any]:
    """The schema of ``meta.yaml``, which says which data-model version the handbook was written for."""
    defs, refs = _defs_for([Meta], "validation")
    major = SCHEMA_VERSION.split(".")[0]
    version = defs["Meta"]["properties"]["schema_version"]
    version["description"] = f"本手册按哪个数据模型版本编写；本工具支持 {major}.x.x（当前 {SCHEMA_VERSION}）"
    # the model accepts any semver so that build.py can explain a major mismatch; the editor flags it at once
    version["pattern"] = rf"^{major}\.\d+\.\d+$"
    return {
        "$schema": DRAFT,
        "title": "手册信息（meta.yaml）",
        "description": "手册根目录下的 meta.yaml。",
        "$ref": refs["Meta"],
        "$defs": defs,
    }


def coverage_schema() -> dict[str, Any]:
    """The schema of ``sources.yaml``, the coverage map from seed sections to entries."""
    defs, refs = _defs_for([Coverage], "validation")
    return {
        "$schema": DRAFT,
        "title": "覆盖图（sources.yaml）",
        "description": "手册根目录下的 sources.yaml：种子章节 → 条目，或排除原因。",
        "$ref": refs["Coverage"],
        "$defs": defs,
    }


def bundle_schema() -> dict[str, Any]:
    """The schema of ``handbook export json``: meta, every entry by kind, references and what cites what."""
    models: list[type[BaseModel]] = [Meta, Coverage, *(spec.model for spec in KINDS.values())]
    defs, refs = _defs_for(models, "serialization")
    major = SCHEMA_VERSION.split(".")[0]
    # prefixes are kebab-case words: no escaping needed (and ``\-`` is not a valid ECMA-262 unicode regex)
    prefixes = "|".join(spec.prefix for spec in KINDS.values())
    key_pattern = f"^(?:{prefixes}):{ID_PATTERN[1:-1]}$"
    key = {
        "type": "string",
        "pattern": key_pattern,
        "title": "条目键",
        "description": "类型前缀:标识，如 script:first-call",
    }
    defs["Reference"] = {
        "title": "引用",
        "description": "一个条目中的一处引用，及其解析结果",
        "type": "object",
        "additionalProperties": False,
        "required": ["from", "at", "ref", "target", "anchor", "resolved"],
        "properties": {
            "from": {**key, "title": "引用方"},
            "at": {"type": "string", "title": "位置", "description": "引用在该条目中的 JSON Pointer，如 /refs/0"},
            "ref": {"type": "string", "title": "引用原文", "description": "如 legal:civil-code#188"},
            "target": {**key, "title": "被引用条目"},
            "anchor": {"type": ["string", "null"], "title": "锚点", "description": "条号、阶段或模块标识；无则为 null"},
            "resolved": {"type": "boolean", "title": "已解析", "description": "条目（及锚点）存在时为 true"},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": BUNDLE_SCHEMA_ID,
        "title": "催收培训手册 JSON 数据包",
        "description": "handbook export json 的输出：手册信息、按类型列出的全部条目（引用保留为标识）、"
        "引用索引（谁引用了谁）。",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "$schema",
            "schema_version",
            "meta",
            "kinds",
            "entries",
            "files",
            "references",
            "cited_by",
            "coverage",
        ],
        "properties": {
            "$schema": {"const": BUNDLE_SCHEMA_ID, "title": "数据包格式"},
            "schema_version": {
                "type": "string",
                "pattern": rf"^{major}\.\d+\.\d+$",
                "title": "数据模型版本",
                "description": f"生成数据包的数据模型版本（semver）；本格式为 {major}.x.x",
            },
            "meta": {"$ref": refs["Meta"], "title": "手册信息"},
            "kinds": {
                "type": "object",
                "title": "类型",
                "description": "类型前缀（entries、files、references、cited_by 共用的名字）-> 手册中的文件夹、"
                "模型名和中文名",
                "additionalProperties": False,
                "required": [spec.prefix for spec in KINDS.values()],
                "properties": {
                    spec.prefix: {
                        "type": "object",
                        "title": spec.zh,
                        "additionalProperties": False,
                        "required": ["folder", "model", "zh"],
                        "properties": {
                            "folder": {"const": spec.folder, "title": "文件夹"},
                            "model": {"const": spec.name, "title": "模型名"},
                            "zh": {"const": spec.zh, "title": "中文名"},
                        },
                    }
                    for spec in KINDS.values()
                },
            },
            "entries": {
                "type": "object",
                "title": "条目",
                "description": "按类型前缀列出的全部条目，每类按标识排序；条目键为 前缀:标识",
                "additionalProperties": False,
                "required": [spec.prefix for spec in KINDS.values()],
                "properties": {
                    spec.prefix: {
                        "type": "array",
                        "title": spec.zh,
                        "items": {"$ref": refs[spec.model.__name__]},
                    }
                    for spec in KINDS.values()
                },
            },
            "files": {
                "type": "object",
                "title": "来源文件",
                "description": "条目键 -> 相对于手册根目录的 YAML 文件路径",
                "propertyNames": {"pattern": key_pattern},
                "additionalProperties": {"type": "string"},
            },
            "references": {
                "type": "array",
                "title": "引用",
                "description": "全部引用：按引用方排序，同一条目内按在文件中出现的顺序",
                "items": {"$ref": "#/$defs/Reference"},
            },
            "cited_by": {
                "type": "object",
                "title": "被引用",
                "description": "条目键 -> 引用它的条目键（已排序）",
                "propertyNames": {"pattern": key_pattern},
                "additionalProperties": {"type": "array", "items": key},
            },
            "coverage": {
                "anyOf": [{"$ref": refs["Coverage"]}, {"type": "null"}],
                "title": "覆盖图",
                "description": "sources.yaml：来源文件的各章节 -> 条目键，或排除原因；手册没有覆盖图时为 null",
            },
        },
        "$defs": defs,
    }


def generate_all() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every file ``handbook schema`` writes (in a stable order)."""
    out = {schema_file_name("meta"): meta_schema(), schema_file_name("coverage"): coverage_schema()}
    for kind in KINDS:
        out[schema_file_name(kind)] = kind_schema(kind)
    out[schema_file_name("bundle")] = bundle_schema()
    return out


def render_schema(schema: dict[str, Any]) -> str:
    """Stable text of a schema: readable Chinese (no ``\\u`` escapes), sorted keys, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def stale_files(out_dir: Path) -> list[str]:
    """Names of schema files in ``out_dir`` that are missing or differ from what the models generate."""
    stale = []
    for name, schema in generate_all().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(schema):
            stale.append(name)
    return stale


# --- modelines -------------------------------------------------------------------------------------------


def expected_modeline(file: Path, root: Path, schema_dir: Path) -> str | None:
    """The modeline ``file`` should start with, or None for a file that has no kind (not an entry file)."""
    from .build import COVERAGE_FILE, META_FILE, kind_of

    rel = file.relative_to(root)
    if rel.parts == (META_FILE,):
        name = schema_file_name("meta")
    elif rel.parts == (COVERAGE_FILE,):
        name = schema_file_name("coverage")
    else:
        spec = kind_of(file, root)
        if spec is None:
            return None
        name = schema_file_name(spec.name)
    target = os.path.relpath(schema_dir / name, file.parent)
    return MODELINE_PREFIX + Path(target).as_posix()


def write_modeline(file: Path, modeline: str) -> bool:
    """Make ``modeline`` the first line of ``file``; True when the file changed.

    Only the first line is touched: an existing modeline there is replaced, otherwise one is inserted.
    Bytes after it (comments, quoting, line endings) are kept as they are.
    """
    text = file.read_bytes().decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    first, sep, rest = text[len(bom) :].partition("\n")
    cr = "\r" if first.endswith("\r") else ""
    if first.startswith(MODELINE_PREFIX):
        if first.removesuffix("\r") == modeline:
            return False
        updated = bom + modeline + cr + sep + rest
    else:
        updated = bom + modeline + cr + "\n" + text[len(bom) :]
    file.write_bytes(updated.encode("utf-8"))
    return True
