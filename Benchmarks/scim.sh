#!/usr/bin/env bash
# dirsync benchmark, SCIM step: the first sync of a synthetic directory into a fresh
# scim2-server, a no-op sync, and a plain client sending the same writes to another fresh
# scim2-server in the same run.
#
# Usage: Benchmarks/scim.sh [--users 10000] [--dirsync PATH] [--concurrency 8]
#                           [--repeat 1] [--report PATH] [--clean]
#   --users        people in the generated directory (groups = max(50, users/20))
#   --dirsync      a built dirsync binary; without it the script runs
#                  `swift build -c release --product dirsync` (~4 min the first time)
#   --concurrency  requests in flight, for dirsync (target.concurrency) and the plain client
#   --repeat       rounds of the three first-sync measurements, interleaved; medians reported
#   --report       where to write the report (default: Benchmarks/SCIM-BENCHMARKS.md)
#   --clean        delete the generated data afterwards
# Steps, each against its own fresh scim2-server (.venv/bin/scim2-server, see
# scripts/install-deps.sh --with-scim), with the request log of every server kept:
#   sync-first   dirsync sync (target type: scim, bulk: auto), timed
#   sync-noop    dirsync sync again, timed; the write requests (POST/PUT/PATCH/DELETE)
#                the server logged during it are counted: must be 0
#   dump         every User and Group dirsync wrote (scim_measure.py dump, untimed)
#   plain        scim_plain_client.py replays that dump into a fresh server: POST /Users,
#                one POST /Groups per project group, PATCH of members in batches; timed;
#                the result is compared with dirsync's (scim_measure.py compare)
#   plain-bulk   the same with the Users created through /Bulk
# Wall time by the clock around each process; CPU of the client by /usr/bin/time; CPU of
# scim2-server and slapd from /proc/PID/stat; dirsync runs with -v, so its stderr
# (.work/scim-USERS/sync-*.err) holds each stage's wall and CPU time.
# Raw rows: Benchmarks/.work/scim-USERS/results.tsv.
# Benchmarks are not tests: the script reports the ratio against the target (1.25) and
# exits 0 unless the harness itself failed.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
USERS=10000
DIRSYNC=""
CONCURRENCY=8
REPEAT=1
REPORT="$BENCH/SCIM-BENCHMARKS.md"
CLEAN=0
SCIM_SERVER="$REPO/.venv/bin/scim2-server"
TOKEN="bench-scim-token"

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --users) USERS="${2:?--users needs a number}"; shift 2 ;;
        --dirsync) DIRSYNC="${2:?--dirsync needs a path}"; shift 2 ;;
        --concurrency) CONCURRENCY="${2:?--concurrency needs a number}"; shift 2 ;;
        --repeat) REPEAT="${2:?--repeat needs a number}"; shift 2 ;;
        --report) REPORT="${2:?--report needs a path}"; shift 2 ;;
        --clean) CLEAN=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "scim.sh: unknown argument '$1'; see --help" >&2; exit 1 ;;
    esac
done
for value in "$USERS" "$CONCURRENCY" "$REPEAT"; do
    case "$value" in ''|*[!0-9]*|0) echo "scim.sh: --users, --concurrency and --repeat take positive numbers" >&2; exit 1 ;; esac
done

