#!/usr/bin/env bash
# Regenerates the expected OCSF output (tests/fixtures/<source>/<case>.ocsf.json) of every golden
# fixture from the current mappers. Review the result with `git diff tests/fixtures` before committing:
# golden files are never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAILNORM_UPDATE_GOLDEN=1 dotnet test tests/TrailNormalizer.Core.Tests --filter "FullyQualifiedName~GoldenTests" --nologo -v quiet
git status --short tests/fixtures
