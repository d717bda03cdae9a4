#!/usr/bin/env bash
# Runs every test of the project on a fresh machine and prints one closing line "tests: N passed, N failed".
#   1. checks the toolchain; installs clang (Native AOT) and chromium (the report's browser test) from apt when missing;
#      Node.js must be on PATH (CDK synth)
#   2. starts the test services in the background: Ceph radosgw (S3 with Object Lock) and Azurite (Blob),
#      each installed by its own script under scripts/services/ and stopped again on exit
#   3. restores and builds the solution (warnings are errors) meanwhile
#   4. publishes the two Native AOT adapters (the Lambda `bootstrap`, the Functions custom handler) that the
#      end-to-end tests start as child processes
#   5. runs all test projects; integration tests fail (never skip) when a service or binary is missing
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

want=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json)
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK $want is required (https://dot.net); dotnet is not on PATH" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "test.sh: Node.js is required (the CDK synth in tests/TrailNormalizer.Infra.Aws.Tests runs on it)" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
export TRAILNORM_SERVICES_DIR="$work/services"
services_started=()

stop_services() {
  for service in "${services_started[@]}"; do
    bash "scripts/services/$service.sh" stop >/dev/null 2>&1 || echo "test.sh: stopping $service failed" >&2
  done
  rm -rf "$work"
}
trap stop_services EXIT

apt_install() {
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  [ "$(id -u)" = 0 ] || apt=(sudo DEBIAN_FRONTEND=noninteractive "${apt[@]}")
  export DEBIAN_FRONTEND=noninteractive
  # Empty or stale package lists (a fresh container) have no candidate: update first instead of letting
  # install fail with "E: Package 'clang' has no installation candidate".
  apt_has_candidates "$@" || "${apt[@]}" update -qq
  "${apt[@]}" install -y --no-install-recommends "$@" \
    || { "${apt[@]}" update -qq && "${apt[@]}" install -y --no-install-recommends "$@"; }
}

apt_has_candidates() {
  local package
  for package in "$@"; do
    apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [^(]' || return 1
  done
}

# Native AOT links with clang and zlib; apt runs first so the services' own apt runs do not queue behind it.
if ! command -v clang >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  apt_install clang zlib1g-dev
fi
# The report test renders report.html in headless Chromium (tests/TrailNormalizer.Cli.Tests/ReportBrowserTests.cs).
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi

# Services start in the background while the solution builds; their exports are read once they are up.
for service in radosgw azurite; do
  services_started+=("$service")
  bash "scripts/services/$service.sh" start >"$work/$service.env" 2>"$work/$service.log" &
  echo $! >"$work/$service.pid"
done

dotnet restore TrailNormalizer.sln
dotnet build TrailNormalizer.sln -c Release --no-restore

publish="$work/publish"
dotnet publish functions-aws/TrailNormalizer.Aws -c Release -r linux-x64 -o "$publish/aws" --nologo
dotnet publish functions-azure/TrailNormalizer.Azure -c Release -r linux-x64 -o "$publish/azure" --nologo
export TRAILNORM_BOOTSTRAP="$publish/aws/bootstrap"
export TRAILNORM_AZURE_HANDLER="$publish/azure/trailnorm-handler"

for service in radosgw azurite; do
  if ! wait "$(cat "$work/$service.pid")"; then
    echo "test.sh: $service did not start:" >&2
    cat "$work/$service.log" >&2
    exit 1
  fi
  # shellcheck disable=SC1090
  source "$work/$service.env"
done

log="$work/test.log"
set +e
dotnet test TrailNormalizer.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(sed -n 's/.*Passed: *\([0-9][0-9]*\).*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/.*Failed: *\([0-9][0-9]*\),.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
skipped=$(sed -n 's/.*Skipped: *\([0-9][0-9]*\),.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
if [ "$skipped" -ne 0 ]; then
  echo "test.sh: $skipped tests were skipped; every test must run" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed"
cd "$root"
exit "$status"
