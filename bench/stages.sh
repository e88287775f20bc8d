#!/usr/bin/env bash
# The per-push cost of each stage of the pipeline, timed apart on the service's own classes (bench/Stages):
# CPU µs (process user + system time) and bytes allocated per push. One run.
#   bench/stages.sh            50,000 pushes a stage
#   PUSHES=10000 bench/stages.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d /tmp/iotpush-stages.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet publish bench/Stages -c Release -o "$work" --nologo -v quiet >/dev/null
mkdir -p bench/results
# The table is on standard error; standard output carries the log lines of the log-line stage.
dotnet "$work/Stages.dll" "${PUSHES:-50000}" 2>&1 >/dev/null | tee bench/results/stages.md
