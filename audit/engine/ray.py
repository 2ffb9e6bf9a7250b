"""The Ray engine (``audit batch --engine ray --address HOST:PORT``): the same audits on a cluster.

- Embedding runs in encoder actors, each of which builds the run's encoder (and loads the
  model) once; a pass of documents (references and up to ``audit.pipeline.CHUNK`` derivatives)
  is embedded by one actor in one call, exactly the call the local engine makes, so the
  vectors are the same.
- Each reference and its vectors are put in the object store once per pass and shared by
  every pair audit of its derivatives; each pair audit (align, score, check) is one Ray task.
- Results come back in submission (manifest) order, with at most ``window`` tasks in flight,
  to the same writers as a local run: the reports are byte-identical to ``--engine local``.
- A task whose worker process dies is retried (``max_retries``), an encoder actor that dies is
  restarted, so a killed worker loses nothing and doubles nothing (results are keyed by order).

Ray is an optional extra (``pip install 'audit[ray]'``) imported only here, on first use. The
engine connects to a running cluster and never starts one: a cluster is the user's to run
(``ray start --head`` on one machine, ``ray start --address=...`` on the others, or KubeRay).
"""

from __future__ import annotations

import socket
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from audit.embed import Encoder
from audit.errors import ConfigError

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

TASK_RETRIES = 3
"""How often a pair audit is run again after its worker process died."""


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "--engine ray needs Ray: pip install 'audit[ray]' (or use --engine local)"
        ) from None
    return ray


def _reachable(address: str) -> None:
    """Fail fast (Ray itself retries for minutes) when nothing listens at HOST:PORT."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=10).close()
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"--address {address}: no Ray cluster there ({exc}); give the HOST:PORT of a "
            "running cluster (`ray start --head` prints it)"
        ) from None


def _apply(function: Callable[[S, T], R], shared: S, item: T) -> R:
    return function(shared, item)


class _EncoderActor:
    """Holds one encoder, built once in its own process (the model loads on first use)."""

    def __init__(self, make: Callable[[], Encoder]):
        self.encoder = make()

    def identity(self) -> tuple[str, str]:
        return self.encoder.name, self.encoder.weights

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(texts)


class ActorEncoder:
    """An Encoder whose work is done by encoder actors, round robin, one call per actor."""

    def __init__(self, ray: Any, actors: Sequence[Any]):
        self._ray = ray
        self._actors = list(actors)
        self._calls = 0
        self.name, self.weights = ray.get(self._actors[0].identity.remote())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        actor = self._actors[self._calls % len(self._actors)]
        self._calls += 1
        return self._ray.get(actor.encode.remote(list(texts)))


class RayEngine:
    """Pair audits as Ray tasks and embedding in encoder actors, on the cluster at ``address``."""

    name = "ray"

    def __init__(self, address: str | None = None, encoders: int = 1, window: int = 64):
        self.ray = _ray()
        self.encoders = max(1, encoders)
        self.window = max(1, window)
        if address:
            _reachable(address)
        try:
            self.ray.init(address=address or "auto", log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(
                f"--address {address or 'auto'}: no Ray cluster to connect to ({exc}); "
                "start one with `ray start --head` or pass its HOST:PORT"
            ) from None
        self._task = self.ray.remote(max_retries=TASK_RETRIES)(_apply)

    def encoder(self, make: Callable[[], Encoder]) -> Encoder:
        """An encoder backed by ``encoders`` actors, each building ``make()`` once."""
        actor = self.ray.remote(max_restarts=TASK_RETRIES, max_task_retries=TASK_RETRIES)(
            _EncoderActor
        )
        return ActorEncoder(self.ray, [actor.remote(make) for _ in range(self.encoders)])

    def map(
        self, function: Callable[[S, T], R], groups: Sequence[tuple[S, Sequence[T]]]
    ) -> Iterator[R]:
        """``function(shared, item)`` of each item of each group as Ray tasks, yielded in order;
        each group's ``shared`` is put in the object store once."""
        pending: deque[Any] = deque()
        for shared, items in groups:
            shared_ref = self.ray.put(shared)
            for item in items:
                pending.append(self._task.remote(function, shared_ref, item))
                if len(pending) >= self.window:
                    yield self.ray.get(pending.popleft())
        while pending:
            yield self.ray.get(pending.popleft())

    def close(self) -> None:
        self.ray.shutdown()
