#!/usr/bin/env bash
# Stops what deploy/up.sh started. DATA=delete also removes the database.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run="$here/.run"
[ -d "$run" ] || { echo "nothing is up"; exit 0; }
[ -f "$run/nginx.pid" ] && nginx -c "$run/nginx.conf" -p "$run" -e "$run/nginx-error.log" -s quit 2>/dev/null
for pid_file in "$run"/instance-*.pid; do
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  kill -TERM "$pid" 2>/dev/null && for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  rm -f "$pid_file"
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -d "$run/pg/data" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$run/pg/data" -m fast -w stop >/dev/null 2>&1
  else "$pg_bin/pg_ctl" -D "$run/pg/data" -m fast -w stop >/dev/null 2>&1; fi
fi
rm -f "$run/started"
[ "${DATA:-keep}" = delete ] && rm -rf "$run"
echo "down"
