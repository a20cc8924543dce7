import DirSyncTestSupport
import Foundation

/// A throwaway folder with a config, a mapping and an LDIF directory: what an operator has
/// on disk before running `dirsync`. Removed when the value goes.
final class Workspace {
    let path: String
    var configPath: String { path + "/dirsync.yaml" }
    var statePath: String { path + "/state.sqlite" }

    /// alice: admins, staff and proj-apollo-rw, with mail and cn. bob: staff only, with
    /// neither mail nor cn, so his account has no email and no display name. carol: staff.
    static let alice = person("alice", cn: "Alice Liddell", mail: "alice@example.com")
    static let bob = person("bob", cn: nil, mail: nil)
    static let carol = person("carol", cn: "Carol Danvers", mail: "carol@example.com")

    /// Matching by username (bob has no mail); at most one deactivation per sync.
    static let config = """
        version: 1
        state: ./state.sqlite
        mappings: ./mappings
        match_by: username
        sources:
          - name: export
            type: ldif
            path: ./directory.ldif
            users:
              base: ou=people,dc=example,dc=com
            groups:
              base: ou=groups,dc=example,dc=com
        target:
          type: store
        lifecycle:
          delete_after: 30d
        safety:
          max_deactivations: 1
          max_deletions: 1

        """

    static let mapping = """
        version: 1
        scope: mapped
        roles:
          admin: { includes: [viewer], tags: [PRIVILEGED] }
          viewer: {}
        rules:
          - name: admins
            when: { group: admins }
            roles: [admin]
          - name: staff
            when: { group: staff }
            roles: [viewer]
          - name: project writers
            when: { group: "/^proj-(?<project>[a-z0-9-]+)-rw$/" }
            projects: { "${project}": all }

        """

    init(people: [String] = [Workspace.alice, Workspace.bob, Workspace.carol], config: String = Workspace.config) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/mappings", withIntermediateDirectories: true)
        try write(config, to: "dirsync.yaml")
        try write(Self.mapping, to: "mappings/main.yaml")
        try setDirectory(people)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    /// Replaces the directory with these people; the groups list only those present.
    func setDirectory(_ people: [String]) throws {
        let uids = people.compactMap { entry in
            entry.split(separator: "\n").first { $0.hasPrefix("uid: ") }.map { String($0.dropFirst(5)) }
        }
        func group(_ name: String, _ members: [String]) -> String {
            let present = members.filter(uids.contains)
            guard !present.isEmpty else { return "" }
            return "dn: cn=\(name),ou=groups,dc=example,dc=com\nobjectClass: groupOfNames\ncn: \(name)\n"
                + present.map { "member: uid=\($0),ou=people,dc=example,dc=com\n" }.joined() + "\n"
        }
        let groups = group("admins", ["alice"]) + group("staff", ["alice", "bob", "carol"])
            + group("proj-apollo-rw", ["alice"])
        try write(people.joined() + groups, to: "directory.ldif")
    }

    /// `dirsync ARGS --config <this config>` in this folder.
    func run(_ arguments: [String]) throws -> DirSyncExecutable.Result {
        try DirSyncExecutable.run(arguments + ["--config", configPath], in: URL(fileURLWithPath: path))
    }

    static func person(_ uid: String, cn: String?, mail: String?) -> String {
        var entry = "dn: uid=\(uid),ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: \(uid)\n"
        entry += "entryUUID: \(UUID().uuidString.lowercased())\n"
        if let cn { entry += "cn: \(cn)\n" }
        if let mail { entry += "mail: \(mail)\n" }
        return entry + "\n"
    }
}
