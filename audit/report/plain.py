"""Records as JSON values and back: what the state store and the report parts keep on disk.

JSON (not pickle), so that a stored audit can be read by people and never runs code when loaded.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from typing import Any


def to_jsonable(value: Any) -> Any:
    """Records -> JSON values: dataclasses as dicts, enums as values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float):
        return float(value)
    return value


def from_jsonable(kind: Any, value: Any) -> Any:
    """JSON values -> an instance of the type ``kind`` (the inverse of ``to_jsonable``)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return from_jsonable(options[0], value)
    if origin is tuple:
        _expect(list, value)
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in value)
        return tuple(from_jsonable(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        _expect(dict, value)
        hints = typing.get_type_hints(kind)
        fields = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: from_jsonable(hints[k], v) for k, v in value.items() if k in fields})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is float and isinstance(value, int):
        return float(value)
    if kind in (str, int, float, bool):
        _expect(kind, value)
    return value


def _expect(kind: type, value: Any) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
