# Sourced by run.sh and scim.sh: one way to time a step, so both reports measure alike.

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
