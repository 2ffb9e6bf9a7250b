"""Connecting to a Ray cluster has a time limit: an address that accepts and never answers, one
that answers something else, one where nothing listens, and no address at all are each one
error line, exit 2, in bounded time, earlier reports unchanged.

The probe itself (``check_answers``) is tested against listeners on 127.0.0.1 in this process;
the command line end to end runs inside a network namespace (``unshare -n``: loopback only)
beside a listener that never answers, as a user's mistyped address would.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.engine.ray import CONNECT_SECONDS, ClusterAddress, check_answers, cluster_address
from audit.errors import ConfigError
from tests.conftest import unavailable
from tests.faults import articles, previous_reports, snapshot

FIX = "give the HOST:PORT of a running cluster (`ray start --head` prints it)"
SETTINGS_FRAME = bytes(3) + b"\x04" + bytes(5)


def _listener(reply: bytes | None) -> Iterator[str]:
    """HOST:PORT of a listener on 127.0.0.1 that accepts and sends ``reply`` (None: nothing)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            if reply is not None:
                conn.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    yield f"127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in held:
        conn.close()


def _given(address: str) -> ClusterAddress:
    return cluster_address(address)


@pytest.fixture
def silent() -> Iterator[str]:
    yield from _listener(None)


def test_an_address_that_never_answers_is_refused_within_the_limit(silent: str) -> None:
    start = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        check_answers(_given(silent), seconds=0.5)
    assert time.monotonic() - start < 5
    assert str(caught.value) == f"--address {silent}: no Ray cluster answered within 0.5 s; {FIX}"


def test_a_grpc_server_passes_the_probe() -> None:
    for address in _listener(SETTINGS_FRAME):
        check_answers(_given(address), seconds=2)


def test_an_http_server_is_not_a_ray_cluster() -> None:
    for address in _listener(b"HTTP/1.1 400 Bad Request\r\n\r\n"):
        with pytest.raises(ConfigError) as caught:
            check_answers(_given(address), seconds=2)
        assert (
            str(caught.value)
            == f"--address {address}: what answers there is not a Ray cluster; {FIX}"
        )


def test_nothing_listening_is_refused_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]  # closed again below: nothing listens there
    with pytest.raises(ConfigError) as caught:
        check_answers(_given(f"127.0.0.1:{port}"), seconds=2)
    assert str(caught.value) == (
        f"--address 127.0.0.1:{port}: no Ray cluster there ([Errno 111] Connection refused); {FIX}"
    )


def test_no_address_and_no_cluster_on_this_machine_is_one_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No --address, no RAY_ADDRESS, and Ray's record and process search find no cluster: the
    run stops (no private Ray instance is started; docs/scale.md says why)."""
    import audit.engine.ray

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setattr(audit.engine.ray, "_local_cluster", lambda: None)
    with pytest.raises(ConfigError) as caught:
        cluster_address(None)
    assert str(caught.value) == (
        "--engine ray: no --address given, RAY_ADDRESS is not set and no Ray cluster runs on "
        "this machine; start one with `ray start --head` or give --address HOST:PORT "
        "(--engine local audits on this machine without Ray)"
    )


def test_where_the_address_came_from_is_what_the_message_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--address over RAY_ADDRESS over the cluster `ray start` recorded here (a stale record of
    a cluster that is gone: refused at once, named as such)."""
    import audit.engine.ray

    with socket.create_server(("127.0.0.1", 0)) as server:
        gone = f"127.0.0.1:{server.getsockname()[1]}"
    monkeypatch.setenv("RAY_ADDRESS", "10.0.0.7:6379")
    assert cluster_address("10.0.0.8:6379").shown == "--address 10.0.0.8:6379"
    assert cluster_address(None).shown == "RAY_ADDRESS=10.0.0.7:6379"
    monkeypatch.delenv("RAY_ADDRESS")
    monkeypatch.setattr(audit.engine.ray, "_local_cluster", lambda: gone)
    where = cluster_address(None)
    assert where == ClusterAddress(gone, f"the Ray cluster started on this machine ({gone})")
    with pytest.raises(ConfigError) as caught:
        check_answers(where, seconds=2)
    assert str(caught.value) == (
        f"the Ray cluster started on this machine ({gone}): no Ray cluster there ([Errno 111] "
        f"Connection refused); {FIX}"
    )


LISTEN = """
import socket, sys
server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
held = []
while True:
    held.append(server.accept()[0])
"""


@pytest.mark.ray
def test_batch_at_a_silent_address_ends_in_one_line_within_the_limit(tmp_path: Path) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode:
        unavailable("cannot make a network namespace (`unshare -n` as root)", "AUDIT_REQUIRE_RAY")
    reference, derivative = articles(tmp_path / "in")
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_text(f"reference,derivative\n{reference.name},{derivative.name}\n")
    out = tmp_path / "out"
    before = previous_reports(out)
    batch = [sys.executable, "-m", "audit", "batch", str(manifest), "--out", str(out)]
    script = (
        f"ip link set lo up || exit 97; {sys.executable} -c '{LISTEN}' 6398 >/dev/null 2>&1 & "
        f"listener=$!; sleep 1; {' '.join(batch)} --quiet --engine ray --address 127.0.0.1:6398; "
        "code=$?; kill $listener; exit $code"
    )
    start = time.monotonic()
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, timeout=120
    )
    took = time.monotonic() - start
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"Error: --address 127.0.0.1:6398: no Ray cluster answered within "
        f"{CONNECT_SECONDS:g} s; {FIX}\n"
    )
    assert took < CONNECT_SECONDS + 30, took  # a hang guard: Ray alone retried for minutes
    assert snapshot(out) == before
