#!/usr/bin/env bash
# Regenerates Wolverine's handler and endpoint code from the current endpoints, into src/Kam.EventStore/Internal/Generated.
#
#   scripts/codegen.sh
#
# The service loads this code (TypeLoadMode.Static) in every environment but Development, so no code is generated when it
# starts and Roslyn never loads in production. Run this after adding, removing or changing an endpoint or a message handler
# (its parameters, attributes, middleware, policies), then commit the changed files: GeneratedCodeTests fails until the
# files match the endpoints, and with stale code a new endpoint would answer 404.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kam_dotnet_env
cd "$KAM_REPO_ROOT"
OUT="$KAM_REPO_ROOT/src/Kam.EventStore/Internal/Generated"
DLL="$KAM_REPO_ROOT/src/Kam.EventStore/bin/Release/net10.0/Kam.EventStore.dll"

# The old files go first: after an endpoint's signature changed they no longer compile.
rm -rf "$OUT"
echo "==> dotnet build src/Kam.EventStore -c Release (without generated code)"
dotnet build src/Kam.EventStore -c Release -nologo -v quiet -clp:ErrorsOnly || kam_die "build failed"

# Generating needs the host's configuration, not a database: any connection string will do.
echo "==> codegen write -> ${OUT#"$KAM_REPO_ROOT"/}"
ASPNETCORE_ENVIRONMENT=Testing \
  ConnectionStrings__Marten="${ConnectionStrings__Marten:-Host=127.0.0.1;Database=kam_codegen;Username=postgres}" \
  Codegen__OutputPath="$OUT" \
  dotnet "$DLL" codegen write >/dev/null || kam_die "codegen write failed"
echo "$(find "$OUT" -type f | wc -l) files written."

echo "==> dotnet build src/Kam.EventStore -c Release (with the new code)"
dotnet build src/Kam.EventStore -c Release -nologo -v quiet -clp:ErrorsOnly || kam_die "build failed"
git -C "$KAM_REPO_ROOT" status --short -- "$OUT" | head -20
