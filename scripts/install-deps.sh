#!/usr/bin/env bash
# Installs what building, testing and the quickstart need on Debian 12.
#
# Idempotent: when every package is already installed it does nothing and needs no
# network. It never starts a system slapd: the package is preseeded to configure
# nothing, and the tests and the quickstart run their own throwaway server.
#
# Usage: scripts/install-deps.sh [--with-scim]
#   --with-scim (or DIRSYNC_WITH_SCIM=1)  also create .venv with scim2-server from PyPI,
#                                         the SCIM peer used by the SCIM tests.
set -euo pipefail

# shellcheck source=scripts/lib/common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"

PACKAGES=(libldap-dev libcurl4-openssl-dev libsqlite3-dev slapd ldap-utils openssl python3-venv)
PACKAGES+=(curl) # the quickstart fires a signed webhook at dirsync serve with it
PACKAGES+=(systemd) # systemd-analyze, for the tests of the units in systemd/ (installing it starts nothing)
SCIM2_SERVER_VERSION="${SCIM2_SERVER_VERSION:-0.8.3}"
STANDARDWEBHOOKS_VERSION="${STANDARDWEBHOOKS_VERSION:-1.1.0}"
PROMETHEUS_CLIENT_VERSION="${PROMETHEUS_CLIENT_VERSION:-0.26.0}"

# Prints the packages from PACKAGES that dpkg does not list as installed.
missing_packages() {
    local pkg status
    for pkg in "${PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [ "$status" != "install ok installed" ]; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "installing packages needs root; run this script as root or install sudo"
    fi
}

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

install_packages() {
    local missing=()
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -eq 0 ]; then
        log "Debian packages: all present (${PACKAGES[*]})"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 ||
        die "missing packages (${missing[*]}) and no apt-get; install their equivalents by hand"
    log "installing: ${missing[*]}"

    # slapd: configure no database and start nothing.
    printf 'slapd slapd/no_configuration boolean true\n' | as_root debconf-set-selections

    # Belt and braces: forbid service starts during this install unless the machine
    # already has its own policy (containers often do).
    local policy=/usr/sbin/policy-rc.d placed_policy=0
    if [ ! -e "$policy" ]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        placed_policy=1
    fi

    local rc=0
    {
        # Refresh the package lists only if apt cannot find a missing package.
        if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
            as_root apt-get update
        fi
        if ! apt_install "${missing[@]}"; then
            # Stale package lists name versions the mirror no longer has: refresh, retry once.
            as_root apt-get update
            apt_install "${missing[@]}"
        fi
    } || rc=$?

    if [ "$placed_policy" -eq 1 ]; then
        as_root rm -f "$policy"
    fi
    [ "$rc" -eq 0 ] || die "apt-get failed (exit $rc) installing: ${missing[*]}"

    local still=()
    mapfile -t still < <(missing_packages)
    [ "${#still[@]}" -eq 0 ] || die "still missing after apt-get: ${still[*]}"
}

# Creates $DIRSYNC_ROOT/.venv with scim2-server from PyPI, the SCIM 2.0 peer that the
# SCIM source/target tests talk to. Does nothing when it is already there.
ensure_scim_venv() {
    local venv="$DIRSYNC_ROOT/.venv"
    if [ -x "$venv/bin/scim2-server" ]; then
        log "SCIM peer: $venv/bin/scim2-server present"
        return 0
    fi
    log "creating $venv with scim2-server==$SCIM2_SERVER_VERSION (needs PyPI)"
    python3 -m venv "$venv" || die "python3 -m venv failed; is python3-venv installed?"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "scim2-server==$SCIM2_SERVER_VERSION" ||
        die "pip could not install scim2-server==$SCIM2_SERVER_VERSION; check access to PyPI"
    [ -x "$venv/bin/scim2-server" ] || die "scim2-server missing from $venv/bin after pip install"
}

# Adds to $DIRSYNC_ROOT/.venv the reference clients the daemon's tests check it with:
# standardwebhooks (signs Standard Webhooks deliveries) and prometheus-client (parses
# /metrics). Does nothing when both import already.
ensure_serve_test_clients() {
    local venv="$DIRSYNC_ROOT/.venv"
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import standardwebhooks, prometheus_client' 2>/dev/null; then
        log "serve test clients: standardwebhooks and prometheus-client present in $venv"
        return 0
    fi
    log "adding standardwebhooks==$STANDARDWEBHOOKS_VERSION and prometheus-client==$PROMETHEUS_CLIENT_VERSION to $venv (needs PyPI)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || die "python3 -m venv failed; is python3-venv installed?"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "standardwebhooks==$STANDARDWEBHOOKS_VERSION" \
        "prometheus-client==$PROMETHEUS_CLIENT_VERSION" ||
        die "pip could not install standardwebhooks and prometheus-client; check access to PyPI"
}

main() {
    local with_scim="${DIRSYNC_WITH_SCIM:-0}"
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --with-scim) with_scim=1 ;;
            -h | --help)
                awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
                return 0
                ;;
            *) die "unknown argument '$1' (try --help)" ;;
        esac
        shift
    done

    install_packages
    ensure_swift_on_path
    log "Swift: $(command -v swift)"
    if [ "$with_scim" = 1 ]; then
        ensure_scim_venv
    fi
    ensure_serve_test_clients
}

main "$@"
