#!/usr/bin/env bash
# Starts a throwaway Redis for test/redis on 127.0.0.1:${REDIS_TEST_PORT:-6390}: no persistence,
# daemonized, its pid kept for stop-redis.sh. Installs Debian's redis-server first when missing.
set -euo pipefail

port="${REDIS_TEST_PORT:-6390}"
dir="${TMPDIR:-/tmp}"
pidfile="$dir/subsets-iterable-redis-$port.pid"
logfile="$dir/subsets-iterable-redis-$port.log"

if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends redis-server
fi

if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
  echo "start-redis: a Redis already answers on 127.0.0.1:$port; using it"
  exit 0
fi

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$pidfile" --logfile "$logfile"

for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
    echo "start-redis: Redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on redis://127.0.0.1:$port"
    exit 0
  fi
  sleep 0.1
done
echo "start-redis: Redis did not start on 127.0.0.1:$port; see $logfile" >&2
exit 1
