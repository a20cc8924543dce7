#!/usr/bin/env python3
"""Synthetic directory for the dirsync benchmark (python3 stdlib only).

Deterministic: the same --users and --seed always give byte-identical output, so a
change set (--change-percent) can be computed against the data slapadd loaded.

  generate.py --users 100000 --out DIR [--ldap-url URL] [--seed 42]
      writes DIR/directory.ldif (for `slapadd -q`), DIR/dirsync.yaml,
      DIR/mappings/bench.yaml, DIR/bind-password, DIR/stats.json
  generate.py --users 100000 --change-percent 1 --out DIR
      writes DIR/change.ldif (for `ldapmodify`): 1% of users move team,
      change mail or cn, or get locked/unlocked

Shape (5k groups and ~500k memberships at 100k users):
  groups = max(50, users/20): staff, asm-admins/-editors/-viewers, finance-approvers,
  dept-* > div-* > team-* (teams nested up to 3 levels deep), proj-<name>-rw/-ro,
  and dl-* lists. Users: inetOrgPerson + an auxiliary class carrying nsAccountLock
  (~1% locked), some MixedCase mail, some UTF-8 cn, departmentNumber, employeeType,
  a few svc-* accounts, a few without mail, a few outside the allowed domains.
  memberOf is precomputed (slapadd bypasses the memberof overlay).
"""

import argparse
import base64
import hashlib
import json
import os
import random
import sys
import unicodedata
import uuid

SUFFIX = "dc=example,dc=com"
PEOPLE = "ou=people," + SUFFIX
GROUPS = "ou=groups," + SUFFIX
SERVICES = "ou=services," + SUFFIX
BIND_DN = "cn=dirsync," + SERVICES
BIND_PASSWORD = "bench-reader-secret"

FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
         "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
         "Thomas", "Sarah", "Charles", "Karen", "Anna", "Lukas", "Sofia", "Noah", "Emma",
         "Oliver", "Mia", "Liam", "Ava", "Ethan", "José", "Zoë", "Łukasz", "Søren", "Chloé",
         "Björn", "Ångström", "Renée", "François", "Dvořák", "Ayşe", "Nguyễn", "Ólafur"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Müller", "Schröder", "Núñez", "Øster", "Kowalczyk", "Yılmaz", "Dubois", "Weiß",
        "García-Márquez", "O'Brien", "van der Berg", "Ivanović", "Åberg", "Lefèvre"]
CJK = ["李 伟", "王 芳", "張 偉", "田中 太郎", "佐藤 花子", "김 민준"]
DEPTS = ["engineering", "sales", "marketing", "finance", "support", "operations", "research",
         "legal", "hr", "it", "security", "product", "design", "data", "facilities",
         "procurement", "logistics", "quality", "training", "communications"]
WORDS = ["apollo", "gemini", "mercury", "atlas", "orion", "vega", "lyra", "draco", "hydra",
         "phoenix", "pegasus", "cygnus", "aquila", "corvus", "lupus", "norma", "pavo", "tucana",
         "volans", "carina", "puppis", "vela", "ara", "crux", "musca"]


