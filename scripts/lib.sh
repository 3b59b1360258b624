# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; do not execute it.

# Repository root: the parent of the folder holding this file.
# shellcheck disable=SC2034  # used by the scripts that source this file
KAM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
KAM_LOCAL_DIR="$KAM_REPO_ROOT/.local"
KAM_SCRIPTS_DIR="$KAM_REPO_ROOT/scripts"

kam_log() { printf '%s\n' "$*" >&2; }
kam_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Quiet, deterministic dotnet CLI.
kam_dotnet_env() {
  export DOTNET_CLI_TELEMETRY_OPTOUT=1
  export DOTNET_NOLOGO=1
  export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  export DOTNET_GENERATE_ASPNET_CERTIFICATE=false
  command -v dotnet >/dev/null 2>&1 || kam_die "dotnet SDK not found on PATH"
}

# The solution file (Kam.EventStore.sln, or .slnx if that is what exists).
kam_solution() {
  local f
  for f in "$KAM_REPO_ROOT/Kam.EventStore.sln" "$KAM_REPO_ROOT/Kam.EventStore.slnx"; do
    if [ -f "$f" ]; then printf '%s\n' "$f"; return 0; fi
  done
  return 1
}

# The Production artifact, as the Dockerfile builds it: a framework-dependent ReadyToRun publish (precompiled code, so
# start-up does not wait for the JIT). Into .local/publish, with its own obj/bin under .local/r2r so it never invalidates
# the plain Release build the tests use; about a minute from scratch, a couple of seconds when nothing changed.
# Sets KAM_SERVICE_DLL to the published Kam.EventStore.dll.
KAM_PUBLISH_DIR="$KAM_LOCAL_DIR/publish"
kam_publish_service() {
  local rid
  case "$(uname -m)" in
    aarch64 | arm64) rid=linux-arm64 ;;
    *) rid=linux-x64 ;;
  esac
  dotnet publish "$KAM_REPO_ROOT/src/Kam.EventStore/Kam.EventStore.csproj" -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -p:UseAppHost=false --artifacts-path "$KAM_LOCAL_DIR/r2r" -o "$KAM_PUBLISH_DIR" \
    -nologo -v quiet -clp:ErrorsOnly >&2 || return 1
  KAM_SERVICE_DLL="$KAM_PUBLISH_DIR/Kam.EventStore.dll"
  [ -f "$KAM_SERVICE_DLL" ]
}

# Export ConnectionStrings__Marten, starting the project-local PostgreSQL
# when it is not already set. Returns non-zero if the database cannot start.
kam_ensure_db() {
  if [ -n "${ConnectionStrings__Marten:-}" ]; then
    kam_log "Using ConnectionStrings__Marten from the environment."
    return 0
  fi
  local cs
  cs="$(bash "$KAM_SCRIPTS_DIR/db.sh" start)" || return 1
  cs="$(printf '%s\n' "$cs" | tail -n 1)"
  [ -n "$cs" ] || return 1
  export ConnectionStrings__Marten="$cs"
}

# Install Debian packages (as root, or with passwordless sudo). Returns non-zero when that is not possible.
kam_apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update >&2 &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2
}

# Debian's chromium, which the browser tests drive (no browser download works here).
kam_ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  kam_log "Installing chromium for the browser tests (apt-get install -y chromium)..."
  kam_apt_install chromium && [ -x /usr/bin/chromium ]
}

# The OpenAPI linter (@redocly/cli, pinned), installed from npm into .local/tools when missing; prints its path.
KAM_REDOCLY_VERSION="2.77.0"
kam_ensure_redocly() {
  local dir="$KAM_LOCAL_DIR/tools/redocly-$KAM_REDOCLY_VERSION"
  local bin="$dir/node_modules/.bin/redocly"
  if [ ! -x "$bin" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      kam_log "Installing Node.js and npm for the OpenAPI lint (apt-get install -y nodejs npm)..."
      kam_apt_install nodejs npm || return 1
    fi
    kam_log "Installing @redocly/cli@$KAM_REDOCLY_VERSION into $dir ..."
    mkdir -p "$dir" && npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@redocly/cli@$KAM_REDOCLY_VERSION" >&2 || return 1
  fi
  printf '%s\n' "$bin"
}
