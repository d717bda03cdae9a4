#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with SharpFuzz and AFL++ (docs/fuzzing.md).
#   bash scripts/fuzz.sh HARNESS|all [MINUTES]     harnesses: reader router tagger sigma sns evidence
# Installs afl++ (Debian) and the SharpFuzz tool (.config/dotnet-tools.json) when missing, publishes
# tests/TrailNormalizer.Fuzz into out/fuzz/bin, instruments the core (and YamlDotNet, which the Sigma loader
# parses with), runs each harness MINUTES minutes (default 5) from its seed corpus in tests/fuzz-corpus/, then
# prints per harness the executions and crashes and copies crash inputs to out/fuzz/crashes/HARNESS/.
# Findings persist in out/fuzz/findings/HARNESS (a later run resumes there). Replay a crash with
#   dotnet out/fuzz/bin/TrailNormalizer.Fuzz.dll HARNESS out/fuzz/crashes/HARNESS/*
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

all=(reader router tagger sigma sns evidence)
target="${1:-}"
minutes="${2:-5}"
if [[ "$target" == all ]]; then
  harnesses=("${all[@]}")
elif [[ " ${all[*]} " == *" $target "* ]]; then
  harnesses=("$target")
else
  echo "usage: scripts/fuzz.sh HARNESS|all [MINUTES]   (harnesses: ${all[*]})" >&2
  exit 2
fi
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || (( minutes < 1 )); then
  echo "MINUTES must be a whole number of minutes, at least 1" >&2
  exit 2
fi

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
dotnet tool restore >/dev/null

out=out/fuzz
rm -rf "$out/bin"   # instrumentation rewrites the dlls in place: always start from a fresh publish
dotnet publish tests/TrailNormalizer.Fuzz -c Release -o "$out/bin" -v quiet -nologo >/dev/null
dotnet sharpfuzz "$out/bin/TrailNormalizer.Core.dll" >/dev/null
dotnet sharpfuzz "$out/bin/YamlDotNet.dll" >/dev/null

# dotnet itself is not compiled with AFL instrumentation (SharpFuzz reports coverage for the managed code), its
# start-up is slow on a loaded machine, and the fuzzers share the cores with everything else.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_AUTORESUME=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=120000

summary=()
for h in "${harnesses[@]}"; do
  findings="$out/findings/$h"
  mkdir -p "$findings" "$out/crashes/$h"
  echo "== $h: $minutes min" >&2
  afl-fuzz -i "tests/fuzz-corpus/$h" -o "$findings" -V $((minutes * 60)) -t 10000 -m none \
    -- dotnet "$out/bin/TrailNormalizer.Fuzz.dll" "$h" > "$out/$h.log" 2>&1 || { echo "afl-fuzz failed for $h: see $out/$h.log" >&2; tail -20 "$out/$h.log" >&2; exit 1; }
  stats="$findings/default/fuzzer_stats"
  execs=$(awk -F' *: *' '$1 == "execs_done" {print $2}' "$stats")
  crashes=$(awk -F' *: *' '$1 == "saved_crashes" || $1 == "unique_crashes" {print $2}' "$stats")
  hangs=$(awk -F' *: *' '$1 == "saved_hangs" || $1 == "unique_hangs" {print $2}' "$stats")
  find "$findings/default/crashes" -type f -name 'id:*' -exec cp {} "$out/crashes/$h/" \; 2>/dev/null || true
  summary+=("$h: ${execs:-0} executions, ${crashes:-0} crashes, ${hangs:-0} hangs in $minutes min (crash inputs: $out/crashes/$h)")
done

printf '%s\n' "${summary[@]}"
