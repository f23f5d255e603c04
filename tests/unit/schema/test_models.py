"""The models never coerce: every scalar field of every model refuses a value of another type.

YAML 1.1 turns ``no`` into False, ``6.0`` into a float and keeps ``"6"`` a string; a lax model would quietly make
them 0 and 6 (``days: {to: no}`` became ``"to": 0`` in the bundle). The test walks every field of every model
reachable from the kinds, so a field added later without strictness fails here.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ValidationError

from cuishou.schema.check import check_path
from cuishou.schema.models import KINDS, Meta
from cuishou.schema.models.common import ConductReview
from cuishou.schema.models.coverage import Coverage
from tests.conftest import SHIPPED

#: for each scalar type a field may take, values of other types that YAML can produce and a lax model accepts
_WRONG: dict[Any, tuple[Any, ...]] = {
    int: (True, False, "6", 6.0, "0"),
    float: (True, "6.5"),
    bool: ("yes", "true", 1, 0, "on"),
    str: (1, 1.5, True, dt.date(2021, 1, 1)),
    dt.date: (0, 1_700_000_000, "2021-01-01T00:00:00", dt.datetime(2021, 1, 1), "2021/01/01", True),
    # a choice among fixed words (severity, channel, ``unknown`` minutes): anything not text is wrong
    Literal: (1, True, 1.5),
}


def _scalars(annotation: Any) -> tuple[set[Any], bool]:
    """The scalar types an annotation admits (``Literal`` for a fixed choice), and whether they sit in a list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _scalars(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found: set[Any] = set()
        in_list = False
        for arg in typing.get_args(annotation):
            sub, listed = _scalars(arg)
            found |= sub
            in_list = in_list or listed
        return found, in_list
    if origin is list:
        sub, _ = _scalars(typing.get_args(annotation)[0])
        return sub, True
    if origin is Literal:
        return {Literal}, False
    if annotation in _WRONG:
        return {annotation}, False
    return set(), False


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def _collect(model: type[BaseModel], data: Any, samples: dict[type[BaseModel], dict[str, Any]]) -> None:
    """Record a valid raw mapping for ``model`` and, through its fields, for every model inside it."""
    if not isinstance(data, dict):
        return
    samples.setdefault(model, data)
    for name, info in model.model_fields.items():
        value = data.get(info.alias or name)
        for inner in _models(info.annotation):
            for item in value if isinstance(value, list) else [value]:
                _collect(inner, item, samples)


def _all_models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Meta, Coverage, *(spec.model for spec in KINDS.values())]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            todo.extend(_models(info.annotation))
    return seen


#: models the shipped handbook cannot use honestly, with a sample: a conduct review records a false alarm
#: of the lint on lawful text, and the shipped handbook has none (a review that matches no finding is stale)
NOT_SHIPPED: dict[type[BaseModel], dict[str, Any]] = {
    ConductReview: {
        "text": "麻烦您出示一下身份证，我核对一下。",
        "rule": "conduct:third-party-data",
        "reason": "核实的是借款人本人的身份",
    },
}


@pytest.fixture(scope="module")
def samples() -> dict[type[BaseModel], dict[str, Any]]:
    handbook = check_path(SHIPPED).handbook
    found: dict[type[BaseModel], dict[str, Any]] = {}
    assert handbook.meta_file is not None and handbook.coverage_file is not None
    _collect(Meta, handbook.meta_file.data, found)
    _collect(Coverage, handbook.coverage_file.data, found)
    for record in handbook.records():
        _collect(KINDS[record.kind].model, record.raw, found)
    for model, sample in NOT_SHIPPED.items():
        found.setdefault(model, sample)
    return found


def _probes() -> Iterator[tuple[type[BaseModel], str, str, Any]]:
    for model in sorted(_all_models(), key=lambda m: m.__name__):
        for name, info in model.model_fields.items():
            kinds, in_list = _scalars(info.annotation)
            for kind in sorted(kinds, key=repr):
                for wrong in _WRONG[kind]:
                    if type(wrong) in kinds:
                        continue  # e.g. a text probe for a field that also takes text
                    yield model, info.alias or name, "list" if in_list else "value", wrong


def test_every_model_has_a_shipped_sample(samples: dict[type[BaseModel], dict[str, Any]]) -> None:
    missing = sorted(m.__name__ for m in _all_models() if m not in samples)
    assert set(NOT_SHIPPED) <= set(_all_models()), "a model listed as not shipped no longer exists"
    assert not missing, f"no entry in the shipped handbook uses these models: {missing}"


def test_the_walk_sees_every_scalar_kind() -> None:
    """Guard the walker itself: it must find int, bool, str and date fields, or the test below proves nothing."""
    kinds = {type(wrong) for _, _, _, wrong in _probes()}
    fields = {(m.__name__, f) for m, f, _, _ in _probes()}
    assert {("DayWindow", "from"), ("Meta", "conduct_model"), ("Legal", "effective"), ("Pattern", "negate")} <= fields
    assert {bool, int, str, float, dt.date, dt.datetime} <= kinds
    assert any(m.__name__ == "Module" and f == "minutes" and w == "6" for m, f, _, w in _probes())


@pytest.mark.parametrize(
    ("model", "field", "shape", "wrong"),
    list(_probes()),
    ids=lambda v: v.__name__ if isinstance(v, type) else repr(v),
)
def test_no_field_coerces_a_value_of_another_type(
    samples: dict[type[BaseModel], dict[str, Any]], model: type[BaseModel], field: str, shape: str, wrong: Any
) -> None:
    data = {**samples[model], field: [wrong] if shape == "list" else wrong}
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    assert any(error["loc"][:1] == (field,) for error in caught.value.errors()), caught.value
