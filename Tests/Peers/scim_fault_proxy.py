#!/usr/bin/env python3
"""A fault-injecting HTTP/1.x proxy on 127.0.0.1, in front of a SCIM server, for tests.

Usage: scim_fault_proxy.py CONFIG.json

CONFIG: {"upstream": "http://127.0.0.1:PORT", "log": PATH, "port_file": PATH,
         "rules_file": PATH}
RULES file (re-read whenever it changes; counters restart then):
  [{"kind": "429" | "503" | "drop" | "lose",
    "every": N,            # fire on the 1st, (N+1)th, (2N+1)th ... matching request (0: never)
    "probability": P,      # or: fire with probability P, drawn from random.Random(seed)
    "seed": S,
    "methods": ["POST"],   # only these methods count (empty: all)
    "limit": K,            # fire at most K times (null: no limit)
    "retry_after": "0",    # Retry-After of a 429/503 (null: none)
    "status": 502}]        # the status a "429"/"503" rule answers with instead (e.g. 500, 502, 504)

Kinds: 429 and 503 answer without forwarding; "drop" closes the connection without
forwarding; "lose" forwards (so the server applies the request), then closes the
connection without answering. Rules are checked in order; every rule counts every request
it matches, the first that fires acts.

Both forms of request line work: absolute-form (a client using this as its proxy) and
origin-form (a client using this as the server's base URL; forwarded to the upstream).
The chosen port is written to port_file once listening. Each request appends one JSON line
to the log: {"n", "method", "path", "action": "forward"|"429"|"503"|"drop"|"lose",
"status": upstream status or null}. Every response closes its connection (HTTP/1.0), so
that a client never retries on a reused connection behind the test's back.
"""
import http.client
import http.server
import json
import os
import random
import socket
import sys
import threading
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate",
              "te", "trailer", "transfer-encoding", "upgrade", "content-length"}


class Rules:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.mtime = None
        self.rules = []
        self.sequence = 0

    def _reload(self):
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp == self.mtime:
            return
        self.mtime = stamp
        loaded = []
        if stamp is not None:
            with open(self.path) as f:
                loaded = json.load(f)
        self.rules = []
        for rule in loaded:
            state = dict(rule)
            state["count"] = 0
            state["fired"] = 0
            state["random"] = random.Random(rule.get("seed", 0))
            self.rules.append(state)

    def decide(self, method):
        """(sequence number, action, retry_after, status override) for the next request."""
        with self.lock:
            self._reload()
            self.sequence += 1
            action, retry_after, status = "forward", None, None
            for rule in self.rules:
                methods = rule.get("methods") or []
                if methods and method not in methods:
                    continue
                rule["count"] += 1
                every = rule.get("every") or 0
                probability = rule.get("probability") or 0
                fires = False
                if every > 0:
                    fires = (rule["count"] - 1) % every == 0
                elif probability > 0:
                    fires = rule["random"].random() < probability
                limit = rule.get("limit")
                if fires and limit is not None and rule["fired"] >= limit:
                    fires = False
                if fires and action == "forward":
                    rule["fired"] += 1
                    action, retry_after = rule["kind"], rule.get("retry_after")
                    status = rule.get("status")
            return self.sequence, action, retry_after, status


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server_version = "scim-fault-proxy"

    def log_message(self, format, *args):
        pass

    def _record(self, n, action, status):
        entry = {"n": n, "method": self.command, "path": self.path, "action": action, "status": status}
        with self.server.log_lock:
            with open(self.server.config["log"], "a") as f:
                f.write(json.dumps(entry) + "\n")

    def _drop(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        n, action, retry_after, status_override = self.server.rules.decide(self.command)
        if action in ("429", "503"):
            answer = int(status_override or action)
            self._record(n, action, answer)
            payload = json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                                  "status": str(answer), "detail": "injected by scim_fault_proxy"}).encode()
            self.send_response(answer)
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Type", "application/scim+json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
            return
        if action == "drop":
            self._record(n, action, None)
            self._drop()
            return
        status, headers, payload = self._forward(body)
        if action == "lose":
            self._record(n, action, status)
            self._drop()
            return
        self._record(n, action, status)
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def _forward(self, body):
        upstream = urllib.parse.urlsplit(self.server.config["upstream"])
        target = urllib.parse.urlsplit(self.path)
        if target.scheme:
            host, port = target.hostname, target.port or 80
            path = urllib.parse.urlunsplit(("", "", target.path or "/", target.query, ""))
        else:
            host, port, path = upstream.hostname, upstream.port or 80, self.path
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = f"{host}:{port}"
        connection = http.client.HTTPConnection(host, port, timeout=60)
        try:
            connection.request(self.command, path, body=body if body or self.command in ("POST", "PUT", "PATCH") else None,
                               headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


def main():
    with open(sys.argv[1]) as f:
        config = json.load(f)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.config = config
    server.rules = Rules(config["rules_file"])
    server.log_lock = threading.Lock()
    port_file = config["port_file"]
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
