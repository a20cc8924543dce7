#!/usr/bin/env bash
# dirsync benchmark: synthetic directories in a throwaway slapd, dirsync measured against
# the raw `ldapsearch` paged pull of the same entries (the floor).
#
# Usage: Benchmarks/run.sh [--sizes 1000,10000,100000] [--dirsync PATH] [--floor-only]
#                          [--repeat 3] [--report PATH] [--clean]
#   --sizes       user counts to measure (groups = max(50, users/20), ~5 memberships/user)
#   --dirsync     a built dirsync binary; without it the script runs
#                 `swift build -c release --product dirsync` (~4 min the first time)
#   --floor-only  generate, load and measure the ldapsearch floor; no dirsync at all
#   --repeat      repetitions of the cheap steps (floor, plan, no-op sync); median reported
#   --report      where to write the report (default: BENCHMARKS.md at the repo root)
#   --clean       delete each size's generated data and database after measuring it
# Per size: generate LDIF + dirsync.yaml + mappings, `slapadd -q`, start slapd, then
#   floor          ldapsearch -E pr=1000 of users and groups with dirsync's attributes
#   plan-empty     dirsync plan on an empty state (--format json, which the report parses)
#   plan-table     the same plan in the default table output
#   sync-first     the first dirsync sync into the embedded store
#   sync-noop      dirsync sync again: nothing to do, nothing should be written
#   change         ldapmodify: 1% of users move team, change mail/cn, get locked
#   plan-changed   dirsync plan after the change
#   sync-changed   dirsync sync applying it
# Wall time by the clock around the process, peak RSS by /usr/bin/time (%M), rows
# written by diffing copies of the state database. Raw rows: Benchmarks/.work/results.tsv.
# Benchmarks are not tests: the script reports pass/fail against the targets and exits 0
# unless the harness itself failed.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/.work"
SIZES="1000,10000,100000"
DIRSYNC=""
FLOOR_ONLY=0
REPEAT=3
REPORT="$REPO/BENCHMARKS.md"
CLEAN=0

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES="${2:?--sizes needs a list like 1000,10000}"; shift 2 ;;
        --dirsync) DIRSYNC="${2:?--dirsync needs a path}"; shift 2 ;;
        --floor-only) FLOOR_ONLY=1; shift ;;
        --repeat) REPEAT="${2:?--repeat needs a number}"; shift 2 ;;
        --report) REPORT="${2:?--report needs a path}"; shift 2 ;;
        --clean) CLEAN=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'; see --help" >&2; exit 1 ;;
    esac
done
case "$REPEAT" in ''|*[!0-9]*|0) echo "run.sh: --repeat must be a positive number" >&2; exit 1 ;; esac
IFS=',' read -r -a SIZE_LIST <<< "$SIZES"
for size in "${SIZE_LIST[@]}"; do
    case "$size" in ''|*[!0-9]*) echo "run.sh: --sizes takes numbers, got '$size'" >&2; exit 1 ;; esac
done

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools ---------------------------------------------------------------------------
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$BENCH/common.sh"
ensure_gnu_time
for tool in slapd slapadd slaptest ldapsearch ldapmodify sqlite3 python3; do
    command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
    command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is missing; apt-get install slapd ldap-utils sqlite3 python3" >&2; exit 1; }
done

if [ "$FLOOR_ONLY" -eq 0 ]; then resolve_dirsync run.sh; fi

# shellcheck source-path=SCRIPTDIR source=slapd.sh
. "$BENCH/slapd.sh"

mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
printf 'size\tstep\trep\tseconds\tcpu_seconds\trss_kb\trows_total\trows_state\texit\tnote\n' > "$RESULTS"
SLAPD_DIR=""
trap '[ -n "$SLAPD_DIR" ] && slapd_stop "$SLAPD_DIR"' EXIT

