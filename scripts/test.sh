#!/usr/bin/env bash
# Builds dirsync with its tests and runs them (Swift Testing).
#
# Usage: scripts/test.sh [extra `swift test` arguments, e.g. --filter DirSyncCoreTests]
#
# Installs missing Debian packages first (scripts/install-deps.sh): the LDAP tests
# start their own throwaway slapd, so slapd and ldap-utils must be present; the SCIM
# tests start scim2-server from .venv (--with-scim).
# Exits with `swift test`'s status.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib/common.sh
. "$SCRIPTS/lib/common.sh"

bash "$SCRIPTS/install-deps.sh" --with-scim  # the SCIM tests run a real scim2-server from .venv
ensure_swift_on_path
cd "$DIRSYNC_ROOT"

log "building with tests"
build_rc=0
swift build --build-tests || build_rc=$?
if [ "$build_rc" -ne 0 ]; then
    log "FAILED: swift build --build-tests exited $build_rc (see the compiler output above)"
    exit "$build_rc"
fi

log "running tests"
test_rc=0
swift test "$@" || test_rc=$?
if [ "$test_rc" -eq 0 ]; then
    log "PASSED: swift test exited 0"
else
    log "FAILED: swift test exited $test_rc"
fi
exit "$test_rc"
