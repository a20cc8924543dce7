#!/usr/bin/env bash
# The quickstart: build dirsync, start a demo directory, sync it, change it, sync again.
#
# Usage: scripts/quickstart.sh
#        DIRSYNC_BIN=/path/to/dirsync scripts/quickstart.sh   (use that binary, skip the build)
#
# Steps: install missing Debian packages and .venv with scim2-server
# (scripts/install-deps.sh --with-scim), build dirsync in debug mode, start a throwaway
# slapd in .tmp/quickstart loaded with examples/quickstart/directory.ldif, copy
# examples/quickstart to .tmp/quickstart/work (so the state databases land there, never
# in git), then validate, plan and sync into the embedded store (dirsync.yaml); start a
# throwaway scim2-server (the demo application) and provision the same directory into it
# (dirsync-scim.yaml), showing its Users and Groups with curl; change the directory (a
# mover, a leaver) and sync both again, showing the accounts each time; last, start
# `dirsync serve`, fire one signed webhook at it (curl, openssl), show the run and a few
# metrics, and stop it with SIGTERM. slapd and scim2-server are stopped when the script
# exits, however it exits.
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
SCIM_CONFIG="$WORK/dirsync-scim.yaml"

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
    if [ -n "${SERVE_PID:-}" ]; then kill -TERM "$SERVE_PID" 2>/dev/null || true; fi
    scim_stop
    demo_slapd_stop "$RUN_DIR" || true
}

# The demo application: a throwaway scim2-server (from .venv, see install-deps.sh
# --with-scim) on a free port of 127.0.0.1, accepting the demo bearer token. Its
# resources live in memory and are gone when it stops. Exports DIRSYNC_DEMO_SCIM_URL,
# which dirsync-scim.yaml reads.
scim_start() {
    local server="$ROOT/.venv/bin/scim2-server" port token i ready=0
    [ -x "$server" ] || die "$server is missing; run scripts/install-deps.sh --with-scim"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    token="$(cat "$WORK/secrets/scim-token")"
    DIRSYNC_DEMO_SCIM_URL="http://127.0.0.1:$port/v2"
    export DIRSYNC_DEMO_SCIM_URL
    printf '\n$ .venv/bin/scim2-server --hostname 127.0.0.1 --port %s --bearer-token "$(cat secrets/scim-token)" &\n' "$port" >&2
    "$server" --hostname 127.0.0.1 --port "$port" --bearer-token "$token" 2>"$RUN_DIR/scim2-server.log" >&2 &
    SCIM_PID=$!
    for i in $(seq 1 100); do
        curl -sf -H "Authorization: Bearer $token" "$DIRSYNC_DEMO_SCIM_URL/ServiceProviderConfig" >/dev/null 2>&1 && { ready=1; break; }
        kill -0 "$SCIM_PID" 2>/dev/null || { cat "$RUN_DIR/scim2-server.log" >&2; die "scim2-server stopped before it answered"; }
        sleep 0.1
    done
    [ "$ready" = 1 ] || die "scim2-server did not answer on $DIRSYNC_DEMO_SCIM_URL within 10s; see ${RUN_DIR#"$ROOT"/}/scim2-server.log"
    log "DIRSYNC_DEMO_SCIM_URL=$DIRSYNC_DEMO_SCIM_URL (scim2-server, pid $SCIM_PID; its request log is ${RUN_DIR#"$ROOT"/}/scim2-server.log)"
}

scim_stop() {
    if [ -n "${SCIM_PID:-}" ]; then
        kill -TERM "$SCIM_PID" 2>/dev/null || true
        wait "$SCIM_PID" 2>/dev/null || true
        SCIM_PID=
    fi
}

# What the application holds, read without dirsync: its Users and Groups with plain
# curl, printed as a table by scim-table.py (userName, active, roles, entitlements;
# each group's displayName and its members' userNames).
scim_show() {
    local auth resource
    auth="Authorization: Bearer $(cat "$WORK/secrets/scim-token")"
    for resource in Users Groups; do
        printf '\n$ curl -sf -H "Authorization: Bearer $(cat secrets/scim-token)" "$DIRSYNC_DEMO_SCIM_URL/%s?count=200" > %s.json\n' \
            "$resource" "${resource,,}" >&2
        curl -sf -H "$auth" "$DIRSYNC_DEMO_SCIM_URL/$resource?count=200" > "$WORK/${resource,,}.json" ||
            die "GET $DIRSYNC_DEMO_SCIM_URL/$resource failed; see ${RUN_DIR#"$ROOT"/}/scim2-server.log"
    done
    run python3 scim-table.py users.json groups.json
}

