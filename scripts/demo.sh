#!/usr/bin/env bash
# The main job on the embedded default: normalizes the example inputs shipped in examples/ into a new local
# evidence folder (out/demo-<time>/), seals it with a fresh local key, verifies it against that key, writes a
# coverage report beside it (out/demo-<time>.report.md and .html; it is not printed), prints the run summary and
# the incident categories per day (a saved SQL query), then writes an auditor's pack for SOC 2 CC7.2 and
# re-verifies it. It ends with the paths of the report and the pack and the commands to look at the events.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="out/demo-$(date -u +%Y%m%dT%H%M%SZ)"
dotnet build shared/TrailNormalizer.Cli -c Release -v quiet -nologo >/dev/null
trailnorm() { shared/TrailNormalizer.Cli/bin/Release/net10.0/trailnorm "$@"; }

trailnorm normalize --out "$out" --summary-json "$out.summary.json" examples
trailnorm keygen --out "$out-sealer" | head -3
trailnorm seal "$out" --key "$out-sealer.key"
trailnorm verify "$out" --pubkey "$out-sealer.pub"
trailnorm report "$out" --out "$out.report.md" --html "$out.report.html"
trailnorm query "$out" --saved incidents-over-time
trailnorm audit "$out" --pubkey "$out-sealer.pub" --control soc2:CC7.2 --sample 5 --seed q3 --out "$out-audit" >/dev/null
trailnorm verify-pack "$out-audit" --pubkey "$out-sealer.pub" >/dev/null
echo "report:     $out.report.md (and .html)"
echo "audit pack: $out-audit/report.html (docs/auditor-guide.md)"
echo "events:     dotnet run --project shared/TrailNormalizer.Cli -c Release -- cat $out"
echo "quarantine: dotnet run --project shared/TrailNormalizer.Cli -c Release -- cat $out --quarantine"
echo "SQL:        dotnet run --project shared/TrailNormalizer.Cli -c Release -- query $out \"select class_name, count(*) from events group by 1\"  (saved queries: query --list; docs/siem.md)"
