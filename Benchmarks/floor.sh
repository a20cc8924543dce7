#!/usr/bin/env bash
# The floor: the fastest plain pull of what dirsync reads, paged the way dirsync pages
# (1000 per page), as the same read-only bind DN, asking for the same attributes
# (dirsync's LDAP reader adds objectClass to the user attributes; groups: the name and
# every member attribute a config may name).
#
#   floor.sh URL BIND_DN PASSWORD_FILE SUFFIX users|groups|both|check
#     users/groups/both  pull and discard the output (what run.sh times)
#     check              pull both and print the LDIF (run.sh counts the entries)
set -euo pipefail
url="$1" bind_dn="$2" password_file="$3" suffix="$4" mode="${5:-both}"

users() {
    ldapsearch -x -H "$url" -D "$bind_dn" -y "$password_file" -E pr=1000/noprompt \
        -b "ou=people,$suffix" '(objectClass=inetOrgPerson)' \
        entryUUID uid mail cn nsAccountLock departmentNumber employeeType objectClass
}

groups() {
    ldapsearch -x -H "$url" -D "$bind_dn" -y "$password_file" -E pr=1000/noprompt \
        -b "ou=groups,$suffix" '(objectClass=groupOfNames)' \
        cn member uniqueMember memberUid
}

case "$mode" in
    users) users > /dev/null ;;
    groups) groups > /dev/null ;;
    both) users > /dev/null; groups > /dev/null ;;
    check) users; groups ;;
    *) echo "floor.sh: mode must be users, groups, both or check" >&2; exit 1 ;;
esac
