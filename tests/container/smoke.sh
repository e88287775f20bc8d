#!/usr/bin/env bash
# Container smoke test: builds the Dockerfile with buildah, runs the built image's entrypoint, POSTs a seed
# example to it and reads /health/ready. Prints "container smoke: passed" or says what failed (exit 1).
#
# There is no registry to pull the Dockerfile's base images from here, so stand-ins are made first under the
# exact names of its FROM lines: Debian bookworm (debootstrap, minbase, with libicu72 and ca-certificates
# as the real images have) plus this machine's .NET, imported with podman. One root file system serves both
# names (the real aspnet image has no SDK; the stand-in does, which the runtime stage does not use).
# The stand-in also carries this machine's trust (its extra CAs, NuGet's revocation mode), as a base image
# built inside this network would: NuGet is reached through them. The Dockerfile itself names the real
# Microsoft images. Needs root (debootstrap, chroot isolation).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cache=${IOTPUSH_CONTAINER_CACHE:-/var/tmp/iotpush-container}
image=localhost/iotpush:smoke
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
say() { echo "container smoke: $*" >&2; }

[ "$(id -u)" = 0 ] || { say "needs root"; exit 1; }
missing=""
for tool in buildah podman debootstrap; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  say "installing$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

bases=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile | sort -u)
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
standin=2 # raise when the stand-in changes, so that an older one is made again
need_base=no
for base in $bases; do
  [ "$(podman image inspect --format '{{index .Labels "iotpush.standin"}}' "$base" 2>/dev/null)" = "$standin" ] || need_base=yes
done
if [ "$need_base" = yes ]; then
  say "making the stand-in base image ($mirror, .NET from $dotnet_root)"
  rm -rf "$cache/rootfs" && mkdir -p "$cache"
  debootstrap --variant=minbase --include=libicu72,ca-certificates bookworm "$cache/rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { say "debootstrap failed; see $cache/debootstrap.log"; exit 1; }
  mkdir -p "$cache/rootfs/usr/share/dotnet"
  cp -a "$dotnet_root/." "$cache/rootfs/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$cache/rootfs/usr/bin/dotnet"
  # The real images' non-root user.
  echo "app:x:1654:1654::/home/app:/usr/sbin/nologin" >> "$cache/rootfs/etc/passwd"
  echo "app:x:1654:" >> "$cache/rootfs/etc/group"
  mkdir -p "$cache/rootfs/home/app" && chown 1654:1654 "$cache/rootfs/home/app"
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$cache/rootfs/usr/local/share/ca-certificates/"
    chroot "$cache/rootfs" update-ca-certificates >/dev/null
  fi
  for base in $bases; do
    podman rmi -f "$base" >/dev/null 2>&1 || true
    tar -C "$cache/rootfs" -c . | podman import \
      --change 'ENV APP_UID=1654' --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
      --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' --change 'ENV DOTNET_NOLOGO=1' \
      --change "ENV NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}" \
      --change "LABEL iotpush.standin=$standin" - "$base" >/dev/null
  done
  rm -rf "$cache/rootfs"
fi

say "building $image from the Dockerfile"
buildah bud --isolation chroot --pull=never --quiet -t "$image" . >"$cache/build.log" 2>&1 \
  || { tail -n 30 "$cache/build.log" >&2; say "build failed"; exit 1; }

# Run what the image says to run: its entrypoint, user, working directory and environment.
entrypoint=$(buildah inspect --type image --format '{{range .OCIv1.Config.Entrypoint}}{{.}} {{end}}' "$image")
user=$(buildah inspect --type image --format '{{.OCIv1.Config.User}}' "$image")
workdir=$(buildah inspect --type image --format '{{.OCIv1.Config.WorkingDir}}' "$image")
[ "$user" != "" ] && [ "$user" != "root" ] && [ "$user" != "0" ] || { say "the image runs as root ($user)"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
container=$(buildah from --pull=never "$image")
cleanup() {
  status=$? # the script's own outcome; stopping the server below must not replace it
  if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  buildah rm "$container" >/dev/null 2>&1 || true
  exit "$status"
}
trap cleanup EXIT
# Published for linux-x64 only: one SQLite native library, not one per platform.
sqlite_libraries=$(buildah run --isolation chroot "$container" -- find /app \( -name 'libe_sqlite3.*' -o -name 'e_sqlite3.dll' \) | wc -l)
[ "$sqlite_libraries" = 1 ] || { say "the image carries $sqlite_libraries SQLite native libraries, not 1"; exit 1; }
say "running '$entrypoint' as user $user in $workdir on 127.0.0.1:$port"
# shellcheck disable=SC2086
buildah run --isolation chroot --user "$user" --workingdir "$workdir" \
  --env ASPNETCORE_HTTP_PORTS="$port" "$container" -- $entrypoint >"$cache/run.log" 2>&1 &
pid=$!

ready=""
for _ in $(seq 1 120); do
  ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
  [ "$ready" = 200 ] && break
  sleep 0.5
done
[ "$ready" = 200 ] || { tail -n 30 "$cache/run.log" >&2; say "/health/ready answered '$ready'"; exit 1; }

seed=tests/IoTPush.Tests/Payloads/fwUpgradeResultNotify/valid/seed-example.json
answer=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$port/v1.0.0/messageReceiver" -H 'Content-Type: application/json' --data-binary "@$seed")
case "$answer" in
  *'"duplicate":false}'*' 200') ;;
  *) tail -n 30 "$cache/run.log" >&2; say "the seed example was answered: $answer"; exit 1 ;;
esac
# The console sink writes in batches (every 100 ms), so the line may follow the answer by a moment.
logged=""
for _ in $(seq 1 20); do
  grep -q "POST /v1.0.0/messageReceiver responded 200" "$cache/run.log" && { logged=yes; break; }
  sleep 0.25
done
[ -n "$logged" ] || { say "no request log line"; exit 1; }
# The dashboard's files are in the image: its page and a module it loads.
for file in ui/ ui/js/main.js; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$file" || true)
  [ "$code" = 200 ] || { say "/$file answered '$code'"; exit 1; }
done
say "passed (POST seed example: ${answer% *} 200; /health/ready 200; /ui/ 200; user $user)"
