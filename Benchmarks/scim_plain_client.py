#!/usr/bin/env python3
"""The plain SCIM client dirsync's first sync is compared with (Benchmarks/scim.sh).

Usage: scim_plain_client.py --url URL --token-file FILE --input EXPECTED.json
                            [--concurrency 8] [--batch 500] [--bulk]

Sends to a fresh SCIM 2.0 server the same Users and the same project-group memberships
that dirsync wrote in the same benchmark run (EXPECTED.json, written by
`scim_measure.py dump` from dirsync's server), the way a competent hand-written client
would, and nothing more: it reads nothing, compares nothing, records nothing.

  1. every User: POST /Users with the same attributes (externalId, userName, displayName,
     emails, active, roles, entitlements), `--concurrency` requests in flight;
     with --bulk, POST /Bulk instead, as many creates per request as the server's
     ServiceProviderConfig allows (maxOperations, maxPayloadSize);
  2. every group once: POST /Groups {displayName}, in parallel;
  3. the members: PATCH /Groups/{id} adding up to `--batch` members per request, the
     batches of one group one after another (so no two writes race on one group), the
     groups in parallel.

Stdlib only (http.client, concurrent.futures). Prints one JSON line: seconds per phase
and requests sent. Any answer other than 2xx stops it with exit 1.
"""
import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import time
import urllib.parse

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


class Client:
    """One keep-alive connection per thread; reconnects when the server closes it
    (scim2-server's wsgiref speaks HTTP/1.0 and closes after every answer)."""

    def __init__(self, url, token):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.base = parsed.path.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json",
                        "Accept": "application/scim+json"}
        self.local = threading.local()
        self.count_lock = threading.Lock()
        self.requests = 0

    def call(self, method, path, body=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        payload = None if body is None else json.dumps(body).encode()
        conn.request(method, self.base + path, body=payload, headers=self.headers)
        response = conn.getresponse()
        data = response.read()
        if response.will_close:
            conn.close()
            self.local.conn = None
        with self.count_lock:
            self.requests += 1
        if not 200 <= response.status < 300:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def create_users(client, users, pool):
    ids = {}
    for user, answer in zip(users, pool.map(lambda u: client.call("POST", "/Users", u), users)):
        ids[user["userName"]] = answer["id"]
    return ids


def create_users_in_bulk(client, users, pool):
    config = client.call("GET", "/ServiceProviderConfig")
    bulk = config.get("bulk", {})
    if not bulk.get("supported"):
        raise RuntimeError("--bulk: the server's ServiceProviderConfig offers no /Bulk")
    max_ops = max(1, int(bulk.get("maxOperations", 1)))
    max_bytes = max(4096, int(bulk.get("maxPayloadSize", 1 << 20)) * 9 // 10)
    batches, batch, size = [], [], 0
    for i, user in enumerate(users):
        op = {"method": "POST", "path": "/Users", "bulkId": f"u{i}", "data": user}
        op_size = len(json.dumps(op)) + 1
        if batch and (len(batch) >= max_ops or size + op_size > max_bytes):
            batches.append(batch)
            batch, size = [], 0
        batch.append(op)
        size += op_size
    if batch:
        batches.append(batch)

    def send(ops):
        answer = client.call("POST", "/Bulk", {"schemas": [BULK_SCHEMA], "Operations": ops})
        return ops, answer

    ids = {}
    for ops, answer in pool.map(send, batches):
        by_bulk_id = {op["bulkId"]: op["data"]["userName"] for op in ops}
        for result in answer.get("Operations", []):
            status = int(str(result.get("status", "0")).split()[0])
            if not 200 <= status < 300:
                raise RuntimeError(f"/Bulk create {result.get('bulkId')}: status {status}: {result.get('response')}")
            ids[by_bulk_id[result["bulkId"]]] = result["location"].rstrip("/").rsplit("/", 1)[-1]
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the SCIM base URL, e.g. http://127.0.0.1:PORT/v2")
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--input", required=True, help="EXPECTED.json from scim_measure.py dump")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--batch", type=int, default=500, help="members per PATCH")
    parser.add_argument("--bulk", action="store_true", help="create the Users through /Bulk")
    args = parser.parse_args()

    with open(args.token_file) as f:
        token = f.read().rstrip("\n")
    with open(args.input) as f:
        expected = json.load(f)
    users = [dict(u, schemas=[USER_SCHEMA]) for u in expected["users"]]
    groups = expected["groups"]
    client = Client(args.url, token)
    timings = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        start = time.monotonic()
        ids = create_users_in_bulk(client, users, pool) if args.bulk else create_users(client, users, pool)
        timings["users_seconds"] = round(time.monotonic() - start, 3)

        t = time.monotonic()
        names = sorted(groups)
        answers = pool.map(lambda n: client.call("POST", "/Groups", {"schemas": [GROUP_SCHEMA], "displayName": n}), names)
        group_ids = {name: answer["id"] for name, answer in zip(names, answers)}
        timings["groups_seconds"] = round(time.monotonic() - t, 3)

        t = time.monotonic()

        def add_members(name):
            members = [{"value": ids[user]} for user in groups[name]]
            for i in range(0, len(members), args.batch):
                client.call("PATCH", f"/Groups/{group_ids[name]}", {
                    "schemas": [PATCH_SCHEMA],
                    "Operations": [{"op": "add", "path": "members", "value": members[i:i + args.batch]}]})

        list(pool.map(add_members, names))
        timings["members_seconds"] = round(time.monotonic() - t, 3)
        timings["seconds"] = round(time.monotonic() - start, 3)

    memberships = sum(len(m) for m in groups.values())
    json.dump(dict(timings, users=len(ids), groups=len(group_ids), memberships=memberships,
                   requests=client.requests, bulk=args.bulk), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as error:
        sys.exit(f"scim_plain_client.py: {error}")
