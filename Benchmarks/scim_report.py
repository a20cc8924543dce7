#!/usr/bin/env python3
"""Renders Benchmarks/SCIM-BENCHMARKS.md from the rows Benchmarks/scim.sh wrote.

Usage: scim_report.py --results results.tsv --machine machine.txt --users N
                      --concurrency N --plan-check plan-check.json --out REPORT.md
"""
import argparse
import csv
import json
import statistics

TARGET = 1.25


def main():
    parser = argparse.ArgumentParser()
    for name in ("--results", "--machine", "--users", "--concurrency", "--plan-check", "--out"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    with open(args.results) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(args.machine) as f:
        machine = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    with open(args.plan_check) as f:
        check = json.load(f)

    def median(step, column="seconds"):
        values = [float(r[column]) for r in rows if r["step"] == step]
        return statistics.median(values) if values else None

    def first(step):
        return next(r for r in rows if r["step"] == step)

    dirsync, plain, bulk = median("sync-first"), median("plain"), median("plain-bulk")
    noop_writes = max(int(r["writes"]) for r in rows if r["step"] == "sync-noop")
    ratio, ratio_bulk = dirsync / plain, dirsync / bulk
    verdict = "meets" if ratio <= TARGET else "misses"
    verdict_bulk = "meets" if ratio_bulk <= TARGET else "misses"
    lines = [
        "# SCIM benchmark",
        "",
        "Written by `Benchmarks/scim.sh` (see `Benchmarks/README.md`); do not edit by hand.",
        "",
        f"A first `dirsync sync` of a synthetic directory of {int(args.users):,} people into a fresh",
        "scim2-server, a no-op sync, and a plain client (`Benchmarks/scim_plain_client.py`)",
        "sending the same Users and the same project-group memberships to a fresh scim2-server",
        f"in the same run. Concurrency {args.concurrency} for both. Median of {len([r for r in rows if r['step'] == 'sync-first'])} round(s).",
        "",
        f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu')}), load {machine.get('load')} at the start, "
        f"{machine.get('load_end', '?')} at the end; {machine.get('date')}; commit {machine.get('commit')}; "
        f"scim2-server {machine.get('scim2-server')} on {machine.get('python')}.",
        "",
        f"Written: {check['users']:,} Users, {check['groups']:,} project groups, {check['memberships']:,} memberships "
        f"(dirsync's sync reported {check['creates']:,} creates and {check['planned_memberships']:,} memberships; "
        "the plain clients' servers were compared with dirsync's: the same Users, groups and members).",
        "",
        "## Result",
        "",
        "| check | measured | target | |",
        "| --- | --- | --- | --- |",
        f"| first sync / plain client (POST /Users) | {ratio:.2f}× ({dirsync:.1f} s / {plain:.1f} s) | ≤ {TARGET}× | {verdict} |",
        f"| first sync / plain client with /Bulk | {ratio_bulk:.2f}× ({dirsync:.1f} s / {bulk:.1f} s) | ≤ {TARGET}× | {verdict_bulk} |",
        f"| write requests during the no-op sync | {noop_writes} | 0 | {'meets' if noop_writes == 0 else 'misses'} |",
        "",
        "## Steps",
        "",
        "| step | round | wall s | client CPU s | scim2-server CPU s | slapd CPU s | client RSS MB | GET | POST | PUT | PATCH | DELETE |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(f"| {r['step']} | {r['rep']} | {float(r['seconds']):.2f} | {r['client_cpu_seconds']} | "
                     f"{r['server_cpu_seconds']} | {r['slapd_cpu_seconds']} | {int(r['rss_kb']) // 1024} | {r['GET']} | {r['POST']} | {r['PUT']} | "
                     f"{r['PATCH']} | {r['DELETE']} |")
    lines += [
        "",
        "Steps: `sync-first` is dirsync's first sync, reading the directory from slapd and the",
        "server's Users and Groups, then writing (`bulk: auto` sends the User creates through",
        "`/Bulk`, since scim2-server offers it); its stderr (`-v`) has each stage's time;",
        "`sync-noop` the second sync, which must write nothing; `plain` POSTs every User, creates",
        "each project group once and adds its members with PATCH, 500 per request; `plain-bulk`",
        "does the same with the Users created through `/Bulk`. Request counts come from the",
        "server's own log; server CPU from `/proc/PID/stat` (scim2-server is one Python process:",
        "when its CPU time is close to the wall time, the server is the bottleneck).",
        "",
    ]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
