#!/usr/bin/env python3
"""Rough sanity check of example mapping sets against CONTRACT section 2.

Not a validator (`dirsync validate` is): it catches YAML syntax errors, unknown keys,
roles missing from the catalogue, include cycles and ${capture}s a regex lacks, so the
examples in mappings/ and examples/ stay honest while the real validator is written.

Usage: scripts/dev/check-mappings.py FOLDER_OR_FILE...
"""
import glob
import os
import re
import sys

import yaml

TOP = {"version", "scope", "roles", "defaults", "domains", "rules", "exclude"}
COND = {"group", "attribute", "equals", "matches", "role", "all", "any", "not"}


def fail(where, msg):
    print(f"{where}: {msg}", file=sys.stderr)
    return 1


def captures(cond):
    """Named captures of every /regex/ in a condition tree."""
    out = set()
    if isinstance(cond, dict):
        for k, v in cond.items():
            if k in ("group", "matches") and isinstance(v, str) and len(v) > 1 and v.startswith("/") and v.endswith("/"):
                re.compile(v[1:-1].replace("(?<", "(?P<"))
                out |= set(re.findall(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", v))
            elif k in ("all", "any"):
                for c in v:
                    out |= captures(c)
            elif k == "not":
                out |= captures(v)
    return out


def tested_roles(cond):
    """Roles named by role: conditions anywhere in a condition tree."""
    out = set()
    if isinstance(cond, dict):
        if isinstance(cond.get("role"), str):
            out.add(cond["role"])
        for c in (cond.get("all") or []) + (cond.get("any") or []):
            out |= tested_roles(c)
        if "not" in cond:
            out |= tested_roles(cond["not"])
    return out


def check_cond(where, cond):
    errors = 0
    if not isinstance(cond, dict) or not cond:
        return fail(where, f"condition must be a mapping: {cond!r}")
    unknown = set(cond) - COND
    if unknown:
        errors += fail(where, f"unknown condition keys {sorted(unknown)}")
    if "attribute" in cond and not ({"equals", "matches"} & set(cond)):
        errors += fail(where, "attribute needs equals or matches")
    for k in ("all", "any"):
        for c in cond.get(k, []):
            errors += check_cond(where, c)
    if "not" in cond:
        errors += check_cond(where, cond["not"])
    return errors


def check(files):
    errors = 0
    catalogue, used, includes = {}, set(), {}
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                doc = yaml.safe_load(fh) or {}
        except (OSError, yaml.YAMLError) as e:
            errors += fail(f, f"cannot read: {e}".replace("\n", " "))
            continue
        if not isinstance(doc, dict):
            errors += fail(f, "not a YAML mapping")
            continue
        unknown = set(doc) - TOP
        if unknown:
            errors += fail(f, f"unknown keys {sorted(unknown)}")
        if doc.get("version", 1) != 1:
            errors += fail(f, "version must be 1")
        if doc.get("scope", "mapped") not in ("mapped", "all"):
            errors += fail(f, "scope must be mapped or all")
        for name, spec in (doc.get("roles") or {}).items():
            if name in catalogue:
                errors += fail(f, f"role {name} defined twice")
            spec = spec or {}
            if set(spec) - {"includes", "tags"}:
                errors += fail(f, f"role {name}: unknown keys {sorted(set(spec) - {'includes', 'tags'})}")
            catalogue[name] = spec
            includes[name] = spec.get("includes", [])
            used |= set(spec.get("includes", []))
        used |= set((doc.get("defaults") or {}).get("roles", []))
        for d in doc.get("domains") or []:
            used |= set(d.get("roles", []))
        for i, rule in enumerate(doc.get("rules") or []):
            where = f"{f}: rule {rule.get('name', i)}"
            keys = {"name", "when", "roles", "projects", "every_project"}
            if set(rule) - keys:
                errors += fail(where, f"unknown keys {sorted(set(rule) - keys)}")
            if rule.get("every_project", "all") != "all":
                errors += fail(where, "every_project must be all")
            if tested_roles(rule.get("when")) and "roles" in rule:
                errors += fail(where, "a rule that tests role: cannot grant roles:")
            used |= tested_roles(rule.get("when"))
            errors += check_cond(where, rule.get("when"))
            used |= set(rule.get("roles", []))
            caps = captures(rule["when"])
            for project, perm in (rule.get("projects") or {}).items():
                if perm not in ("all", "read-only"):
                    errors += fail(where, f"permission {perm!r}")
                for ref in re.findall(r"\$\{([^}]*)\}", project):
                    if ref not in caps:
                        errors += fail(where, f"${{{ref}}} is not a named capture of the rule's regex")
        for e in doc.get("exclude") or []:
            if set(e) - {"username", "email"} or len(e) != 1:
                errors += fail(f, f"exclude entry {e!r}")
    if catalogue:
        for r in sorted(used - set(catalogue)):
            errors += fail(files[0], f"role {r} is not in the catalogue")
    state = {}

    def visit(r, path):
        nonlocal errors
        if state.get(r) == 1:
            errors += fail(files[0], f"include cycle: {' -> '.join(path + [r])}")
        elif state.get(r) is None:
            state[r] = 1
            for n in includes.get(r, []):
                visit(n, path + [r])
            state[r] = 2

    for r in includes:
        visit(r, [])
    return errors


def main(args):
    total = 0
    for a in args:
        files = sorted(glob.glob(os.path.join(a, "*.yaml"))) if os.path.isdir(a) else [a]
        if not files:
            total += fail(a, "no *.yaml files")
            continue
        n = check(files)
        print(f"{a}: {'ok' if n == 0 else f'{n} problem(s)'}")
        total += n
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
