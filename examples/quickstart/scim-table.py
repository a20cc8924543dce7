#!/usr/bin/env python3
"""Prints what a SCIM 2.0 application holds, as two small tables.

Usage: python3 scim-table.py USERS.json GROUPS.json
  USERS.json   the answer of GET /Users  (a ListResponse)
  GROUPS.json  the answer of GET /Groups (a ListResponse)

The quickstart fetches both with plain curl and shows them with this script, so that
what dirsync wrote into the application can be read without dirsync: one line per User
(userName, active, roles, entitlements) and one per Group (displayName -> the userNames
of its members; members are stored by User id).
"""
import json
import sys


def resources(path):
    with open(path) as f:
        return json.load(f).get("Resources", [])


def values(resource, attribute):
    return ",".join(sorted(item.get("value", "") for item in resource.get(attribute, []))) or "-"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    users = sorted(resources(sys.argv[1]), key=lambda u: u.get("userName", ""))
    groups = sorted(resources(sys.argv[2]), key=lambda g: g.get("displayName", ""))
    names = {u["id"]: u.get("userName", u["id"]) for u in users}

    print(f"{'userName':<8} {'active':<6} {'roles':<45} entitlements")
    for user in users:
        active = "true" if user.get("active", True) else "false"
        print(f"{user.get('userName', ''):<8} {active:<6} {values(user, 'roles'):<45} {values(user, 'entitlements')}")
    print()
    print(f"{'group':<17} members")
    for group in groups:
        members = sorted(names.get(m.get("value"), m.get("value", "")) for m in group.get("members", []))
        print(f"{group.get('displayName', ''):<17} {' '.join(members) or '-'}")


if __name__ == "__main__":
    main()
