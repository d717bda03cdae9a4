#!/usr/bin/env bash
# Measures the Lambda bootstrap against local components: publishes it (Native AOT, linux-x64), starts radosgw
# unless TRAILNORM_S3_ENDPOINT is set (source /tmp/svc/radosgw.env to use a running one), generates a CloudTrail log
# of BIG_MB megabytes (default 200; 0 skips it), and runs tests/TrailNormalizer.Aws.Bench: binary size, start ->
# first GET /next and start -> first event answered (medians, against starting /bin/true in the same run), the
# Object Lock check and the rules' load apart (as the bootstrap logs them), a warm SQS batch of 10 events (median),
# peak RSS while streaming the big object from S3. Stops radosgw if it started it.
set -euo pipefail
cd "$(dirname "$0")/.."
big_mb=${BIG_MB:-200}
work=$(mktemp -d)
started_rgw=
cleanup() {
  rm -rf "$work"
  if [ -n "$started_rgw" ]; then scripts/services/radosgw.sh stop >&2 || true; fi
}
trap cleanup EXIT

dotnet publish functions-aws/TrailNormalizer.Aws -c Release -r linux-x64 -o "$work/publish" >&2
export TRAILNORM_BOOTSTRAP=$work/publish/bootstrap
if [ -z "${TRAILNORM_S3_ENDPOINT:-}" ]; then
  eval "$(scripts/services/radosgw.sh start)"
  started_rgw=1
fi
big_log=()
if [ "$big_mb" != 0 ]; then
  dotnet run -c Release --project tests/TrailNormalizer.Benchmarks -- generate "$work/big.json" "$big_mb" >&2
  big_log=(--big-log "$work/big.json")
fi
dotnet run -c Release --project tests/TrailNormalizer.Aws.Bench -- --runs "${RUNS:-20}" "${big_log[@]}"
