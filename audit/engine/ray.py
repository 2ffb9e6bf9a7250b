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
With no ``--address`` and no ``RAY_ADDRESS`` it connects to the cluster started on this machine,
and when there is none the run stops with one error line rather than start a private Ray for
itself (as ``ray.init()`` would): that instance would take several seconds and a few hundred MB
to start, leave daemons and ports behind on an unclean exit, and do on this machine's cores what
``--engine local`` does without Ray (docs/scale.md: within 8%).

Connecting has a time limit (``CONNECT_SECONDS``): Ray itself retries for many minutes at an
address that accepts connections and never answers. Before ``ray.init`` the address must accept
a TCP connection and answer the HTTP/2 greeting every gRPC server (Ray's GCS, a Ray Client
server) sends at once; nothing within the limit is one ``ConfigError`` naming the address.
"""

from __future__ import annotations

import os
import socket
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from audit.embed import Encoder
from audit.errors import ConfigError

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

TASK_RETRIES = 3
"""How often a pair audit is run again after its worker process died."""
CONNECT_SECONDS = 10.0
"""How long an address may take to accept a connection and answer the gRPC greeting."""
_HTTP2_GREETING = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes(3) + b"\x04" + bytes(5)
"""The HTTP/2 client preface and an empty SETTINGS frame; a gRPC server answers with its own
SETTINGS frame (type 4) before anything else."""
_FIX = "give the HOST:PORT of a running cluster (`ray start --head` prints it)"


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "--engine ray needs Ray: pip install 'audit[ray]' (or use --engine local)"
        ) from None
    return ray


@dataclass(frozen=True)
class ClusterAddress:
    """The HOST:PORT to connect to, and where it came from (what a message names)."""

    address: str
    shown: str


def cluster_address(given: str | None) -> ClusterAddress:
    """``--address``, else ``RAY_ADDRESS``, else the cluster started on this machine (the one
    ``ray start`` recorded, else the one GCS process running here); ConfigError when none."""
    if given:
        return ClusterAddress(given, f"--address {given}")
    from_env = os.environ.get("RAY_ADDRESS", "")
    if from_env and from_env != "auto":
        return ClusterAddress(from_env, f"RAY_ADDRESS={from_env}")
    found = _local_cluster()
    if found is None:
        raise ConfigError(
            "--engine ray: no --address given, RAY_ADDRESS is not set and no Ray cluster runs "
            "on this machine; start one with `ray start --head` or give --address HOST:PORT "
            "(--engine local audits on this machine without Ray)"
        )
    return ClusterAddress(found, f"the Ray cluster started on this machine ({found})")


def _local_cluster() -> str | None:
    """Ray's own record of the cluster ``ray start`` made here, else the one GCS process found
    (not ``canonicalize_bootstrap_address``: it probes the network for this host's address)."""
    from ray._private import services, utils

    recorded: str | None = utils.read_ray_address()
    if recorded:
        return recorded
    running = services.find_gcs_addresses()
    return next(iter(running)) if len(running) == 1 else None


def check_answers(where: ClusterAddress, seconds: float = CONNECT_SECONDS) -> None:
    """ConfigError unless a gRPC server at HOST:PORT accepts and answers within ``seconds``."""
    host, _, port = where.address.removeprefix("ray://").rpartition(":")
    deadline = time.monotonic() + seconds
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=seconds) as sock:
            sock.sendall(_HTTP2_GREETING)
            reply = _first_bytes(sock, 9, deadline)
    except TimeoutError:
        raise ConfigError(
            f"{where.shown}: no Ray cluster answered within {seconds:g} s; {_FIX}"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{where.shown}: no Ray cluster there ({exc}); {_FIX}") from None
    if len(reply) < 9 or reply[3] != 4:
        raise ConfigError(f"{where.shown}: what answers there is not a Ray cluster; {_FIX}")


def _first_bytes(sock: socket.socket, count: int, deadline: float) -> bytes:
    """Up to ``count`` bytes, fewer if the peer closes; TimeoutError past ``deadline``."""
    data = b""
    while len(data) < count:
        sock.settimeout(max(0.001, deadline - time.monotonic()))
        chunk = sock.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data


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
        where = cluster_address(address)
        check_answers(where)
        try:
            self.ray.init(address=where.address, log_to_driver=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(
                f"{where.shown}: no Ray cluster to connect to ({exc}); {_FIX}"
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
