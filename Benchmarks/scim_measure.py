#!/usr/bin/env python3
"""Measuring helpers for Benchmarks/scim.sh (stdlib only).

  scim_measure.py dump URL TOKEN_FILE OUT.json
      Reads every User and Group of a SCIM server (paged) and writes what a client must
      send to rebuild it: {"users": [User without id/meta/groups], "groups": {displayName:
      [member userNames]}}. The plain client replays it; `compare` checks servers with it.
  scim_measure.py compare A.json B.json
      Exit 0 when both dumps hold the same Users (by userName: every attribute sent) and the
      same groups with the same members; else prints the first differences and exits 1.
  scim_measure.py requests LOG [FIRST_LINE]
      Counts the requests in a scim2-server log (wsgiref writes one line per request on
      stderr: `"POST /v2/Users HTTP/1.1" 201 ...`) from line FIRST_LINE (1-based) on;
      prints JSON {"GET": n, ..., "writes": POST+PUT+PATCH+DELETE, "first": "HH:MM:SS",
      "last": "HH:MM:SS"}.
  scim_measure.py plan-check SYNC.json DUMP.json
      Checks dirsync's `sync --format json` against the dump of its server: as many Users
      as creates, as many memberships as the creates' projects; prints a one-line summary.
"""
import http.client
import json
import re
import sys
import urllib.parse

REQUEST = re.compile(r'\[[^\]]*(\d\d:\d\d:\d\d)\] "(GET|POST|PUT|PATCH|DELETE) ')


def get_all(url, token, resource):
    parsed = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/scim+json"}
    found, start = [], 1
    while True:
        conn.request("GET", f"{parsed.path.rstrip('/')}/{resource}?startIndex={start}&count=1000", headers=headers)
        response = conn.getresponse()
        page = json.loads(response.read())
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=120)
        if response.status != 200:
            sys.exit(f"GET {resource}: HTTP {response.status}: {page}")
        items = page.get("Resources", [])
        found.extend(items)
        start += len(items)
        if not items or start > int(page.get("totalResults", 0)):
            return found


def dump(url, token_file, out):
    with open(token_file) as f:
        token = f.read().rstrip("\n")
    users = get_all(url, token, "Users")
    groups = get_all(url, token, "Groups")
    names = {u["id"]: u["userName"] for u in users}
    keep = ("externalId", "userName", "displayName", "emails", "active", "roles", "entitlements")
    result = {
        "users": sorted(({k: u[k] for k in keep if k in u} for u in users), key=lambda u: u["userName"]),
        "groups": {g["displayName"]: sorted(names[m["value"]] for m in g.get("members", [])) for g in groups},
    }
    with open(out, "w") as f:
        json.dump(result, f)
    print(json.dumps({"users": len(users), "groups": len(groups),
                      "memberships": sum(len(m) for m in result["groups"].values())}))


def normal_user(user):
    def values(key):
        return sorted(json.dumps(v, sort_keys=True) for v in user.get(key, []))
    return {"externalId": user.get("externalId"), "displayName": user.get("displayName"),
            "active": user.get("active", True), "emails": values("emails"), "roles": values("roles"),
            "entitlements": values("entitlements")}


def compare(a_path, b_path):
    with open(a_path) as f:
        a = json.load(f)
    with open(b_path) as f:
        b = json.load(f)
    problems = []
    ua = {u["userName"]: normal_user(u) for u in a["users"]}
    ub = {u["userName"]: normal_user(u) for u in b["users"]}
    for name in sorted(set(ua) | set(ub)):
        if ua.get(name) != ub.get(name):
            problems.append(f"user {name}: {ua.get(name)} != {ub.get(name)}")
    for name in sorted(set(a["groups"]) | set(b["groups"])):
        if sorted(a["groups"].get(name, [])) != sorted(b["groups"].get(name, [])) or (name in a["groups"]) != (name in b["groups"]):
            problems.append(f"group {name}: members differ")
    if problems:
        print(f"{len(problems)} differences; first: " + " | ".join(problems[:5]))
        sys.exit(1)
    print(f"same: {len(ua)} users, {len(a['groups'])} groups")


def requests(log, first_line=1):
    counts = {m: 0 for m in ("GET", "POST", "PUT", "PATCH", "DELETE")}
    first = last = None
    with open(log, errors="replace") as f:
        for number, line in enumerate(f, 1):
            if number < first_line:
                continue
            match = REQUEST.search(line)
            if match:
                counts[match.group(2)] += 1
                first = first or match.group(1)
                last = match.group(1)
    counts["writes"] = counts["POST"] + counts["PUT"] + counts["PATCH"] + counts["DELETE"]
    counts["first"], counts["last"] = first, last
    print(json.dumps(counts))


def plan_check(sync_path, dump_path):
    with open(sync_path) as f:
        plan = json.load(f)
    with open(dump_path) as f:
        dumped = json.load(f)
    creates = [op for op in plan["operations"] if op["action"] == "create"]
    planned_memberships = sum(len(op.get("projects") or {}) for op in creates)
    memberships = sum(len(m) for m in dumped["groups"].values())
    ok = len(creates) == len(dumped["users"]) and planned_memberships == memberships
    print(json.dumps({"ok": ok, "creates": len(creates), "users": len(dumped["users"]),
                      "planned_memberships": planned_memberships, "memberships": memberships,
                      "groups": len(dumped["groups"]), "summary": plan.get("summary")}))
    if not ok:
        sys.exit(1)


def main():
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command == "dump" and len(args) == 3:
        dump(*args)
    elif command == "compare" and len(args) == 2:
        compare(*args)
    elif command == "requests" and len(args) in (1, 2):
        requests(args[0], int(args[1]) if len(args) == 2 else 1)
    elif command == "plan-check" and len(args) == 2:
        plan_check(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