def ascii_fold(text):
    """'Łukasz Müller' -> 'lukaszmuller' for uids and mail local parts."""
    table = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "ı": "i"}
    text = "".join(table.get(c, c) for c in text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def entry_uuid(dn):
    return str(uuid.uuid5(uuid.NAMESPACE_X500, dn.lower()))


def ssha(password, salt):
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def ldif_line(attr, value):
    """One attribute line; values that are not an LDIF SAFE-STRING are base64 (RFC 2849)."""
    raw = value.encode("utf-8")
    safe = (raw and all(0x01 <= b <= 0x7F and b not in (0x0A, 0x0D) for b in raw)
            and raw[0] not in b" :<" and not raw.endswith(b" "))
    if safe:
        return f"{attr}: {value}\n"
    return f"{attr}:: {base64.b64encode(raw).decode()}\n"


class Directory:
    """The whole synthetic directory as plain data, built from (users, seed)."""

    def __init__(self, n_users, seed):
        self.rng = random.Random(seed)
        self.n_users = n_users
        self.users = []            # dicts: uid, dn, cn, sn, given, mail, dept, type, locked
        self.groups = {}           # cn -> {"dn", "members": [dn, ...] (ordered, unique), "kind"}
        self.order = []            # group cns in output order
        self._build_groups()
        self._build_users()
        self._fill_empty_groups()

    # -- groups -------------------------------------------------------------------------
    def _add_group(self, cn, kind):
        self.groups[cn] = {"dn": f"cn={cn},{GROUPS}", "members": [], "set": set(), "kind": kind}
        self.order.append(cn)

    def add_member(self, cn, dn):
        group = self.groups[cn]
        if dn not in group["set"]:
            group["set"].add(dn)
            group["members"].append(dn)

    def _build_groups(self):
        total = max(50, self.n_users // 20)
        fixed = ["staff", "asm-admins", "asm-editors", "asm-viewers", "finance-approvers"]
        n_dept = max(3, total // 250)
        n_div = 2 * n_dept
        n_proj = max(2, total // 10)
        n_team = max(n_div, int(total * 0.3))
        n_misc = total - len(fixed) - n_dept - n_div - 2 * n_proj - n_team
        if n_misc < 0:
            n_team += n_misc
            n_misc = 0
        for cn in fixed:
            self._add_group(cn, "role")
        self.depts = []
        for i in range(n_dept):
            name = DEPTS[i % len(DEPTS)] + ("" if i < len(DEPTS) else str(i // len(DEPTS)))
            self.depts.append(name)
            self._add_group(f"dept-{name}", "dept")
        self.divs = []          # (div cn, dept index)
        for i in range(n_div):
            dept = i % n_dept
            cn = f"div-{self.depts[dept]}-{i // n_dept + 1}"
            self.divs.append((cn, dept))
            self._add_group(cn, "div")
            self.add_member(f"dept-{self.depts[dept]}", self.groups[cn]["dn"])
        self.teams = []         # (team cn, dept index)
        for i in range(n_team):
            div_cn, dept = self.divs[i % n_div]
            cn = f"team-{self.depts[dept]}-{i + 1:04d}"
            self.teams.append((cn, dept))
            self._add_group(cn, "team")
            if self.rng.random() < 0.7:   # team > div > dept: three levels
                self.add_member(div_cn, self.groups[cn]["dn"])
            else:                         # team > dept: two levels
                self.add_member(f"dept-{self.depts[dept]}", self.groups[cn]["dn"])
        self.projects = []
        for i in range(n_proj):
            name = WORDS[i % len(WORDS)] + ("" if i < len(WORDS) else f"-{i // len(WORDS)}")
            self.projects.append(name)
            self._add_group(f"proj-{name}-rw", "proj")
            self._add_group(f"proj-{name}-ro", "proj")
        self.misc = [f"dl-{WORDS[i % len(WORDS)]}-{i + 1:04d}" for i in range(n_misc)]
        for cn in self.misc:
            self._add_group(cn, "misc")
        # Skewed popularity: a few big projects and lists, a long tail of small ones.
        self.proj_cum = self._cum_weights(len(self.projects))
        self.misc_cum = self._cum_weights(len(self.misc))

    @staticmethod
    def _cum_weights(n):
        cum, total = [], 0.0
        for i in range(n):
            total += 1.0 / (i + 1) ** 0.6
            cum.append(total)
        return cum

    # -- users --------------------------------------------------------------------------
    def _build_users(self):
        rng = self.rng
        n_svc = max(2, self.n_users // 1000)
        for i in range(self.n_users):
            if i < n_svc:
                uid = f"svc-{WORDS[i % len(WORDS)]}-{i}"
                given, sn, cn = "Service", uid, f"Service {uid}"
                etype = "service"
            else:
                r = rng.random()
                if r < 0.01:
                    cn = rng.choice(CJK)
                    given, sn = cn.split(" ")[1], cn.split(" ")[0]
                else:
                    given, sn = rng.choice(FIRST), rng.choice(LAST)
                    cn = f"{given} {sn}"
                base = (ascii_fold(given)[:1] + ascii_fold(sn)) or "user"
                uid = f"{base}{i}"
                etype = rng.choices(["employee", "contractor", "intern"], [85, 12, 3])[0]
            dn = f"uid={uid},{PEOPLE}"
            local = uid if etype == "service" else f"{ascii_fold(given) or 'user'}.{ascii_fold(sn) or 'x'}{i}"
            d = rng.random()
            domain = ("example.com" if d < 0.93 else "eu.example.com" if d < 0.96
                      else "partners.example.com" if d < 0.98 else "other.org")
            mail = f"{local}@{domain}"
            if rng.random() < 0.03:   # MixedCase, as people type them
                mail = f"{local.capitalize()}@{domain.split('.')[0].capitalize()}." + ".".join(domain.split(".")[1:]).upper()
            if rng.random() < 0.002 and i >= n_svc:
                mail = None           # no mail: no account (a warning), match_by is email
            team_cn, dept = self.teams[rng.randrange(len(self.teams))]
            user = {"uid": uid, "dn": dn, "cn": cn, "sn": sn, "given": given, "mail": mail,
                    "dept": dept, "type": etype, "locked": rng.random() < 0.01, "team": team_cn}
            self.users.append(user)
            self.add_member(team_cn, dn)
            if etype in ("employee", "intern") or (etype == "contractor" and rng.random() < 0.5):
                self.add_member("staff", dn)
            for _ in range(rng.choices([0, 1, 2, 3, 4], [10, 25, 30, 20, 15])[0]):
                project = rng.choices(self.projects, cum_weights=self.proj_cum)[0]
                self.add_member(f"proj-{project}-{'rw' if rng.random() < 0.3 else 'ro'}", dn)
            if self.misc:
                for _ in range(rng.choices([0, 1, 2], [35, 40, 25])[0]):
                    self.add_member(rng.choices(self.misc, cum_weights=self.misc_cum)[0], dn)
            r = rng.random()
            if r < 0.001:
                self.add_member("asm-admins", dn)
            elif r < 0.021:
                self.add_member("asm-editors", dn)
            elif r < 0.071:
                self.add_member("asm-viewers", dn)
            if DEPTS[dept % len(DEPTS)] == "finance" and rng.random() < 0.05:
                self.add_member("finance-approvers", dn)

    def _fill_empty_groups(self):
        for cn in self.order:   # groupOfNames needs at least one member
            if not self.groups[cn]["members"]:
                self.add_member(cn, self.users[self.rng.randrange(len(self.users))]["dn"])

    def dept_number(self, dept):
        return "4711" if DEPTS[dept % len(DEPTS)] == "finance" else str(5000 + dept)

    # -- output -------------------------------------------------------------------------
    def member_of(self):
        result = {}
        for cn in self.order:
            group = self.groups[cn]
            for dn in group["members"]:
                result.setdefault(dn, []).append(group["dn"])
        return result

    def write_ldif(self, path):
        member_of = self.member_of()
        salt = hashlib.sha1(b"dirsync-bench").digest()[:8]
        with open(path, "w", encoding="utf-8") as out:
            def entry(dn, lines):
                out.write(f"dn: {dn}\n")
                out.write("".join(lines))
                out.write(f"entryUUID: {entry_uuid(dn)}\n\n")
            entry(SUFFIX, ["objectClass: dcObject\n", "objectClass: organization\n",
                           "dc: example\n", "o: Example Corp\n"])
            for ou, dn in (("people", PEOPLE), ("groups", GROUPS), ("services", SERVICES)):
                entry(dn, ["objectClass: organizationalUnit\n", f"ou: {ou}\n"])
            entry(BIND_DN, ["objectClass: applicationProcess\n", "objectClass: simpleSecurityObject\n",
                            "cn: dirsync\n", f"userPassword: {ssha(BIND_PASSWORD, salt)}\n",
                            "description: read-only service account for dirsync\n"])
            for u in self.users:
                lines = ["objectClass: inetOrgPerson\n", "objectClass: dirsyncBenchAccount\n",
                         f"uid: {u['uid']}\n", ldif_line("cn", u["cn"]), ldif_line("sn", u["sn"]),
                         ldif_line("givenName", u["given"])]
                if u["mail"]:
                    lines.append(f"mail: {u['mail']}\n")
                lines.append(f"departmentNumber: {self.dept_number(u['dept'])}\n")
                lines.append(f"employeeType: {u['type']}\n")
                if u["locked"]:
                    lines.append("nsAccountLock: TRUE\n")
                lines.extend(f"memberOf: {g}\n" for g in member_of.get(u["dn"], []))
                entry(u["dn"], lines)
            for cn in self.order:
                group = self.groups[cn]
                lines = ["objectClass: groupOfNames\n", f"cn: {cn}\n"]
                lines.extend(f"member: {m}\n" for m in group["members"])
                lines.extend(f"memberOf: {g}\n" for g in member_of.get(group["dn"], []))
                entry(group["dn"], lines)

    def stats(self):
        memberships = sum(len(g["members"]) for g in self.groups.values())
        return {"users": len(self.users), "groups": len(self.groups), "member_values": memberships,
                "locked": sum(1 for u in self.users if u["locked"]),
                "without_mail": sum(1 for u in self.users if not u["mail"]),
                "largest_group": max(len(g["members"]) for g in self.groups.values())}

    # -- change set ---------------------------------------------------------------------
    def write_changes(self, path, percent, seed):
        """ldapmodify LDIF changing `percent`% of users; memberOf follows via the overlay."""
        rng = random.Random(seed + 1)
        people = [u for u in self.users if not u["uid"].startswith("svc-")]
        count = max(1, round(len(self.users) * percent / 100))
        chosen = sorted(rng.sample(range(len(people)), min(count, len(people))))
        sizes = {cn: len(g["members"]) for cn, g in self.groups.items()}
        kinds = {"move": 0, "mail": 0, "cn": 0, "lock": 0, "unlock": 0}
        with open(path, "w", encoding="utf-8") as out:
            for n, index in enumerate(chosen):
                u = people[index]
                action = ("move", "move", "move", "move", "mail", "mail", "mail", "cn", "cn", "lock")[n % 10]
                if action == "move":
                    old = u["team"]
                    new, _ = self.teams[rng.randrange(len(self.teams))]
                    if new == old or sizes[old] <= 1 or u["dn"] in self.groups[new]["set"]:
                        action = "mail"
                    else:
                        sizes[old] -= 1
                        sizes[new] += 1
                        out.write(f"dn: {self.groups[old]['dn']}\nchangetype: modify\n"
                                  f"delete: member\nmember: {u['dn']}\n\n")
                        out.write(f"dn: {self.groups[new]['dn']}\nchangetype: modify\n"
                                  f"add: member\nmember: {u['dn']}\n\n")
                if action == "mail":
                    local = u["mail"].split("@")[0] if u["mail"] else ascii_fold(u["sn"]) or "user"
                    out.write(f"dn: {u['dn']}\nchangetype: modify\nreplace: mail\n"
                              f"mail: {local}.renamed@example.com\n\n")
                elif action == "cn":
                    out.write(f"dn: {u['dn']}\nchangetype: modify\nreplace: cn\n"
                              + ldif_line("cn", f"{u['cn']} (né {u['sn']})") + "\n")
                elif action == "lock":
                    action = "unlock" if u["locked"] else "lock"
                    if u["locked"]:
                        out.write(f"dn: {u['dn']}\nchangetype: modify\ndelete: nsAccountLock\n\n")
                    else:
                        out.write(f"dn: {u['dn']}\nchangetype: modify\nreplace: nsAccountLock\n"
                                  "nsAccountLock: TRUE\n\n")
                kinds[action] += 1
        return {"changed_users": len(chosen), **kinds}


def write_config(out_dir, ldap_url):
    """dirsync.yaml and mappings/bench.yaml, following CONTRACT sections 1 and 2."""
    with open(os.path.join(out_dir, "bind-password"), "w") as f:
        f.write(BIND_PASSWORD)   # no newline: `ldapsearch -y` sends the file verbatim
    os.chmod(os.path.join(out_dir, "bind-password"), 0o600)
    with open(os.path.join(out_dir, "dirsync.yaml"), "w") as f:
        f.write(f"""\
# Generated by Benchmarks/generate.py: one slapd source, the embedded store target.
version: 1
state: ./dirsync.sqlite
mappings: ./mappings
match_by: email
sources:
  - name: corp
    type: ldap
    url: {ldap_url}
    bind_dn: {BIND_DN}
    bind_password_file: ./bind-password
    page_size: 1000
    timeout: 120s
    users:
      base: {PEOPLE}
      filter: (objectClass=inetOrgPerson)
      id: entryUUID
      username: uid
      email: mail
      display_name: cn
      disabled: {{ attribute: nsAccountLock, equals: "TRUE" }}
      attributes: [departmentNumber, employeeType]
    groups:
      base: {GROUPS}
      filter: (objectClass=groupOfNames)
      name: cn
      member: [member]
      nested: true
target:
  type: store
lifecycle:
  delete_after: 30d
safety:
  max_deactivations: 100%     # the 1% change step must never be refused
  max_deletions: 100%
""")
    os.makedirs(os.path.join(out_dir, "mappings"), exist_ok=True)
    with open(os.path.join(out_dir, "mappings", "bench.yaml"), "w") as f:
        f.write("""\
# Generated by Benchmarks/generate.py: realistic rules over the synthetic directory.
version: 1
scope: mapped
roles:
  administrator: { includes: [editor], tags: [ADMIN] }
  editor:        { includes: [viewer] }
  viewer:        {}
  asm-users:     {}
  employee:      { includes: [viewer] }
  external:      { tags: [EXTERNAL] }
  finance:       { includes: [viewer], tags: [FINANCE] }
  approver:      { includes: [finance], tags: [SOX] }
  engineer:      { includes: [editor], tags: [COUNTRY_US] }
defaults:
  roles: [viewer]
domains:
  - domain: example.com
    roles: [asm-users]
  - domain: "*.example.com"
    roles: [asm-users]
rules:
  - name: asm admins
    when: { group: asm-admins }
    roles: [administrator]
  - name: asm editors
    when: { group: "cn=asm-editors,ou=groups,dc=example,dc=com" }
    roles: [editor]
  - name: asm viewers
    when: { group: asm-viewers }
    roles: [viewer]
  - name: staff who are not contractors
    when: { all: [ { group: staff }, { not: { attribute: employeeType, equals: contractor } } ] }
    roles: [employee]
  - name: contractors and interns
    when: { attribute: employeeType, matches: "/^(contractor|intern)$/" }
    roles: [external]
  - name: every team member (nested into departments)
    when: { group: "team-*" }
    roles: [viewer]
  - name: engineering, through nested teams
    when: { group: dept-engineering }
    roles: [engineer]
  - name: finance department
    when: { attribute: departmentNumber, equals: "4711" }
    roles: [finance]
  - name: finance approvers
    when: { any: [ { group: finance-approvers }, { group: "/^dept-legal$/" } ] }
    roles: [approver]
  - name: project writers
    when: { group: "/^proj-(?<project>[a-z0-9-]+)-rw$/" }
    projects: { "${project}": all }
  - name: project readers
    when: { group: "/^proj-(?<project>[a-z0-9-]+)-ro$/" }
    projects: { "${project}": read-only }
exclude:
  - username: "svc-*"
  - email: "*@partners.example.com"
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--ldap-url", default="ldap://127.0.0.1:3890/")
    parser.add_argument("--change-percent", type=float,
                        help="write only DIR/change.ldif changing this percentage of users")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    directory = Directory(args.users, args.seed)
    if args.change_percent is not None:
        stats = directory.write_changes(os.path.join(args.out, "change.ldif"), args.change_percent, args.seed)
    else:
        directory.write_ldif(os.path.join(args.out, "directory.ldif"))
        write_config(args.out, args.ldap_url)
        stats = directory.stats()
        with open(os.path.join(args.out, "stats.json"), "w") as f:
            json.dump(stats, f, indent=2)
    json.dump(stats, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
