#!/usr/bin/env bash
# Azurite (Blob only) for the Azure storage tests.
#   azurite.sh start  installs the pinned Azurite (scripts/services/azurite/package-lock.json) with npm when
#                     missing, starts azurite-blob on 127.0.0.1, waits until it answers, and prints the
#                     `export ...` lines the test script evals. Already running → prints the same lines.
#   azurite.sh stop   stops the Azurite this script started.
# State (packages, pid, log, data) lives under ${TRAILNORM_SERVICES_DIR:-/tmp/trailnorm-services}/azurite.
# No telemetry leaves the machine (--disableTelemetry); blob contents are held in memory, bounded to 512 MB.
# Azurite has no versioning or immutability (501): WORM is covered by WormCheck's refusal and unit tests.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
state="${TRAILNORM_SERVICES_DIR:-/tmp/trailnorm-services}/azurite"
pidfile="$state/azurite.pid"
portfile="$state/azurite.port"
logfile="$state/azurite.log"
# Azurite's documented, public development account key (not a secret).
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

say() { echo "azurite: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

ready() {
  # Any HTTP answer (Azurite says 403 to an unsigned request) means the server is up.
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/$account?comp=list" || true)
  [ -n "$code" ] && [ "$code" != "000" ]
}

print_exports() {
  local port=$1
  local endpoint="http://127.0.0.1:$port/$account"
  echo "export TRAILNORM_AZURITE_BLOB=$endpoint"
  echo "export TRAILNORM_AZURITE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=$endpoint;'"
}

install() {
  local pkg="$state/pkg"
  local want
  want=$(sha256sum "$here/azurite/package-lock.json" | cut -d' ' -f1)
  if [ -x "$pkg/node_modules/.bin/azurite-blob" ] && [ "$(cat "$pkg/.lock-sha256" 2>/dev/null)" = "$want" ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 || { say "npm is required (apt-get install -y nodejs npm)"; exit 1; }
  say "installing Azurite into $pkg"
  local started
  started=$(now)
  rm -rf "$pkg"
  mkdir -p "$pkg"
  cp "$here/azurite/package.json" "$here/azurite/package-lock.json" "$pkg/"
  (cd "$pkg" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$pkg/.lock-sha256"
  say "installed in $(elapsed "$started")s"
}

free_port() {
  local port=${TRAILNORM_AZURITE_PORT:-10000}
  if ! ready "$port" && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$port"
    return
  fi
  # The default port is taken (another checkout's Azurite?): let the kernel choose one.
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

start() {
  mkdir -p "$state"
  if running && ready "$(cat "$portfile")"; then
    say "already running (warm start, pid $(cat "$pidfile"))"
    print_exports "$(cat "$portfile")"
    return
  fi
  stop_quietly
  local started
  started=$(now)
  install
  local port
  port=$(free_port)
  cd "$state"
  setsid "$state/pkg/node_modules/.bin/azurite-blob" \
    --blobHost 127.0.0.1 --blobPort "$port" \
    --skipApiVersionCheck --loose --inMemoryPersistence --extentMemoryLimit 512 --disableTelemetry \
    >"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$port" >"$portfile"
  for _ in $(seq 1 300); do
    if ready "$port"; then
      say "ready on 127.0.0.1:$port in $(elapsed "$started")s (cold start, pid $(cat "$pidfile"))"
      print_exports "$port"
      return
    fi
    if ! running; then
      say "exited during start-up; log follows"
      cat "$logfile" >&2
      exit 1
    fi
    sleep 0.1
  done
  say "not ready after 30 s; log in $logfile"
  stop_quietly
  exit 1
}

stop_quietly() {
  if running; then
    local pid
    pid=$(cat "$pidfile")
    # setsid made Azurite a process-group leader: end the group it leads, nothing else.
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile" "$portfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; say "stopped" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
