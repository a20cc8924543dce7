# Sourced by run.sh and scim.sh: what both need done the same way (the dirsync binary,
# GNU time, timing a step), so both reports measure alike. Uses the caller's `log`.

# resolve_dirsync SCRIPT: builds dirsync (release) when DIRSYNC is empty, then makes
# DIRSYNC an absolute path to an executable, or exits naming SCRIPT.
resolve_dirsync() {
    if [ -z "$DIRSYNC" ]; then
        log "building dirsync (release; ~4 min the first time)"
        (cd "$REPO" && swift build -c release --product dirsync)
        DIRSYNC="$(cd "$REPO" && swift build -c release --show-bin-path)/dirsync"
    fi
    case "$DIRSYNC" in
        */*) DIRSYNC="$(cd "$(dirname "$DIRSYNC")" && pwd)/$(basename "$DIRSYNC")" ;;
        *) DIRSYNC="$(command -v "$DIRSYNC" || echo "$DIRSYNC")" ;;
    esac
    [ -x "$DIRSYNC" ] || { echo "$1: $DIRSYNC is not an executable dirsync" >&2; exit 1; }
}

# ensure_gnu_time: /usr/bin/time measures each step's CPU and peak RSS.
ensure_gnu_time() {
    if [ ! -x /usr/bin/time ]; then
        log "installing GNU time (for CPU and peak RSS)"
        apt-get install -y -qq time >/dev/null
    fi
}

ns_now() { date +%s%N; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# measure OUTFILE TIMEFILE CMD...: run CMD with stdout to OUTFILE and stderr to OUTFILE.err,
# after flushing earlier steps' writes (so no step's fsyncs wait for another's writeback).
# Sets LAST_RC, LAST_SECS (wall, by the clock around the process), LAST_RSS (peak KiB) and
# LAST_CPU (user + system seconds), the last two from GNU time.
measure() {
    local out="$1" timefile="$2" start end; shift 2
    sync
    start="$(ns_now)"
    set +e
    /usr/bin/time -f '%M %U %S' -o "$timefile" "$@" > "$out" 2> "$out.err"
    LAST_RC=$?
    set -e
    end="$(ns_now)"
    LAST_SECS="$(seconds_between "$start" "$end")"
    # GNU time writes "Command exited with non-zero status N" first when CMD fails.
    read -r LAST_RSS LAST_CPU <<< "$(tail -1 "$timefile" | awk '{ printf "%d %.2f", $1, $2 + $3 }')"
}
