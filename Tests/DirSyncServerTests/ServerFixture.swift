import DirSyncServer
import DirSyncTestSupport
import Foundation
import Logging

/// A config folder for a daemon reading the quickstart directory from its LDIF export (no
/// LDAP server needed), with the three server secrets written beside it.
final class ServerFixture: @unchecked Sendable {
    static let dirsyncSecret = "dirsync-test-secret"
    static let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let apiToken = "api-token-for-tests"

    let dir: URL
    var configPath: String { dir.appendingPathComponent("dirsync.yaml").path }
    var statePath: String { dir.appendingPathComponent("dirsync.sqlite").path }

    /// `source` replaces the LDIF source (a live test points it at slapd); `server` lines are
    /// added under `server:`.
    init(source: String? = nil, server: String = "") throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-serve-\(UUID().uuidString)")
        let quickstart = Repository.root.appendingPathComponent("examples/quickstart")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: quickstart.appendingPathComponent("mappings"), to: dir.appendingPathComponent("mappings"))
        try FileManager.default.copyItem(
            at: quickstart.appendingPathComponent("directory.ldif"), to: dir.appendingPathComponent("directory.ldif"))
        try write("webhook-secret", Self.dirsyncSecret + "\n")
        try write("webhook-whsec", Self.whsec + "\n")
        try write("api-token", Self.apiToken + "\n")
        try writeConfig(source: source ?? Self.ldifSource, server: server)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func writeConfig(source: String = ldifSource, server: String = "") throws {
        try write(
            "dirsync.yaml",
            """
            version: 1
            state: ./dirsync.sqlite
            mappings: ./mappings
            match_by: email
            sources:
            \(source)
            server:
              listen: 127.0.0.1:0
              webhook_secret_file: ./webhook-secret
              standard_webhook_secret_file: ./webhook-whsec
              api_token_file: ./api-token
            \(server)
            """)
    }

    static let ldifSource = """
          - name: demo
            type: ldif
            path: ./directory.ldif
            users:
              base: ou=people,dc=example,dc=com
              filter: (objectClass=inetOrgPerson)
              disabled: { attribute: nsAccountLock, equals: "TRUE" }
              attributes: [departmentNumber, employeeType]
            groups:
              base: ou=groups,dc=example,dc=com
              filter: (|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))
              member: [member, uniqueMember]
              nested: true
        """

    static var quietLogger: Logger {
        var logger = Logger(label: "dirsync-test")
        logger.logLevel = .critical
        return logger
    }

    func daemon(lockWait: Duration = .seconds(1)) throws -> Daemon {
        let config = try DaemonConfig.load(configPath: configPath, logger: Self.quietLogger)
        return Daemon(configPath: configPath, config: config, logger: Self.quietLogger, version: "9.9.9-test", lockWait: lockWait)
    }
}
