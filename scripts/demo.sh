#!/usr/bin/env bash
# The main job on embedded defaults: starts the sandbox FHIR server (unless one is running), loads the sample
# patients, runs the worker on the in-memory bus with the offline generator, and prints a summary and one draft.
# Extra arguments go to the demo command, e.g. --limit 50 or --patients some/folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${SANDBOX_FHIR_PORT:-8103}"
started=0
if ! SANDBOX_FHIR_PORT="$port" deploy/sandbox-fhir/sandbox.sh status >/dev/null 2>&1; then
  SANDBOX_FHIR_PORT="$port" deploy/sandbox-fhir/sandbox.sh start
  started=1
fi
stop_sandbox() { if [ "$started" = 1 ]; then SANDBOX_FHIR_PORT="$port" deploy/sandbox-fhir/sandbox.sh stop >/dev/null; fi; }
trap stop_sandbox EXIT
dotnet run --project src/FhirNoteService.Worker -c Release -- demo --fhir-base-url "http://127.0.0.1:$port/" "$@"
