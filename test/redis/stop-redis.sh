#!/usr/bin/env bash
# Stops the Redis that start-redis.sh started (found by its pid file); leaves any other Redis alone.
set -euo pipefail

port="${REDIS_TEST_PORT:-6390}"
pidfile="${TMPDIR:-/tmp}/subsets-iterable-redis-$port.pid"

if [ ! -f "$pidfile" ]; then
  echo "stop-redis: no Redis started by start-redis.sh on port $port"
  exit 0
fi
pid="$(cat "$pidfile")"
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
fi
rm -f "$pidfile"
echo "stop-redis: stopped Redis on port $port"
