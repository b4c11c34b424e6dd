#!/usr/bin/env bash
# Proves the container image's contents run as the chart runs them, without a Docker engine: publishes with the
# Dockerfile's own recipe (scripts/publish.sh), then starts that output the way the runtime stage does
# (/app/fhir-note-service run) as the image's non-root user (UID 1654, no groups, no new privileges), in a mount
# namespace where every filesystem is read-only and /tmp is an empty tmpfs (the chart's emptyDir), with only the
# environment the chart sets. Passes when /health/startup and /health/ready answer 200 and the process cannot write
# into its own folder. Needs root (unshare), RabbitMQ on 127.0.0.1:5672 (guest) and the sandbox FHIR server's npm
# packages. Prints "container check: passed" or "container check: failed: <why>".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/.artifacts/container"
app="$work/app"
fhir_port="${CONTAINER_CHECK_FHIR_PORT:-8131}"
http_port="${CONTAINER_CHECK_PORT:-8132}"
pid=""

fail() { echo "container check: failed: $*"; exit 1; }
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  SANDBOX_FHIR_PORT="$fhir_port" SANDBOX_FHIR_STATE="$work/sandbox" deploy/sandbox-fhir/sandbox.sh stop >/dev/null 2>&1
}
trap cleanup EXIT

rm -rf "$work" && mkdir -p "$work"
scripts/publish.sh "$app" || fail "publish"
# COPY in the image gives root-owned files that others may read and run, nothing more.
chmod -R u=rwX,go=rX "$app"
SANDBOX_FHIR_PORT="$fhir_port" SANDBOX_FHIR_STATE="$work/sandbox" deploy/sandbox-fhir/sandbox.sh start >/dev/null || fail "the sandbox FHIR server did not start"

# In a private mount namespace: every mount read-only, then a fresh /tmp; then the image's user, and nothing else.
unshare --mount --propagation private -- bash -c '
  set -e
  findmnt -rno TARGET | grep -v -E "^/(proc|sys|dev)(/|$)" | sort -r | while read -r target; do
    mount -o remount,bind,ro "$target" 2>/dev/null || true
  done
  mount -t tmpfs -o size=64m,mode=1777 tmpfs /tmp
  exec setpriv --reuid=1654 --regid=1654 --clear-groups --no-new-privs -- env -i \
    PATH=/usr/bin:/bin HOME=/nonexistent DOTNET_ROOT=/usr/share/dotnet \
    Urls="http://127.0.0.1:'"$http_port"'" DOTNET_EnableDiagnostics=0 DOTNET_GCgen0size=0x1000000 \
    Fhir__BaseUrl="http://127.0.0.1:'"$fhir_port"'/" \
    Messaging__Transport=RabbitMq Messaging__RabbitMq__Host=127.0.0.1 \
    Messaging__RabbitMq__Username=guest Messaging__RabbitMq__Password=guest \
    "$0" run' "$app/fhir-note-service" >"$work/worker.log" 2>&1 &
pid=$!

ready=""
for _ in $(seq 1 120); do
  kill -0 "$pid" 2>/dev/null || fail "the service exited: $(tail -n 20 "$work/worker.log")"
  if curl -fsS -o /dev/null "http://127.0.0.1:$http_port/health/ready" 2>/dev/null; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || fail "not ready within 60 s: $(curl -sS "http://127.0.0.1:$http_port/health/ready" 2>&1) $(tail -n 20 "$work/worker.log")"
curl -fsS -o /dev/null "http://127.0.0.1:$http_port/health/startup" || fail "/health/startup did not answer 200"

service="$(pgrep -P "$pid" -n || echo "$pid")"
uid="$(awk '/^Uid:/ { print $2 }' "/proc/$service/status")"
[ "$uid" = 1654 ] || fail "the service runs as UID $uid, not 1654"
nsenter --target "$service" --mount -- setpriv --reuid=1654 --regid=1654 --clear-groups -- touch "$app/written" 2>/dev/null \
  && fail "the service's user could write into its folder"
echo "container check: passed (UID $uid, read-only root, ready at /health/ready)"
