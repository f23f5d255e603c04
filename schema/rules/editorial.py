"""Editorial lint: Traditional characters, pinyin left over from the seeds, and personal data.

The handbook is zh-CN: Traditional characters (the seeds are partly Traditional) get the Simplified
form as a suggestion, found with OpenCC's t2s conversion so that characters shared by both scripts are
never flagged. Seed artifacts such as 執(zhí)行 are flagged. Real people's data must not appear in
training material (个人信息保护法): 18-digit resident ID numbers with a valid GB 11643 check digit,
mainland mobile numbers, and bank card numbers that pass the Luhn check are errors.

PASS::

    text: 请核对身份证号后四位，手机号请写成 138****0000。

FAIL::

    text: 執(zhí)行催收前核對身份       # editorial.pinyin, editorial.traditional
    text: 客户电话 13912345678          # editorial.pii
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo("editorial.traditional", Severity.ERROR, "简体中文文本中有繁体字", "Traditional characters in zh-CN text"),
    RuleInfo("editorial.pinyin", Severity.ERROR, "残留的拼音注音", "pinyin artifact left from a seed"),
    RuleInfo("editorial.pii", Severity.ERROR, "文本中含个人信息", "personal data in text"),
)

define_messages(
    {
        "editorial.traditional": (
            "“{found}”是繁体字，简体应写作“{suggest}”",
            "'{found}' is Traditional; Simplified: '{suggest}'",
        ),
        "editorial.pinyin": (
            "“{found}”残留拼音注音：请删去括号中的拼音，写成“{suggest}”",
            "'{found}' carries a pinyin gloss: drop it and write '{suggest}'",
        ),
        "editorial.pii": (
            "疑似真实{kind_zh}（{masked}）：培训材料不得含真实个人信息，请删除或改为打码示例",
            "looks like a real {kind_en} ({masked}): training material must not carry personal data; remove or mask it",
        ),
    }
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"([\u4e00-\u9fff])[(（]\s*([a-zü]*[{_TONED}][a-zü{_TONED}]*|[a-zü]{{1,6}}[1-5])\s*[)）]")
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d])1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_CARD = re.compile(r"(?<![\d])(?:\d[ -]?){15,18}\d(?!\d)")
_DIGIT = re.compile(r"\d")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_resident_id(number: str) -> bool:
    """GB 11643-1999 check digit of an 18-character resident ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum used by bank card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def traditional_chars(text: str) -> tuple[str, str]:
    """(Traditional characters found, their Simplified forms), empty when the text is Simplified."""
    if not _CJK.search(text):
        return "", ""
    converted = _converter().convert(text)
    if converted == text:
        return "", ""
    convert_char = _converter().convert
    found, suggest = [], []
    pairs = zip(text, converted, strict=True) if len(converted) == len(text) else ((c, convert_char(c)) for c in text)
    for old, new in pairs:
        if old != new and old not in found:
            found.append(old)
            suggest.append(new)
    return "".join(found), "".join(suggest)


def _mask(value: str) -> str:
    digits = re.sub(r"[ -]", "", value)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def pii_in(text: str) -> Iterator[tuple[str, str, str]]:
    """(kind_zh, kind_en, masked value) for each personal-data number in ``text``."""
    taken: list[tuple[int, int]] = []
    for m in _ID.finditer(text):
        if valid_resident_id(m.group()):
            taken.append(m.span())
            yield "身份证号", "resident ID number", _mask(m.group())
    for m in _MOBILE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            taken.append(m.span())
            yield "手机号", "mobile number", _mask(m.group())
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if 16 <= len(digits) <= 19 and not any(s <= m.start() < e for s, e in taken) and luhn_ok(digits):
            yield "银行卡号", "bank card number", _mask(m.group())


@lru_cache(maxsize=65536)
def problems_in(text: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(rule id, params) of every editorial problem in one text; memoised, handbooks repeat lines."""
    out: list[tuple[str, dict[str, str]]] = []
    pinyin = False
    for m in _PINYIN.finditer(text):
        pinyin = True
        out.append(("editorial.pinyin", {"found": m.group(), "suggest": m.group(1)}))
    found, suggest = traditional_chars(_PINYIN.sub(r"\1", text) if pinyin else text)
    if found:
        out.append(("editorial.traditional", {"found": found, "suggest": suggest}))
    if _DIGIT.search(text):
        for kind_zh, kind_en, masked in pii_in(text):
            out.append(("editorial.pii", {"kind_zh": kind_zh, "kind_en": kind_en, "masked": masked}))
    return tuple((rule, tuple(params.items())) for rule, params in out)


def check(handbook: Handbook) -> Iterator[Finding]:
    for record in handbook.raw_records():  # entries that failed their model too: their text is still text
        for path, text in record.texts:
            for rule, params in problems_in(text):
                yield Finding(rule, Severity.ERROR, record.loc(*path), rule, dict(params))
