#!/usr/bin/env python3
"""Small measuring helpers for run.sh (python3 stdlib only).

  measure.py rows BEFORE.sqlite AFTER.sqlite
      prints "TOTAL STATE DETAIL": rows written between two copies of the state
      database. Per table, written = max(|after - before|, |before - after|) over whole
      rows (inserts, updates and deletes each count once; a row both updated and another
      deleted counts once: a lower bound). STATE leaves out bookkeeping tables (runs, by
      default; see BENCH_BOOKKEEPING_TABLES), which a no-op sync may still append to.
      A missing BEFORE means an empty database. Internal tables (sqlite_*, grdb_*) are
      ignored.
  measure.py summary PLAN.json
      prints the plan's summary ("create=N update=N ...") or "-" if unreadable.
  measure.py free-port
      prints a free TCP port on 127.0.0.1.
"""

import json
import os
import socket
import sqlite3
import sys


def tables(conn, schema):
    rows = conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table'").fetchall()
    return {name for (name,) in rows if not name.startswith(("sqlite_", "grdb_"))}


def rows_written(before, after):
    bookkeeping = set(os.environ.get("BENCH_BOOKKEEPING_TABLES", "runs").split(","))
    if not os.path.exists(after):
        print(0, 0, "no-database")
        return
    conn = sqlite3.connect(f"file:{after}?mode=ro", uri=True)
    after_tables = tables(conn, "main")
    before_tables = set()
    if before and os.path.exists(before):
        conn.execute("ATTACH DATABASE ? AS b", (f"file:{before}?mode=ro",))
        before_tables = tables(conn, "b")
    total, state, detail = 0, 0, []
    for name in sorted(after_tables | before_tables):
        q = '"' + name.replace('"', '""') + '"'
        if name in after_tables and name in before_tables:
            added = conn.execute(f"SELECT count(*) FROM (SELECT * FROM main.{q} EXCEPT SELECT * FROM b.{q})").fetchone()[0]
            removed = conn.execute(f"SELECT count(*) FROM (SELECT * FROM b.{q} EXCEPT SELECT * FROM main.{q})").fetchone()[0]
            written = max(added, removed)
        elif name in after_tables:
            written = conn.execute(f"SELECT count(*) FROM main.{q}").fetchone()[0]
        else:
            written = conn.execute(f"SELECT count(*) FROM b.{q}").fetchone()[0]
        total += written
        if name not in bookkeeping:
            state += written
        if written:
            detail.append(f"{name}:{written}")
    print(total, state, ",".join(detail) or "-")


def summary(path):
    try:
        with open(path, encoding="utf-8") as f:
            plan = json.load(f)
        s = plan["summary"]
        print(" ".join(f"{k}={s.get(k, 0)}" for k in ("create", "update", "deactivate", "reactivate", "delete")))
    except (OSError, ValueError, KeyError, TypeError):
        print("-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "rows" and len(sys.argv) == 4:
        rows_written(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "summary":
        summary(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "free-port":
        free_port()
    else:
        sys.stderr.write(__doc__)
        sys.exit(1)


if __name__ == "__main__":
    main()