log() { printf '[scim-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools ---------------------------------------------------------------------------
[ -x "$SCIM_SERVER" ] || { echo "scim.sh: $SCIM_SERVER is missing; run scripts/install-deps.sh --with-scim" >&2; exit 1; }
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$BENCH/common.sh"
ensure_gnu_time
for tool in slapd slapadd slaptest python3 curl; do
    command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
    command -v "$tool" >/dev/null || { echo "scim.sh: '$tool' is missing; apt-get install slapd ldap-utils python3 curl" >&2; exit 1; }
done
resolve_dirsync scim.sh

# shellcheck source-path=SCRIPTDIR source=slapd.sh
. "$BENCH/slapd.sh"

DIR="$BENCH/.work/scim-$USERS"
rm -rf "$DIR"
mkdir -p "$DIR"
RESULTS="$DIR/results.tsv"
printf 'step\trep\tseconds\tclient_cpu_seconds\tserver_cpu_seconds\tslapd_cpu_seconds\trss_kb\tGET\tPOST\tPUT\tPATCH\tDELETE\twrites\texit\tnote\n' > "$RESULTS"
SLAPD_DIR=""
SCIM_PID=""
cleanup() {
    [ -z "$SCIM_PID" ] || { kill -TERM "$SCIM_PID" 2>/dev/null || true; wait "$SCIM_PID" 2>/dev/null || true; }
    [ -z "$SLAPD_DIR" ] || slapd_stop "$SLAPD_DIR"
}
trap cleanup EXIT

free_port() { python3 "$BENCH/measure.py" free-port; }

# CPU seconds (user + system) the process PID has used so far.
process_cpu() { awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$1/stat"; }

# scim_start NAME: a fresh scim2-server on a free port, request log in $DIR/NAME.log.
# Sets SCIM_PID, SCIM_URL, SCIM_LOG.
scim_start() {
    local port i
    port="$(free_port)"
    SCIM_URL="http://127.0.0.1:$port/v2"
    SCIM_LOG="$DIR/$1.log"
    "$SCIM_SERVER" --hostname 127.0.0.1 --port "$port" --bearer-token "$TOKEN" > "$SCIM_LOG" 2>&1 &
    SCIM_PID=$!
    for i in $(seq 1 100); do
        if curl -sf -H "Authorization: Bearer $TOKEN" "$SCIM_URL/ServiceProviderConfig" > /dev/null 2>&1; then
            return 0
        fi
        kill -0 "$SCIM_PID" 2>/dev/null || { cat "$SCIM_LOG" >&2; echo "scim.sh: scim2-server stopped" >&2; exit 1; }
        sleep 0.1
    done
    echo "scim.sh: scim2-server did not answer on $SCIM_URL" >&2
    exit 1
}

scim_stop() {
    kill -TERM "$SCIM_PID" 2>/dev/null || true
    wait "$SCIM_PID" 2>/dev/null || true
    SCIM_PID=""
}

# timed STEP REP OUTFILE CMD...: run CMD with stdout to OUTFILE against the running
# scim2-server; record wall time, client CPU and RSS, server CPU, and the requests the
# server logged while it ran. Sets LAST_RC and LAST_WRITES.
timed() {
    local step="$1" rep="$2" out="$3"; shift 3
    local first_line secs rss cpu server_before server_after slapd_pid slapd_before slapd_after counts note="-"
    first_line=$(( $(wc -l < "$SCIM_LOG") + 1 ))
    slapd_pid="$(cat "$SLAPD_DIR/bench.pid")"
    server_before="$(process_cpu "$SCIM_PID")"
    slapd_before="$(process_cpu "$slapd_pid")"
    measure "$out" "$DIR/time.txt" "$@"
    secs="$LAST_SECS" rss="$LAST_RSS" cpu="$LAST_CPU"
    server_after="$(process_cpu "$SCIM_PID")"
    slapd_after="$(process_cpu "$slapd_pid")"
    counts="$(python3 "$BENCH/scim_measure.py" requests "$SCIM_LOG" "$first_line")"
    read -r get post put patch delete LAST_WRITES <<< "$(python3 -c 'import json,sys; c=json.loads(sys.argv[1]); print(c["GET"], c["POST"], c["PUT"], c["PATCH"], c["DELETE"], c["writes"])' "$counts")"
    [ "$LAST_RC" -eq 0 ] || note="exit $LAST_RC: $(tail -1 "$out.err" | tr '\t' ' ' | cut -c1-160)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$step" "$rep" "$secs" "$cpu" \
        "$(awk -v a="$server_before" -v b="$server_after" 'BEGIN { printf "%.2f", b - a }')" \
        "$(awk -v a="$slapd_before" -v b="$slapd_after" 'BEGIN { printf "%.2f", b - a }')" "${rss:-0}" \
        "$get" "$post" "$put" "$patch" "$delete" "$LAST_WRITES" "$LAST_RC" "$note" >> "$RESULTS"
    log "$step #$rep: ${secs}s (client CPU ${cpu}s), requests GET $get POST $post PUT $put PATCH $patch DELETE $delete, exit $LAST_RC"
    if [ "$LAST_RC" -ne 0 ]; then
        tail -5 "$out.err" >&2
        echo "scim.sh: $step failed (exit $LAST_RC); the server log is $SCIM_LOG" >&2
        exit 1
    fi
}

# --- data and directory ----------------------------------------------------------------
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "scim2-server=$("$REPO/.venv/bin/pip" show scim2-server 2>/dev/null | sed -n 's/^Version: //p')"
    echo "python=$("$REPO/.venv/bin/python" --version 2>&1)"
    echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "dirsync=$DIRSYNC"
    echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$DIR/machine.txt"

LDAP_PORT="$(free_port)"
log "$USERS users: generating"
python3 "$BENCH/generate.py" --users "$USERS" --out "$DIR" --ldap-url "$(slapd_url "$LDAP_PORT")" > "$DIR/generate.json"
printf '%s' "$TOKEN" > "$DIR/scim-token"
chmod 600 "$DIR/scim-token"
# The generated store config with a SCIM target and its own state database.
python3 - "$DIR" "$CONCURRENCY" <<'EOF'
import sys
folder, concurrency = sys.argv[1], sys.argv[2]
text = open(f"{folder}/dirsync.yaml").read()
store = "target:\n  type: store\n"
assert store in text and "state: ./dirsync.sqlite\n" in text
text = text.replace("state: ./dirsync.sqlite\n", "state: ./dirsync-scim.sqlite\n")
text = text.replace(store, f"""target:
  type: scim
  url: ${{BENCH_SCIM_URL}}
  token_file: ./scim-token
  concurrency: {concurrency}
  timeout: 120s
""")
open(f"{folder}/dirsync-scim.yaml", "w").write(text)
EOF
SLAPD_DIR="$DIR/slapd"
slapd_configure "$SLAPD_DIR"
log "$USERS users: slapadd -q"
slapd_load "$SLAPD_DIR" "$DIR/directory.ldif"
slapd_start "$SLAPD_DIR" "$LDAP_PORT"

# --- rounds ------------------------------------------------------------------------------
for rep in $(seq 1 "$REPEAT"); do
    rm -f "$DIR"/dirsync-scim.sqlite*
    scim_start "dirsync-$rep"
    export BENCH_SCIM_URL="$SCIM_URL"
    timed sync-first "$rep" "$DIR/sync-first.$rep.json" "$DIRSYNC" sync -v --config "$DIR/dirsync-scim.yaml" --format json
    timed sync-noop "$rep" "$DIR/sync-noop.$rep.json" "$DIRSYNC" sync -v --config "$DIR/dirsync-scim.yaml" --format json
    [ "$LAST_WRITES" -eq 0 ] || log "sync-noop #$rep: the server logged $LAST_WRITES write requests; the target is 0"
    python3 "$BENCH/scim_measure.py" dump "$SCIM_URL" "$DIR/scim-token" "$DIR/dirsync-$rep.dump.json" > /dev/null
    python3 "$BENCH/scim_measure.py" plan-check "$DIR/sync-first.$rep.json" "$DIR/dirsync-$rep.dump.json" > "$DIR/plan-check.$rep.json" ||
        { cat "$DIR/plan-check.$rep.json" >&2; echo "scim.sh: dirsync's server does not hold what its sync reported" >&2; exit 1; }
    log "dirsync's server: $(cat "$DIR/plan-check.$rep.json")"
    scim_stop

    for variant in plain plain-bulk; do
        scim_start "$variant-$rep"
        flags=()
        [ "$variant" = plain ] || flags=(--bulk)
        timed "$variant" "$rep" "$DIR/$variant.$rep.json" python3 "$BENCH/scim_plain_client.py" --url "$SCIM_URL" \
            --token-file "$DIR/scim-token" --input "$DIR/dirsync-1.dump.json" --concurrency "$CONCURRENCY" "${flags[@]}"
        python3 "$BENCH/scim_measure.py" dump "$SCIM_URL" "$DIR/scim-token" "$DIR/$variant-$rep.dump.json" > /dev/null
        python3 "$BENCH/scim_measure.py" compare "$DIR/dirsync-1.dump.json" "$DIR/$variant-$rep.dump.json" ||
            { echo "scim.sh: the $variant client's server differs from dirsync's" >&2; exit 1; }
        scim_stop
    done
done

slapd_stop "$SLAPD_DIR"
SLAPD_DIR=""
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$DIR/machine.txt"
python3 "$BENCH/scim_report.py" --results "$RESULTS" --machine "$DIR/machine.txt" --users "$USERS" \
    --concurrency "$CONCURRENCY" --plan-check "$DIR/plan-check.1.json" --out "$REPORT"
log "wrote $REPORT (raw rows: $RESULTS; server logs: $DIR/*.log)"
if [ "$CLEAN" -eq 1 ]; then rm -rf "$DIR"; fi
