#!/usr/bin/env bash
# SIGKILL trial (run by hand, not part of the suite): normalize a big generated CloudTrail log with --batch-size 500,
# kill it with SIGKILL at a random moment, check that verify fails naming the incomplete run, run the same command
# again, and check that every record is stored exactly once and verify is intact.
#   bash scripts/kill-trial.sh [TRIALS=5] [MEGABYTES=210] [WORKDIR=/tmp/trailnorm-kill-trial]
set -euo pipefail
trials=${1:-5}
megabytes=${2:-210}
work=${3:-/tmp/trailnorm-kill-trial}
root=$(cd "$(dirname "$0")/.." && pwd)
trailnorm=${TRAILNORM:-$root/shared/TrailNormalizer.Cli/bin/Release/net10.0/trailnorm}
mkdir -p "$work"
[ -x "$trailnorm" ] || dotnet build "$root/shared/TrailNormalizer.Cli" -c Release >/dev/null
log="$work/big.json"
[ -f "$log" ] || dotnet run -c Release --project "$root/tests/TrailNormalizer.Benchmarks" -- generate "$log" "$megabytes"

# How long an uninterrupted run takes bounds the random kill moments.
rm -rf "$work/full"
start=$(date +%s.%N)
"$trailnorm" normalize --out "$work/full" --batch-size 500 "$log" >/dev/null 2>&1
full=$(echo "$(date +%s.%N) - $start" | bc)
expected=$("$trailnorm" cat "$work/full" | wc -l)
echo "uninterrupted run: ${full}s, $expected records"

count_uids() { # lines and distinct metadata.uid of the stored events
  "$trailnorm" cat "$1" | python3 -c '
import sys, json
uids = [json.loads(l)["metadata"]["uid"] for l in sys.stdin]
print(len(uids), len(set(uids)))'
}

failures=0
for trial in $(seq 1 "$trials"); do
  ev="$work/ev$trial"
  rm -rf "$ev"
  moment=$(python3 -c "import random; print(round(random.uniform(0.05, 0.8) * $full, 2))")
  "$trailnorm" normalize --out "$ev" --batch-size 500 "$log" >/dev/null 2>&1 &
  pid=$!
  sleep "$moment"
  state=$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)
  if [ -z "$state" ] || [ "$state" = Z ] || ! kill -KILL "$pid" 2>/dev/null; then
    echo "trial $trial: the run finished before ${moment}s (a busy machine varies): not a kill trial, not counted"
    wait "$pid" 2>/dev/null || true
    trials=$((trials - 1))
    continue
  fi
  wait "$pid" 2>/dev/null || true
  set +e
  before=$("$trailnorm" verify "$ev" 2>/dev/null)
  before_rc=$?
  set -e
  incomplete=$(echo "$before" | grep -c '^incomplete: run ' || true)
  partial=$(count_uids "$ev")
  "$trailnorm" normalize --out "$ev" --batch-size 500 "$log" >/dev/null 2>"$work/rerun$trial.err"
  read -r lines distinct < <(count_uids "$ev")
  set +e
  "$trailnorm" verify "$ev" >"$work/verify$trial.out" 2>&1
  set -e
  after_findings=$(grep -v -c -e 'batch object without a manifest, left by run' -e '^verify:' "$work/verify$trial.out" || true)
  ok=yes
  [ "$before_rc" -ne 0 ] && [ "$incomplete" -eq 1 ] && [ "$lines" -eq "$expected" ] && [ "$distinct" -eq "$expected" ] && [ "$after_findings" -eq 0 ] || ok=no
  [ "$ok" = yes ] || failures=$((failures + 1))
  echo "trial $trial: killed at ${moment}s (stored before re-run: ${partial% *} records); verify before re-run exit $before_rc, incomplete lines $incomplete; after re-run $lines lines, $distinct distinct uids (expected $expected); other findings $after_findings: $ok"
done
echo "$((trials - failures)) of $trials trials: every record exactly once"
[ "$failures" -eq 0 ]
