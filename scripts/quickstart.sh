#!/usr/bin/env bash
# The quickstart: build dirsync, start a demo directory, sync it, change it, sync again.
#
# Usage: scripts/quickstart.sh
#        DIRSYNC_BIN=/path/to/dirsync scripts/quickstart.sh   (use that binary, skip the build)
#
# Steps: install missing Debian packages (scripts/install-deps.sh), build dirsync in
# debug mode, start a throwaway slapd in .tmp/quickstart loaded with
# examples/quickstart/directory.ldif, copy examples/quickstart to .tmp/quickstart/work
# (so the state database lands there, never in git), then validate, plan, sync, change
# the directory (a mover, a leaver) and sync again, showing the accounts each time. slapd is stopped when the script exits, however it exits.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib/common.sh
. "$SCRIPTS/lib/common.sh"
# shellcheck source=scripts/demo-slapd.sh
. "$SCRIPTS/demo-slapd.sh"

ROOT="$DIRSYNC_ROOT"
RUN_DIR="$ROOT/.tmp/quickstart"
WORK="$RUN_DIR/work"
CONFIG="$WORK/dirsync.yaml"

# Shows a command the way a reader would type it, then runs it. On failure, says which
# step failed and exits with its status.
run() {
    printf '\n$ %s\n' "$*" >&2
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        log "step failed (exit $rc): $*"
        exit "$rc"
    fi
}

cleanup() {
    demo_slapd_stop "$RUN_DIR" || true
}

main() {
    bash "$SCRIPTS/install-deps.sh"

    local bin_dir
    if [ -n "${DIRSYNC_BIN:-}" ]; then
        if [ ! -x "$DIRSYNC_BIN" ] || [ "${DIRSYNC_BIN##*/}" != dirsync ]; then
            die "DIRSYNC_BIN=$DIRSYNC_BIN is not an executable named dirsync"
        fi
        bin_dir="$(cd "$(dirname "$DIRSYNC_BIN")" && pwd)"
        log "using $bin_dir/dirsync (DIRSYNC_BIN); not building"
    else
        ensure_swift_on_path
        log "building dirsync (debug; the first build takes a few minutes)"
        (cd "$ROOT" && swift build -c debug --product dirsync) ||
            die "swift build failed; see the compiler output above"
        bin_dir="$(cd "$ROOT" && swift build -c debug --show-bin-path)"
        [ -x "$bin_dir/dirsync" ] || die "build finished but $bin_dir/dirsync is missing"
    fi
    PATH="$bin_dir:$PATH"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    demo_slapd_start "$RUN_DIR" "$ROOT/examples/quickstart/directory.ldif"
    DIRSYNC_DEMO_LDAP_URL="$(sed -n 's/^LDAP_URL=//p' "$RUN_DIR/env")"
    export DIRSYNC_DEMO_LDAP_URL
    log "DIRSYNC_DEMO_LDAP_URL=$DIRSYNC_DEMO_LDAP_URL"

    # A fresh copy each run: a fresh directory deserves a fresh state database.
    rm -rf "$WORK"
    cp -R "$ROOT/examples/quickstart" "$WORK"
    rm -f "$WORK"/dirsync.sqlite*
    chmod 600 "$WORK"/secrets/*
    cd "$WORK"

    run dirsync validate --config "$CONFIG"
    run dirsync plan --config "$CONFIG" --format table

    # Pre-register everyone the mapping puts in scope, and look at the result.
    run dirsync sync --config "$CONFIG"
    run dirsync accounts --config "$CONFIG"
    run dirsync plan --config "$CONFIG"            # idempotent: No changes.

    # The directory changes: bob moves from apollo's rw group to its ro group, carol is
    # taken out of every group, and dave leaves the company.
    run ldapmodify -x -H "$DIRSYNC_DEMO_LDAP_URL" -D cn=admin,dc=example,dc=com \
        -y "$RUN_DIR/rootpw" -f "$WORK/changes.ldif"
    run ldapdelete -x -H "$DIRSYNC_DEMO_LDAP_URL" -D cn=admin,dc=example,dc=com \
        -y "$RUN_DIR/rootpw" -f "$WORK/leavers.txt"
    run dirsync plan --config "$CONFIG"            # bob update; carol and dave deactivate
    run dirsync sync --config "$CONFIG"
    run dirsync accounts --config "$CONFIG"
    run dirsync explain carol --config "$CONFIG"
    run dirsync history --config "$CONFIG" --limit 3

    printf '\n' >&2
    log "done. The config and state database are in ${WORK#"$ROOT"/}; the demo directory stops now."
    log "Next: read examples/quickstart/mappings/quickstart.yaml, change a rule, and run scripts/quickstart.sh again."
}

main "$@"