# The daemon: start `dirsync serve`, fire one signed webhook at it with curl and openssl,
# show the run it started and a few metrics, and stop it with SIGTERM.
serve_demo() {
    local api=http://127.0.0.1:8089 token body ts sig run status i
    printf '\n$ dirsync serve --config %s &\n' "$CONFIG" >&2
    dirsync serve --config "$CONFIG" 2>"$WORK/serve.log" &
    SERVE_PID=$!
    for i in $(seq 1 100); do
        curl -sf "$api/healthz" >/dev/null 2>&1 && break
        kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "dirsync serve stopped (is port 8089 taken?)"; }
        sleep 0.1
    done
    token="$(cat "$WORK/secrets/api-token")"
    body='{"users": ["alice"]}'
    ts="$(date +%s)"
    sig="$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$(cat "$WORK/secrets/webhook")" -r | cut -d' ' -f1)"
    printf '\n$ curl -X POST %s/v1/sync -H "X-Dirsync-Timestamp: %s" -H "X-Dirsync-Signature: sha256=%s" -d %s\n' \
        "$api" "$ts" "$sig" "'$body'" >&2
    run=$(curl -sf -X POST "$api/v1/sync" -H "X-Dirsync-Timestamp: $ts" -H "X-Dirsync-Signature: sha256=$sig" -d "$body")
    printf '%s\n' "$run"
    run="$(printf '%s' "$run" | sed -n 's/.*"run":\([0-9]*\).*/\1/p')"
    for i in $(seq 1 100); do
        status="$(curl -sf -H "Authorization: Bearer $token" "$api/v1/runs/$run")"
        case "$status" in *'"status":"queued"'* | *'"status":"running"'*) sleep 0.1 ;; *) break ;; esac
    done
    printf '\n$ curl -H "Authorization: Bearer ..." %s/v1/runs/%s\n%s\n' "$api" "$run" "$status" >&2
    printf '\n$ curl -s %s/metrics | grep -E "^dirsync_(runs_total|webhook_deliveries_total|accounts_managed)"\n' "$api" >&2
    curl -sf "$api/metrics" | grep -E '^dirsync_(runs_total\{trigger="webhook",outcome="succeeded"|webhook_deliveries_total|accounts_managed)'
    printf '\n$ kill -TERM %s\n' "$SERVE_PID" >&2
    kill -TERM "$SERVE_PID"
    wait "$SERVE_PID" || die "dirsync serve exited $? on SIGTERM; see $WORK/serve.log"
    SERVE_PID=
    log "dirsync serve stopped cleanly; its log is in ${WORK#"$ROOT"/}/serve.log"
}

main() {
    bash "$SCRIPTS/install-deps.sh" --with-scim

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
    rm -f "$WORK"/dirsync.sqlite* "$WORK"/dirsync-scim.sqlite*
    chmod 600 "$WORK"/secrets/*
    cd "$WORK"

    run dirsync validate --config "$CONFIG"
    run dirsync plan --config "$CONFIG" --format table

    # Pre-register everyone the mapping puts in scope, and look at the result.
    run dirsync sync --config "$CONFIG"
    run dirsync accounts --config "$CONFIG"
    run dirsync plan --config "$CONFIG"            # idempotent: No changes.

    # The same directory and mappings into an application over SCIM 2.0: a throwaway
    # scim2-server plays the application; dirsync-scim.yaml differs only in state and target.
    scim_start
    run dirsync validate --config "$SCIM_CONFIG"
    run dirsync plan --config "$SCIM_CONFIG" --format table
    run dirsync sync --config "$SCIM_CONFIG"
    scim_show
    run dirsync plan --config "$SCIM_CONFIG"       # idempotent: No changes.

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

    # The same mover and leavers reach the application.
    run dirsync plan --config "$SCIM_CONFIG"       # bob update; carol and dave deactivate
    run dirsync sync --config "$SCIM_CONFIG"
    scim_show
    scim_stop
    log "scim2-server stopped (the demo application keeps nothing)"

    serve_demo
    printf '\n' >&2
    log "done. The configs and state databases are in ${WORK#"$ROOT"/}; the demo directory stops now."
    log "Next: read examples/quickstart/mappings/quickstart.yaml, change a rule, and run scripts/quickstart.sh again."
}

main "$@"
