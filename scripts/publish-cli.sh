#!/usr/bin/env bash
# Builds trailnorm for people who do not work from a source checkout (README "Get the CLI"):
#   out/cli/<rid>/trailnorm           a self-contained Native AOT single binary per runtime id: no .NET needed
#                                     to run it. It leaves out `query` and `export` (DuckDB is not AOT-safe and
#                                     needs its own native library); those two say so and point at the tool.
#   out/packages/trailnorm.<v>.nupkg  the .NET tool with every command:
#                                     dotnet tool install --global --add-source out/packages trailnorm
# Usage: scripts/publish-cli.sh [RID...]      (default: linux-x64)
# Native AOT compiles for the machine's own OS and, with a cross toolchain and sysroot, other architectures;
# on a plain x64 Linux host only linux-x64 builds (linux-arm64 needs an arm64 sysroot, macOS and Windows
# binaries need those systems). Needs the .NET SDK of global.json, clang and zlib1g-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=shared/TrailNormalizer.Cli
# Its own artifacts folder, so an AOT publish (different package references) never disturbs the bin/ and
# obj/ folders that ordinary builds and tests use.
artifacts=out/cli-build

rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64)

for rid in "${rids[@]}"; do
  echo "publish-cli: Native AOT for $rid"
  dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true --artifacts-path "$artifacts/aot-$rid" \
    -o "out/cli/$rid" -v quiet -nologo
  echo "publish-cli: out/cli/$rid/trailnorm ($(du -h "out/cli/$rid/trailnorm" | cut -f1))"
done

echo "publish-cli: .NET tool package"
dotnet pack "$project" -c Release --artifacts-path "$artifacts/tool" -o out/packages -v quiet -nologo
ls out/packages/trailnorm.*.nupkg
