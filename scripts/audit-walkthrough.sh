#!/usr/bin/env bash
# An auditor's walk-through on the shipped examples: normalize → keygen → seal → verify → sample → prove →
# verify-proof → audit → verify-pack, then one tampering at a time on a fresh copy, each of which verify,
# verify-proof or verify-pack must catch.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build shared/TrailNormalizer.Cli -c Release -v quiet -nologo >/dev/null
tn() { shared/TrailNormalizer.Cli/bin/Release/net10.0/trailnorm "$@"; }
work=$(mktemp -d)
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
expect_fail() { if "$@" >"$work/out" 2>&1; then echo "NOT CAUGHT: $*"; exit 1; else grep -v '^ok: ' "$work/out" | sed 's/^/   caught: /' | head -3; fi; }

step "normalize, keygen, seal, verify"
tn normalize --out "$work/ev" examples | head -1
tn keygen --out "$work/sealer" | head -3
tn keygen --out "$work/mallory" >/dev/null
tn seal "$work/ev" --key "$work/sealer.key"
tn verify "$work/ev" --pubkey "$work/sealer.pub"

step "sample (twice with the same seed: same events) and prove"
tn sample "$work/ev" --count 3 --seed "walkthrough" > "$work/sample.ndjson"
tn sample "$work/ev" --count 3 --seed "walkthrough" | diff -q - "$work/sample.ndjson" && echo "   same seed, same sample"
tn prove "$work/ev" --out "$work/proofs" --pubkey "$work/sealer.pub" --sample "$work/sample.ndjson" >/dev/null
tn verify-proof "$work"/proofs/*.proof.json --pubkey "$work/sealer.pub"

step "the one command: audit pack for soc2:CC7.2, re-verified with only the pack and the key"
tn audit "$work/ev" --pubkey "$work/sealer.pub" --control soc2:CC7.2 --sample 5 --seed q3 --out "$work/pack" | cut -c1-110
tn verify-pack "$work/pack" --pubkey "$work/sealer.pub" | cut -c1-110

fresh() { chmod -R u+w "$work/copy" 2>/dev/null || true; rm -rf "$work/copy"; cp -r "$work/ev" "$work/copy"; chmod -R u+w "$work/copy"; }
first_batch() { find "$work/copy/events" -name '*.ndjson.gz' | sort | head -"${1:-1}" | tail -1; }

step "one byte changed in a batch";  fresh; b=$(first_batch); printf 'X' | dd of="$b" bs=1 seek=20 conv=notrunc status=none; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "a batch deleted";              fresh; rm "$(first_batch)"; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "a batch added";                fresh; b=$(first_batch); cp "$b" "${b%.ndjson.gz}-planted.ndjson.gz"; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "two batches swapped";          fresh; a=$(first_batch 1); b=$(first_batch 2); mv "$a" "$work/t"; mv "$b" "$a"; mv "$work/t" "$b"; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "checkpoint re-signed with another key"; fresh; rm -r "$work/copy/log"; tn seal "$work/copy" --key "$work/mallory.key" >/dev/null; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "checkpoint replaced";          fresh; c=$(find "$work/copy/log/checkpoints" -type f | head -1); sed -i '2s/.*/999/' "$c"; expect_fail tn verify "$work/copy" --pubkey "$work/sealer.pub"
step "an event changed in a proof";  p=$(ls "$work"/proofs/*.proof.json | head -1); sed 's/\\"activity_id\\":[0-9]*/\\"activity_id\\":98/' "$p" > "$work/bad.proof.json"; expect_fail tn verify-proof "$work/bad.proof.json" --pubkey "$work/sealer.pub"
step "a proof checked with another key"; expect_fail tn verify-proof "$p" --pubkey "$work/mallory.pub"
step "one byte of a proof in the audit pack"; q=$(ls "$work"/pack/proofs/*.proof.json | head -1); printf 'X' | dd of="$q" bs=1 seek=300 conv=notrunc status=none; expect_fail tn verify-pack "$work/pack" --pubkey "$work/sealer.pub"
printf '\nwalk-through: every tampering was caught\n'
