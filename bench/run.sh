#!/usr/bin/env bash
# Throughput benchmark: IoTPush against a bare ASP.NET Core endpoint, same load, one run.
#   bench/run.sh                  full run (20 s per case, 32 connections, 1,000,000-row case)
#   DURATION=5 SEED_ROWS=100000 bench/run.sh   a quicker look
# Prints a table and writes it to bench/results/latest.md. Servers listen on 127.0.0.1 only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# wrk, and PostgreSQL's server for the postgres case (bench.py starts a throwaway one), from Debian's packages.
missing=""
command -v wrk >/dev/null || missing="wrk"
case ",${CASES:-postgres}," in
  *,postgres,*) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql" ;;
esac
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || { echo "install first: apt-get install$missing" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

work=$(mktemp -d /tmp/iotpush-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "building (Release) into $work ..."
dotnet publish src/IoTPush.Service -c Release -o "$work/iotpush" --nologo -v quiet >/dev/null
dotnet publish bench/Baseline -c Release -o "$work/baseline" --nologo -v quiet >/dev/null

mkdir -p bench/results
python3 bench/bench.py --work "$work" \
  --duration "${DURATION:-20}" --warmup "${WARMUP:-5}" --connections "${CONNECTIONS:-32}" \
  --seed-rows "${SEED_ROWS:-1000000}" --cases "${CASES:-baseline,sqlite,sqlite-batch1,sqlite-1m,postgres,receive-only,receive-only-nolog}" \
  | tee bench/results/latest.md