# --- machine -------------------------------------------------------------------------
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    # shellcheck disable=SC1091
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "slapd=$(slapd -VV 2>&1 | sed -n 's/.*\(slapd [0-9][^ ]*\).*/\1/p' | head -1)"
    echo "swift=$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -1)"
    echo "python=$(python3 --version 2>&1)"
    echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "dirsync=${DIRSYNC:-not run (--floor-only)}"
    echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "repeat=$REPEAT"
    echo "floor_only=$FLOOR_ONLY"
} > "$WORK/machine.txt"

# --- measuring -------------------------------------------------------------------------

# timed SIZE STEP REP OUTFILE CMD...: run CMD with stdout to OUTFILE, record a row.
# Sets LAST_RC. The state database is diffed only for dirsync steps (STATE_DB set).
timed() {
    local size="$1" step="$2" rep="$3" out="$4"; shift 4
    local secs rss cpu rows="- - -" note="-"
    if [ -n "${STATE_DB:-}" ]; then
        rm -f "$STATE_DB.before"
        if [ -f "$STATE_DB" ]; then sqlite3 "$STATE_DB" ".backup '$STATE_DB.before'"; fi
    fi
    # The output file of an earlier run is removed first, so that truncating it (55 MB for a
    # JSON plan) is not timed.
    rm -f "$out" "$out.err"
    measure "$out" "$WORK/rss.txt" "$@"
    secs="$LAST_SECS" rss="$LAST_RSS" cpu="$LAST_CPU"
    if [ -n "${STATE_DB:-}" ]; then
        rows="$(python3 "$BENCH/measure.py" rows "$STATE_DB.before" "$STATE_DB")"
        note="$(python3 "$BENCH/measure.py" summary "$out")"
    fi
    if [ "$LAST_RC" -ne 0 ]; then
        note="exit $LAST_RC: $(tail -1 "$out.err" | tr '\t' ' ' | cut -c1-160)"
    fi
    read -r rows_total rows_state rows_detail <<< "$rows"
    [ "$rows_detail" = "-" ] || note="$note [$rows_detail]"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$step" "$rep" "$secs" "$cpu" "${rss:-0}" \
        "$rows_total" "$rows_state" "$LAST_RC" "$note" >> "$RESULTS"
    log "$size $step #$rep: ${secs}s (CPU ${cpu}s), peak RSS $((${rss:-0} / 1024)) MB, rows $rows_total, exit $LAST_RC"
}

# info SIZE STEP SECONDS NOTE: a row that is not a measured command (generate, slapadd).
info() {
    printf '%s\t%s\t1\t%s\t0\t0\t-\t-\t0\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"
}

dirsync_step() {   # SIZE STEP REP SUBCOMMAND...
    local size="$1" step="$2" rep="$3"; shift 3
    timed "$size" "$step" "$rep" "$DIR/$step.$rep.json" \
        "$DIRSYNC" "$@" --config "$DIR/dirsync.yaml" --format json
}

fresh_state() { rm -f "$STATE_DB" "$STATE_DB-wal" "$STATE_DB-shm" "$STATE_DB-journal"; }

