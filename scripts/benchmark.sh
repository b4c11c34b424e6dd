#!/usr/bin/env bash
# The end-to-end load benchmark: starts RabbitMQ (unless running), builds in Release, publishes the worker and runs
# tests/FhirNoteService.Benchmarks in 'load' mode. Extra arguments go to it, e.g. --events 1000 --model-latency 2.
# 'scripts/benchmark.sh receiver' measures the event receiver instead (accepted notifications/s, answer latency);
# extra arguments go to it, e.g. --notifications 20000 --concurrency 8,16,32.
# Micro benchmarks instead: dotnet run -c Release --project tests/FhirNoteService.Benchmarks -- --filter '*'
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! deploy/rabbitmq/rabbitmq.sh status >/dev/null 2>&1; then deploy/rabbitmq/rabbitmq.sh start; fi
(cd deploy/sandbox-fhir && [ -d node_modules/@medplum/fhir-router ] || npm ci --no-audit --no-fund --loglevel=error)
dotnet build FhirNoteService.sln -c Release -nologo -clp:ErrorsOnly
# The worker as it is deployed: published ReadyToRun (precompiled), which starts with less JIT work and ~30-50 MiB
# less peak RSS than the build output. BENCHMARK_WORKER=build measures the build output instead.
if [ "${BENCHMARK_WORKER:-publish}" = publish ]; then
  scripts/publish.sh .artifacts/worker-publish
  export FHIRNOTESERVICE_WORKER_DIR=.artifacts/worker-publish
fi
# The GC's gen0 budget the Helm chart gives the worker (README, "Sizing and tuning"); the runtime reads it only from the
# environment. The worker inherits it, and so does the large-patient read, which runs in the benchmark's own process.
# DOTNET_GCgen0size= (empty) measures the runtime's default.
export DOTNET_GCgen0size="${DOTNET_GCgen0size-0x1000000}"
mode=load
if [ "${1:-}" = receiver ]; then mode=receiver; shift; fi
dotnet run -c Release --project tests/FhirNoteService.Benchmarks --no-build -- "$mode" "$@"
