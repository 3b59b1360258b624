#!/usr/bin/env bash
# Run the service locally against the project-local PostgreSQL.
#
#   scripts/run.sh [--option ...]                  web server on ${KAM_URLS:-http://127.0.0.1:5080} (options go to the service)
#   scripts/run.sh <command> [args]                any command of the service, passed through as it is: describe,
#                                                  projections, db-apply, import <folder>, help, ... ('help' lists them)
#   scripts/run.sh token --user alice --role writer prints a bearer token (only the token goes to stdout)
#   scripts/run.sh token --story                   the token of the first story (Swagger UI's examples, README)
#   scripts/run.sh seed-demo [--accounts N]        fills an empty store with a demo portfolio (Development)
#
# Uses ConnectionStrings__Marten when set, else starts scripts/db.sh.
# ASPNETCORE_ENVIRONMENT defaults to Development (dotnet run). ASPNETCORE_ENVIRONMENT=Production runs the deployed artifact
# instead: the ReadyToRun publish in .local/publish (built first, incrementally), from its own folder.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROJECT="$KAM_REPO_ROOT/src/Kam.EventStore/Kam.EventStore.csproj"

kam_dotnet_env
# Commands resolve relative paths (import <folder>) against where this script was started, not the project folder.
export KAM_CALLER_DIR="$PWD"
cd "$KAM_REPO_ROOT"
[ -f "$PROJECT" ] || kam_die "project not found: $PROJECT"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
kam_ensure_db || kam_die "could not start the local PostgreSQL (or set ConnectionStrings__Marten)"

if [ "$ASPNETCORE_ENVIRONMENT" = Production ]; then
  kam_publish_service || kam_die "publish failed"
  cd "$KAM_PUBLISH_DIR"
  DOTNET_RUN=(dotnet "$KAM_SERVICE_DLL")
else
  # --no-launch-profile: launchSettings.json must not override the URLs/environment set here.
  DOTNET_RUN=(dotnet run --project "$PROJECT" -c Release --no-launch-profile --)
fi

case "${1:-}" in
  token)
    # The host logs to stdout too: keep only the token (its last line) so TOKEN=$(scripts/run.sh token ...) works.
    rc=0
    out="$("${DOTNET_RUN[@]}" "$@")" || rc=$?
    if [ "$rc" -eq 0 ]; then printf '%s\n' "$out" | tail -n 1; fi
    exit "$rc"
    ;;
  '' | -*) ;; # no command, or options only: run the web server below
  *)
    # Any other first word is a command of the service (JasperFx lists them with 'help'); an unknown one fails there.
    exec "${DOTNET_RUN[@]}" "$@"
    ;;
esac

URLS="${KAM_URLS:-http://127.0.0.1:5080}"
# First URL, with wildcard hosts replaced by a browsable address.
BASE="${URLS%%;*}"
BASE="$(printf '%s' "$BASE" | sed -E 's#://(\+|\*|0\.0\.0\.0|\[::\])(:|/|$)#://127.0.0.1\2#; s#/+$##')"

cat <<EOF
Kam.EventStore ($ASPNETCORE_ENVIRONMENT) listening on $URLS
  Dashboard  : $BASE/dashboard   (demo data: scripts/run.sh seed-demo)
  Swagger UI : $BASE/swagger
  OpenAPI    : $BASE/swagger/v1/swagger.json
  API base   : $BASE/api
  Health     : $BASE/health/live  and  $BASE/health/ready
  Database   : $(printf '%s' "$ConnectionStrings__Marten" | sed -E 's/(Password|Pwd)=[^;]*/\1=***/Ig')
  Token      : scripts/run.sh token --user alice --role writer     (roles: reader, writer, approver, admin;
               send 'Authorization: Bearer <token>', or paste it into Swagger UI's Authorize dialog)
EOF

exec "${DOTNET_RUN[@]}" --urls "$URLS" "$@"
