#!/usr/bin/env bash
# The main job on the embedded default: normalizes the example inputs shipped in examples/ into a new
# local evidence folder (out/demo-<time>/), verifies it, and prints a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="out/demo-$(date -u +%Y%m%dT%H%M%SZ)"
trailnorm() { dotnet run --project shared/TrailNormalizer.Cli -c Release --no-launch-profile -- "$@"; }

trailnorm normalize --out "$out" --summary-json "$out.summary.json" examples
trailnorm verify "$out"
echo "events:     dotnet run --project shared/TrailNormalizer.Cli -c Release -- cat $out"
echo "quarantine: dotnet run --project shared/TrailNormalizer.Cli -c Release -- cat $out --quarantine"
