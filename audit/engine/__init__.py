"""Engines: where the pair audits of a run are computed. The engine is a run option, not a
setting: it changes neither the reports nor their signature nor the resume key.

- ``local`` (``audit.engine.local``): this machine; audits in forked worker processes.
- ``ray`` (``audit.engine.ray``): a running Ray cluster (the ``ray`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from audit.embed import Encoder

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")


class Engine(Protocol):
    """Builds the run's encoder and maps ``function(shared, item)`` over groups of items (one
    reference's derivatives share that reference), in order."""

    name: str

    def encoder(self, make: Callable[[], Encoder]) -> Encoder: ...

    def map(
        self, function: Callable[[S, T], R], groups: Sequence[tuple[S, Sequence[T]]]
    ) -> Iterator[R]:
        """``function(shared, item)`` of each item of each (shared, items) group, in order."""
        ...

    def close(self) -> None: ...


def open_engine(name: str, address: str | None = None) -> Engine:
    """The engine called ``name``; ``address`` is the Ray cluster's HOST:PORT (ray only)."""
    from audit.errors import ConfigError

    if name not in ENGINES:
        raise ConfigError(f"--engine {name!r}: unknown; use {' or '.join(ENGINES)}")
    if name == "local":
        if address:
            raise ConfigError("--address is for --engine ray; leave it out or add --engine ray")
        from audit.engine.local import LocalEngine

        return LocalEngine()
    from audit.engine.ray import RayEngine

    return RayEngine(address)
