#!/usr/bin/env bash
# Regenerates tests/TrailNormalizer.Core.Tests/PublicApi/CorePublicTypes.txt, the list of TrailNormalizer.Core's public
# types, from the built assembly. Review the result with `git diff` before committing: the list is never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAILNORM_UPDATE_PUBLIC_API=1 dotnet test tests/TrailNormalizer.Core.Tests --filter "FullyQualifiedName~PublicSurfaceTests" --nologo -v quiet
git status --short tests/TrailNormalizer.Core.Tests/PublicApi
