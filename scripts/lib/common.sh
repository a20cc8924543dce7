# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Source it; it defines functions only.

# The repository root, whatever the caller's working directory.
DIRSYNC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DIRSYNC_ROOT

# Messages go to stderr so that stdout stays for results.
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Puts the Swift toolchain on PATH: `swift` on PATH wins, then /opt/swift/usr/bin.
ensure_swift_on_path() {
    if command -v swift >/dev/null 2>&1; then
        return 0
    fi
    if [ -x /opt/swift/usr/bin/swift ]; then
        PATH="/opt/swift/usr/bin:$PATH"
        export PATH
        return 0
    fi
    die "swift not found on PATH or in /opt/swift/usr/bin. Install a Swift 6 toolchain (https://www.swift.org/install/linux/) and put its usr/bin on PATH, then run this again."
}
