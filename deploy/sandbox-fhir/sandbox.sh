#!/usr/bin/env bash
# Starts or stops the sandbox FHIR server in the background.
#   deploy/sandbox-fhir/sandbox.sh start|stop|status
# Env: SANDBOX_FHIR_PORT (default 8103), SANDBOX_FHIR_STATE (pid and log folder, default .artifacts/sandbox-fhir).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${SANDBOX_FHIR_PORT:-8103}"
state="${SANDBOX_FHIR_STATE:-$root/.artifacts/sandbox-fhir}"
pidfile="$state/server-$port.pid"
url="http://127.0.0.1:$port"

ready() { curl -fsS -o /dev/null "$url/metadata" 2>/dev/null; }

case "${1:-}" in
  start)
    if ready; then echo "sandbox FHIR server already answering at $url/"; exit 0; fi
    if [ ! -d "$here/node_modules/@medplum/fhir-router" ]; then
      (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    mkdir -p "$state"
    SANDBOX_FHIR_PORT="$port" nohup node --experimental-websocket --no-warnings "$here/src/server.mjs" >"$state/server-$port.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
      if ready; then echo "sandbox FHIR server ready at $url/"; exit 0; fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
      sleep 0.2
    done
    echo "sandbox FHIR server did not start; log:" >&2
    cat "$state/server-$port.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
      echo "sandbox FHIR server on port $port stopped"
    fi
    ;;
  status)
    if ready; then echo "up at $url/"; else echo "down"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
