/// Generated directories of any size, for integration tests and benchmarks that need
/// many users without checked-in fixtures.
///
/// Entries go under `ou=people` and `ou=groups` of `dc=example,dc=com` (the entries
/// `SlapdServer` creates itself). No entryUUID is written: `slapadd -q` and `ldapadd` let
/// slapd assign one.
public enum SyntheticDirectory {
    /// Users `uid=userNNNNNN` (inetOrgPerson with mail `userNNNNNN@example.com`, cn
    /// `User NNNNNN`, departmentNumber `i % 10`, every `disabledEvery`-th one with
    /// `nsAccountLock: TRUE`) and groupOfNames groups `cn=groupNNNN`, each with
    /// `membersPerGroup` users taken round-robin.
    public static func ldif(
        users: Int, groups: Int, membersPerGroup: Int = 10, disabledEvery: Int = 0,
        suffix: String = "dc=example,dc=com"
    ) -> String {
        var out = ""
        out.reserveCapacity(users * 260 + groups * membersPerGroup * 50)
        for i in 0..<users {
            let n = pad(i, 6)
            out += "dn: uid=user\(n),ou=people,\(suffix)\n"
            out += "objectClass: inetOrgPerson\nobjectClass: dirsyncTestAccount\n"
            out += "uid: user\(n)\ncn: User \(n)\nsn: \(n)\ngivenName: User\n"
            out += "mail: user\(n)@example.com\ndepartmentNumber: \(i % 10)\n"
            if disabledEvery > 0 && i % disabledEvery == disabledEvery - 1 {
                out += "nsAccountLock: TRUE\n"
            }
            out += "\n"
        }
        var next = 0
        for g in 0..<groups {
            out += "dn: cn=group\(pad(g, 4)),ou=groups,\(suffix)\nobjectClass: groupOfNames\n"
            out += "cn: group\(pad(g, 4))\n"
            if users == 0 || membersPerGroup == 0 {
                out += "member: \(suffix)\n"  // groupOfNames requires a member
            } else {
                for _ in 0..<membersPerGroup {
                    out += "member: uid=user\(pad(next % users, 6)),ou=people,\(suffix)\n"
                    next += 1
                }
            }
            out += "\n"
        }
        return out
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
