#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with radosgw (S3 with Object Lock) on 127.0.0.1, for the tests.
#   radosgw.sh start   installs Debian's packages if missing, starts mon + memstore OSD + radosgw, creates a
#                      test user and prints `export TRAILNORM_S3_ENDPOINT=... AWS_ACCESS_KEY_ID=...` on stdout.
#   radosgw.sh stop    stops the daemons it started and removes the state folder.
# Everything (config, mon store, logs, pid files) lives under ${TRAILNORM_SERVICES_DIR:-/tmp/trailnorm-services}/radosgw.
# The OSD keeps its data in memory (memstore), so nothing survives a stop. Auth is off: it listens on loopback only.
# Installing needs root (or sudo); the daemons run as the calling user, started directly (no systemd).
set -euo pipefail

state=${TRAILNORM_SERVICES_DIR:-/tmp/trailnorm-services}/radosgw
rgw_port=${TRAILNORM_RADOSGW_PORT:-7480}
mon_port=${TRAILNORM_RADOSGW_MON_PORT:-3300}
memstore_bytes=${TRAILNORM_RADOSGW_MEMSTORE_BYTES:-1073741824}
access_key=TRAILNORMTESTACCESS1
secret_key=trailnorm-radosgw-test-secret-not-for-production
conf=$state/ceph.conf

log() { echo "radosgw.sh: $*" >&2; }

fail() {
  log "$*"
  if [ -d "$state/log" ]; then
    for f in "$state"/log/*; do
      [ -f "$f" ] || continue
      log "---- last lines of $f"
      tail -n 40 "$f" >&2
    done
  fi
  exit 1
}

exports() {
  echo "export TRAILNORM_S3_ENDPOINT=http://127.0.0.1:$rgw_port AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key AWS_REGION=us-east-1"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$rgw_port/"; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for $what"
    sleep 0.2
  done
}

install_packages() {
  local missing=()
  command -v ceph-mon >/dev/null || missing+=(ceph-mon)
  command -v ceph-osd >/dev/null || missing+=(ceph-osd)
  command -v radosgw >/dev/null || missing+=(radosgw)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]} (apt)"
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  [ "$(id -u)" = 0 ] || apt=(sudo DEBIAN_FRONTEND=noninteractive "${apt[@]}")
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing on a fresh image; the lock timeout covers a concurrent apt run.
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >&2 \
    || { "${apt[@]}" update >&2 && "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >&2; } \
    || fail "apt-get install ${missing[*]} failed"
}

write_config() {
  local fsid=$1
  cat >"$conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# With auth none the default "secure" messenger mode cannot be negotiated.
ms cluster mode = crc
ms service mode = crc
ms client mode = crc
ms mon cluster mode = crc
ms mon service mode = crc
ms mon client mode = crc
ms bind msgr1 = false
run dir = $state/run
admin socket = $state/run/\$name.asok
log file = $state/log/\$name.log
pid file = $state/run/\$name.pid
keyring = $state/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# The mon refuses writes when its disk is "full"; a shared test disk says nothing about this cluster.
mon data avail warn = 1
mon data avail crit = 0
[mon]
mon data = $state/mon/\$name
# One mon and no load: commit map changes at once instead of batching them for a second (start-up makes ~15 of them).
paxos propose interval = 0.01
paxos min wait = 0.01
[osd]
osd data = $state/osd/\$name
osd objectstore = memstore
memstore device bytes = $memstore_bytes
[client.rgw]
rgw data = $state/rgw
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
EOF
}

running() { # running NAME: its pid file names a live process
  local pid_file=$state/run/$1.pid
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start() {
  if running client.rgw && answers; then
    exports
    return
  fi
  [ -d "$state" ] && stop_daemons
  rm -rf "$state"
  install_packages
  if listening "$rgw_port"; then
    fail "127.0.0.1:$rgw_port is already in use (set TRAILNORM_RADOSGW_PORT)"
  fi
  if listening "$mon_port"; then
    fail "127.0.0.1:$mon_port is already in use (set TRAILNORM_RADOSGW_MON_PORT)"
  fi

  mkdir -p "$state"/{run,log,mon/mon.a,osd/osd.0,rgw}
  local fsid
  fsid=$(cat /proc/sys/kernel/random/uuid)
  write_config "$fsid"

  log "starting mon"
  monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$state/monmap" >>"$state/log/setup.log" 2>&1 \
    || fail "monmaptool failed"
  ceph-mon -c "$conf" -i a --mkfs --monmap "$state/monmap" >>"$state/log/setup.log" 2>&1 || fail "ceph-mon --mkfs failed"
  ceph-mon -c "$conf" -i a >>"$state/log/setup.log" 2>&1 || fail "ceph-mon did not start"
  wait_for 30 "the mon" timeout 5 ceph -c "$conf" mon stat

  log "starting osd"
  local uuid id
  uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(timeout 30 ceph -c "$conf" osd new "$uuid" 2>>"$state/log/setup.log") || fail "ceph osd new failed"
  [ "$id" = 0 ] || fail "expected osd id 0, got '$id'"
  ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$uuid" >>"$state/log/setup.log" 2>&1 || fail "ceph-osd --mkfs failed"
  ceph-osd -c "$conf" -i 0 >>"$state/log/setup.log" 2>&1 || fail "ceph-osd did not start"
  wait_for 60 "osd.0 up" osd_up

  log "starting radosgw on 127.0.0.1:$rgw_port"
  radosgw -c "$conf" -n client.rgw >>"$state/log/setup.log" 2>&1 || fail "radosgw did not start"
  wait_for 90 "radosgw to answer HTTP" answers
  radosgw-admin -c "$conf" user create --uid=trailnorm --display-name=trailnorm \
    --access-key="$access_key" --secret-key="$secret_key" >>"$state/log/setup.log" 2>&1 || fail "radosgw-admin user create failed"
  log "ready after ${SECONDS}s"
  exports
}

osd_up() { timeout 5 ceph -c "$conf" osd dump 2>/dev/null | grep -q '^osd\.0 up'; }

stop_daemons() {
  local name pids=() pid alive
  for name in client.rgw osd.0 mon.a; do
    running "$name" && pids+=("$(cat "$state/run/$name.pid")")
  done
  [ ${#pids[@]} -eq 0 ] && return
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 30); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return
    sleep 0.1
  done
  # Daemons stuck in shutdown (the OSD waits for the mon it just lost) hold nothing worth keeping: memstore data is thrown away.
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
}

stop() {
  [ -d "$state" ] || return 0
  stop_daemons
  rm -rf "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
