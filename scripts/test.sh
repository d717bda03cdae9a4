#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: checks the toolchain, restores, builds with
# warnings as errors, runs all test projects, and prints one closing line "tests: N passed, N failed".
# The tests of this slice need only the .NET SDK pinned in global.json; later slices add their
# services (radosgw, Azurite, bicep) here, started once and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json)
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK $want is required (https://dot.net); dotnet is not on PATH" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet restore TrailNormalizer.sln
dotnet build TrailNormalizer.sln -c Release --no-restore
set +e
dotnet test TrailNormalizer.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(sed -n 's/.*Passed: *\([0-9][0-9]*\).*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/.*Failed: *\([0-9][0-9]*\),.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
