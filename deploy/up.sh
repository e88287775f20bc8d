#!/usr/bin/env bash
# Starts the reference topology on loopback: PostgreSQL, N IoTPush instances sharing it, and nginx in front.
#   deploy/up.sh            nginx on 127.0.0.1:8080, instances on 5001.., PostgreSQL on 5433
#   INSTANCES=3 PORT=9080 API_KEY=... deploy/up.sh
# Everything it starts runs from deploy/.run; deploy/down.sh stops it all.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run="$here/.run"
instances=${INSTANCES:-2}
port=${PORT:-8080}
pg_port=${PG_PORT:-5433}
# A management key of its own unless one is given: a fixed word would be a key anyone could guess.
api_key=${API_KEY:-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')}

need() { command -v "$1" >/dev/null || [ -x "$2" ] || missing="$missing $3"; }
missing=""
need nginx /usr/sbin/nginx nginx
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] || missing="$missing postgresql"
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || { echo "install first:$missing" >&2; exit 1; }
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
[ -e "$run/started" ] && { echo "already up (deploy/down.sh first)" >&2; exit 1; }
mkdir -p "$run"

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
echo "PostgreSQL on 127.0.0.1:$pg_port ..."
if [ ! -d "$run/pg" ]; then
  mkdir -p "$run/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$run/pg"
  as_postgres "$pg_bin/initdb" -D "$run/pg/data" -A trust -U postgres --no-locale -E UTF8 >/dev/null
fi
as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" -l "$run/pg/server.log" -w \
  -o "-p $pg_port -k $run/pg -c listen_addresses=127.0.0.1" start >/dev/null
as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'iotpush'" \
  | grep -q 1 || as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres iotpush

echo "building IoTPush (Release) ..."
dotnet publish "$root/src/IoTPush.Service" -c Release -o "$run/app" --nologo -v quiet >/dev/null

upstreams=""
for i in $(seq 1 "$instances"); do
  instance_port=$((5000 + i))
  echo "instance $i on 127.0.0.1:$instance_port ..."
  ASPNETCORE_URLS="http://127.0.0.1:$instance_port" \
  Storage__Provider=Postgres \
  ConnectionStrings__IoTPush="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=iotpush" \
  ForwardedHeaders__KnownProxies__0=127.0.0.1 \
  Management__ApiKeys__0="$api_key" \
  nohup dotnet "$run/app/IoTPush.Service.dll" > "$run/instance-$i.log" 2>&1 &
  echo $! > "$run/instance-$i.pid"
  upstreams="$upstreams server 127.0.0.1:$instance_port;"
done

for i in $(seq 1 "$instances"); do
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$((5000 + i))/health/ready" >/dev/null && break
    sleep 0.3
  done
  curl -sf "http://127.0.0.1:$((5000 + i))/health/ready" >/dev/null || { echo "instance $i did not start; see $run/instance-$i.log" >&2; exit 1; }
done

echo "nginx on 127.0.0.1:$port ..."
sed -e "s|__RUN__|$run|g" -e "s|__PORT__|$port|g" -e "s|__UPSTREAMS__|$upstreams|" "$here/nginx.conf.template" > "$run/nginx.conf"
nginx -c "$run/nginx.conf" -p "$run" -e "$run/nginx-error.log"
touch "$run/started"
cat <<MSG
Up. Pushes:      http://127.0.0.1:$port/v1.0.0/messageReceiver
    Management:  curl -H 'X-Api-Key: $api_key' http://127.0.0.1:$port/api/notifications
                 (the key was generated for this run; API_KEY=... deploy/up.sh chooses one)
    Logs:        $run/instance-*.log, $run/nginx-access.log
    Stop:        deploy/down.sh
MSG
