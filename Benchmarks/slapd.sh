#!/usr/bin/env bash
# A throwaway slapd for the benchmark (see docs: FIELD-NOTES "OpenLDAP server for tests").
#
# As a command:
#   slapd.sh configure DIR              write DIR/slapd.conf, DIR/bench.schema, DIR/rootpw
#   slapd.sh load DIR LDIF              (re)create DIR/db and bulk-load LDIF with `slapadd -q`
#   slapd.sh start DIR PORT             start slapd in the foreground, in the background;
#                                       pid in DIR/bench.pid; returns once it answers
#   slapd.sh stop DIR                   SIGTERM, then wait until it is gone
# Or sourced (run.sh does this), so slapd is the caller's child and `wait` reaps it.
#
# The server is realistic for a client: an ordinary read-only bind DN (the rootdn ignores
# limits), `sizelimit size=500 size.prtotal=unlimited` (unpaged searches are capped at
# 500 entries, paged ones are not), eq indexes, and the memberof overlay.

BENCH_SUFFIX="dc=example,dc=com"
BENCH_ROOT_DN="cn=admin,${BENCH_SUFFIX}"
BENCH_BIND_DN="cn=dirsync,ou=services,${BENCH_SUFFIX}"
BENCH_SCHEMA_DIR="${BENCH_SCHEMA_DIR:-/etc/ldap/schema}"
BENCH_MODULE_DIR="${BENCH_MODULE_DIR:-/usr/lib/ldap}"

slapd_configure() {
    local dir="$1"
    mkdir -p "$dir/db"
    dir="$(cd "$dir" && pwd)"
    printf '%s' "bench-admin-secret" > "$dir/rootpw"   # no newline: for `ldapmodify -y`
    chmod 600 "$dir/rootpw"
    # nsAccountLock (389-DS/FreeIPA) is not in Debian's schemas: a tiny auxiliary class.
    cat > "$dir/bench.schema" <<'EOF'
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'nsAccountLock'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.2 NAME 'dirsyncBenchAccount' SUP top AUXILIARY
  MAY nsAccountLock )
EOF
    cat > "$dir/slapd.conf" <<EOF
include ${BENCH_SCHEMA_DIR}/core.schema
include ${BENCH_SCHEMA_DIR}/cosine.schema
include ${BENCH_SCHEMA_DIR}/inetorgperson.schema
include ${BENCH_SCHEMA_DIR}/nis.schema
include $dir/bench.schema

modulepath ${BENCH_MODULE_DIR}
moduleload back_mdb
moduleload memberof

pidfile $dir/slapd.pid
argsfile $dir/slapd.args

# Unpaged searches stop at 500 entries; paged ones are unlimited (the client must page).
sizelimit size=500 size.prtotal=unlimited

access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read
access to attrs=userPassword
  by anonymous auth
  by * none
access to *
  by dn.exact="${BENCH_BIND_DN}" read
  by * none

database mdb
maxsize 8589934592
# Throwaway data: no fsync per write (the 1% change step is ~1,400 modifies).
dbnosync
suffix "${BENCH_SUFFIX}"
rootdn "${BENCH_ROOT_DN}"
rootpw bench-admin-secret
directory $dir/db
index objectClass eq
index uid,mail,cn eq
index entryUUID,entryCSN eq
index member,memberOf eq
overlay memberof
EOF
    slaptest -u -f "$dir/slapd.conf" >/dev/null 2>&1 || {
        echo "slapd.sh: slaptest rejected $dir/slapd.conf:" >&2
        slaptest -u -f "$dir/slapd.conf" >&2
        return 1
    }
}

slapd_load() {
    local dir="$1" ldif="$2"
    rm -rf "$dir/db"
    mkdir -p "$dir/db"
    # -q: no consistency checks (~15x faster); it bypasses overlays, so the LDIF
    # carries memberOf itself.
    slapadd -q -f "$dir/slapd.conf" -l "$ldif" 2> "$dir/slapadd.log" || {
        echo "slapd.sh: slapadd failed; see $dir/slapadd.log:" >&2
        tail -5 "$dir/slapadd.log" >&2
        return 1
    }
}

slapd_url() {
    printf 'ldap://127.0.0.1:%s/' "$1"
}

slapd_start() {
    local dir="$1" port="$2" url tries=0
    url="$(slapd_url "$port")"
    # -d 0 keeps it in the foreground: a daemonised slapd is reparented and reaped late.
    slapd -d 0 -f "$dir/slapd.conf" -h "$url" > "$dir/slapd.log" 2>&1 &
    echo $! > "$dir/bench.pid"
    until ldapsearch -x -H "$url" -s base -b "" namingContexts >/dev/null 2>&1; do
        tries=$((tries + 1))
        if ! kill -0 "$(cat "$dir/bench.pid")" 2>/dev/null; then
            echo "slapd.sh: slapd exited at start; see $dir/slapd.log:" >&2
            tail -5 "$dir/slapd.log" >&2
            return 1
        fi
        if [ "$tries" -ge 200 ]; then
            echo "slapd.sh: slapd did not answer on $url within 20 s; see $dir/slapd.log" >&2
            slapd_stop "$dir"
            return 1
        fi
        sleep 0.1
    done
}

slapd_stop() {
    local dir="$1" pid tries=0
    [ -f "$dir/bench.pid" ] || return 0
    pid="$(cat "$dir/bench.pid")"
    rm -f "$dir/bench.pid"
    kill -TERM "$pid" 2>/dev/null || return 0
    # Our child when sourced: reap it. Otherwise poll until it is gone (bounded).
    if wait "$pid" 2>/dev/null; then return 0; fi
    while kill -0 "$pid" 2>/dev/null; do
        tries=$((tries + 1))
        if [ "$tries" -ge 300 ]; then
            echo "slapd.sh: slapd $pid ignored SIGTERM for 30 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null
            return 0
        fi
        sleep 0.1
    done
}

# Run as a command unless sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cmd="${1:-}"
    case "$cmd" in
        configure) slapd_configure "${2:?DIR}" ;;
        load) slapd_load "${2:?DIR}" "${3:?LDIF}" ;;
        start) slapd_start "${2:?DIR}" "${3:?PORT}"; echo "slapd on $(slapd_url "$3") (pid $(cat "$2/bench.pid"))" ;;
        stop) slapd_stop "${2:?DIR}" ;;
        *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1 ;;
    esac
fi