# --- per size --------------------------------------------------------------------------
for size in "${SIZE_LIST[@]}"; do
    DIR="$WORK/$size"
    rm -rf "$DIR"
    mkdir -p "$DIR"
    PORT="$(python3 "$BENCH/measure.py" free-port)"
    URL="$(slapd_url "$PORT")"

    log "$size users: generating"
    t0="$(ns_now)"
    stats="$(python3 "$BENCH/generate.py" --users "$size" --out "$DIR" --ldap-url "$URL")"
    info "$size" generate "$(seconds_between "$t0" "$(ns_now)")" "$stats"

    SLAPD_DIR="$DIR/slapd"
    slapd_configure "$SLAPD_DIR"
    log "$size users: slapadd -q ($(du -m "$DIR/directory.ldif" | cut -f1) MB of LDIF)"
    t0="$(ns_now)"
    slapd_load "$SLAPD_DIR" "$DIR/directory.ldif"
    info "$size" slapadd "$(seconds_between "$t0" "$(ns_now)")" \
        "ldif_mb=$(du -m "$DIR/directory.ldif" | cut -f1) db_mb=$(du -m "$SLAPD_DIR/db/data.mdb" | cut -f1)"
    slapd_start "$SLAPD_DIR" "$PORT"

    # The floor: the same entries and attributes dirsync asks for, paged like dirsync.
    floor=(bash "$BENCH/floor.sh" "$URL" "$BENCH_BIND_DN" "$DIR/bind-password" "$BENCH_SUFFIX")
    # Check once, untimed, that the floor really returns every entry (paging works).
    pulled="$("${floor[@]}" check | grep -c '^dn: ' || true)"
    expected="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["users"]+s["groups"])' "$DIR/stats.json")"
    [ "$pulled" = "$expected" ] || { echo "run.sh: the floor pulled $pulled entries, expected $expected" >&2; exit 1; }
    STATE_DB=""
    for part in both users groups; do
        step="floor"; [ "$part" = both ] || step="floor-$part"
        for rep in $(seq 1 "$REPEAT"); do
            timed "$size" "$step" "$rep" "$DIR/floor.out" "${floor[@]}" "$part"
        done
    done

    if [ "$FLOOR_ONLY" -eq 0 ]; then
        STATE_DB="$DIR/dirsync.sqlite"
        for rep in $(seq 1 "$REPEAT"); do
            # One more floor right before each pair of plans: this machine's speed drifts
            # by minutes, and the ratio should compare runs made under the same conditions.
            STATE_DB=""
            timed "$size" floor "$((REPEAT + rep))" "$DIR/floor.out" "${floor[@]}" both
            STATE_DB="$DIR/dirsync.sqlite"
            fresh_state
            dirsync_step "$size" plan-empty "$rep" plan
            fresh_state
            timed "$size" plan-table "$rep" "$DIR/plan-table.$rep.txt" \
                "$DIRSYNC" plan --config "$DIR/dirsync.yaml"
        done
        # The first sync too is run REPEAT times (each into a fresh store; the last one's
        # state stays for the steps below): a single run of it swung by ±10%.
        for rep in $(seq 1 "$REPEAT"); do
            fresh_state
            dirsync_step "$size" sync-first "$rep" sync
        done
        for rep in $(seq 1 "$REPEAT"); do
            dirsync_step "$size" sync-noop "$rep" sync
        done

        python3 "$BENCH/generate.py" --users "$size" --out "$DIR" --change-percent 1 > "$DIR/change.json"
        STATE_DB=""
        timed "$size" change 1 "$DIR/change.out" \
            ldapmodify -x -H "$URL" -D "$BENCH_ROOT_DN" -y "$SLAPD_DIR/rootpw" -f "$DIR/change.ldif"
        STATE_DB="$DIR/dirsync.sqlite"
        for rep in $(seq 1 "$REPEAT"); do
            dirsync_step "$size" plan-changed "$rep" plan
        done
        dirsync_step "$size" sync-changed 1 sync
        STATE_DB=""
        # The floor again: on a shared machine the load drifts; its median over all three
        # rounds (before, between the plans, after) is what every dirsync step at this
        # size is compared with.
        for rep in $(seq $((2 * REPEAT + 1)) $((3 * REPEAT))); do
            timed "$size" floor "$rep" "$DIR/floor.out" "${floor[@]}" both
        done
    fi

    slapd_stop "$SLAPD_DIR"
    SLAPD_DIR=""
    if [ "$CLEAN" -eq 1 ]; then rm -rf "$DIR"; fi
done

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.txt"
python3 "$BENCH/report.py" --results "$RESULTS" --machine "$WORK/machine.txt" --out "$REPORT"
log "wrote $REPORT (raw rows: $RESULTS)"
