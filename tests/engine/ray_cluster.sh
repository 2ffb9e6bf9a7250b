#!/usr/bin/env bash
# Run a command beside a two-node Ray cluster on 127.0.0.1, inside the network namespace this
# script is started in (`unshare -n bash ray_cluster.sh ...`: loopback is the only interface,
# so no Ray traffic can leave the machine). Usage: ray_cluster.sh RAY_BIN_DIR PORT COMMAND...
# RAY_NODES=1 starts the head node only (one worker CPU instead of two). The cluster is
# stopped whatever the command does; the command's exit status is returned.
set -u
bin=$1 port=$2
shift 2
ip link set lo up || exit 97
export RAY_AUTH_MODE=disabled RAY_USAGE_STATS_ENABLED=0 RAY_ADDRESS=127.0.0.1:$port

# Stop this cluster only: every process in this network namespace but this shell (`ray stop`
# would stop every Ray process of the machine, other namespaces' clusters included).
stop_cluster() {
    local ns signal p
    ns=$(readlink /proc/$$/ns/net)
    for signal in TERM KILL; do
        for p in /proc/[0-9]*; do
            [ "${p#/proc/}" = "$$" ] && continue
            [ "$(readlink "$p/ns/net" 2>/dev/null)" = "$ns" ] && kill -s "$signal" "${p#/proc/}" 2>/dev/null
        done
        [ "$signal" = TERM ] && sleep 2
    done
    return 0
}
trap stop_cluster EXIT
common=(--node-ip-address=127.0.0.1 --num-cpus=1 --disable-usage-stats)
"$bin/ray" start --head --port="$port" --include-dashboard=false "${common[@]}" >/dev/null || exit 98
if [ "${RAY_NODES:-2}" -ge 2 ]; then
    "$bin/ray" start --address="127.0.0.1:$port" "${common[@]}" >/dev/null || exit 99
fi
"$@"
