#!/usr/bin/env bash
# Crash, shutdown, outage and hostile-input checks against the Release build (see docs/reliability.md).
#   bench/reliability.sh                 everything (about 3 minutes; the outage check needs root for a tmpfs)
#   bench/reliability.sh crash term      chosen checks: crash, term, outage, hostile, mixed (SQLite and PostgreSQL)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d /tmp/iotpush-reliability.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "building (Release) into $work ..." >&2
dotnet publish src/IoTPush.Service -c Release -o "$work/iotpush" --nologo -v quiet >/dev/null
mkdir -p bench/results
python3 bench/reliability.py --work "$work" ${@:-crash term outage hostile mixed} | tee bench/results/reliability.md
