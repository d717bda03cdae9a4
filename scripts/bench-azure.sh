#!/usr/bin/env bash
# Measures the Azure custom handler against Azurite: publishes it (Native AOT, linux-x64), starts Azurite when
# TRAILNORM_AZURITE_CONNECTION_STRING is not set, and runs tests/TrailNormalizer.Azure.Bench: binary size,
# process start -> first answered invocation (median of RUNS, default 20), a warm Event Grid batch of 10 events
# (median), and peak RSS (VmHWM) while streaming a BIG_MB (default 200) Activity Log blob. Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
started_azurite=
cleanup() {
  rm -rf "$work"
  if [ -n "$started_azurite" ]; then scripts/services/azurite.sh stop >&2 || true; fi
}
trap cleanup EXIT

dotnet publish functions-azure/TrailNormalizer.Azure -c Release -r linux-x64 -o "$work/publish" >&2
export TRAILNORM_AZURE_HANDLER=$work/publish/trailnorm-handler
if [ -z "${TRAILNORM_AZURITE_CONNECTION_STRING:-}" ]; then
  eval "$(scripts/services/azurite.sh start)"
  started_azurite=1
fi
dotnet run -c Release --project tests/TrailNormalizer.Azure.Bench -- --runs "${RUNS:-20}" --big-mb "${BIG_MB:-200}"
