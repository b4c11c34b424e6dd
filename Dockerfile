# syntax=docker/dockerfile:1
# The FhirNoteService image: one binary, two roles (args "run": the worker, the default; "receive": the event
# receiver). Built from the repository root: docker build -t fhir-note-service:0.1.0 .
# What the runtime stage copies is exactly what scripts/publish.sh writes; .ci/run starts that output as a non-root
# user with a read-only root filesystem and checks its readiness (scripts/container-check.sh).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG RID=linux-x64
WORKDIR /src
# Restore first, from the project files only, so a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FhirNoteService.Contracts/FhirNoteService.Contracts.csproj src/FhirNoteService.Contracts/
COPY src/FhirNoteService.Core/FhirNoteService.Core.csproj src/FhirNoteService.Core/
COPY src/FhirNoteService.Http/FhirNoteService.Http.csproj src/FhirNoteService.Http/
COPY src/FhirNoteService.Fhir/FhirNoteService.Fhir.csproj src/FhirNoteService.Fhir/
COPY src/FhirNoteService.Ai/FhirNoteService.Ai.csproj src/FhirNoteService.Ai/
COPY src/FhirNoteService.Messaging/FhirNoteService.Messaging.csproj src/FhirNoteService.Messaging/
COPY src/FhirNoteService.Receiver/FhirNoteService.Receiver.csproj src/FhirNoteService.Receiver/
COPY src/FhirNoteService.Worker/FhirNoteService.Worker.csproj src/FhirNoteService.Worker/
RUN dotnet restore src/FhirNoteService.Worker/FhirNoteService.Worker.csproj -r "$RID"
COPY src/ src/
COPY scripts/publish.sh scripts/
RUN RID="$RID" bash scripts/publish.sh /app

# Chiseled: no shell, no package manager, a non-root user (app, UID 1654) by default.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENV Urls=http://+:8080 \
    # No diagnostics IPC socket in /tmp: the root filesystem is read-only, and nothing attaches in production.
    DOTNET_EnableDiagnostics=0 \
    # The GC's gen0 budget (16 MiB): see the Helm chart's values.yaml and docs/benchmarks.md.
    DOTNET_GCgen0size=0x1000000
EXPOSE 8080
ENTRYPOINT ["/app/fhir-note-service"]
CMD ["run"]
