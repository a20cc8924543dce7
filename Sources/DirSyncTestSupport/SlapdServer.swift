import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway OpenLDAP server for integration tests, so that LDAP code is tested against
/// the real protocol (paging, size limits, TLS, binds) instead of a mock.
///
/// Each server lives in its own temp dir with its own `slapd.conf`, listens on free
/// 127.0.0.1 ports, runs in the foreground as a child of the test process and is stopped
/// by SIGTERM (`stop()` or `deinit`). The directory holds `dc=example,dc=com` with
/// `ou=people`, `ou=groups`, `ou=services` and an ordinary read-only bind DN whose
/// unpaged searches are capped at 500 entries (`sizelimit size=500 size.prtotal=unlimited`),
/// the trap a client must page through.
public final class SlapdServer: @unchecked Sendable {
    public let tempDir: URL
    /// `ldap://127.0.0.1:PORT`
    public let url: String
    /// `ldaps://127.0.0.1:PORT2` when started with TLS.
    public let ldapsURL: String?
    /// The CA that signed the server certificate (PEM), when started with TLS.
    public let caFile: String?
    /// A CA that did not sign the server certificate, for negative tests.
    public let wrongCAFile: String?
    public let port: Int
    public let baseDN = "dc=example,dc=com"
    public let peopleDN = "ou=people,dc=example,dc=com"
    public let groupsDN = "ou=groups,dc=example,dc=com"
    /// An ordinary bind DN with read access; the size limit applies to it.
    public let bindDN = "cn=dirsync,ou=services,dc=example,dc=com"
    public let bindPassword = "dirsync-test-pw"
    /// The rootdn ignores size limits; use it only to write.
    public let rootDN = "cn=admin,dc=example,dc=com"
    public let rootPassword = "admin-test-pw"

    private let process: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    /// Starts a server, loading `ldif` (entries under `ou=people` / `ou=groups`) with
    /// `slapadd -q` before launch; slapadd generates entryUUID and the other operational
    /// attributes but bypasses overlays (precompute `memberOf` if a test needs it).
    public static func start(tls: Bool = false, ldif: String? = nil) throws -> SlapdServer {
        var lastError: (any Error)?
        // A free port can be taken between probing and slapd's bind: retry a few times.
        for _ in 0..<3 {
            do {
                return try SlapdServer(tls: tls, ldif: ldif)
            } catch let error as SlapdError where error.retryable {
                lastError = error
            }
        }
        throw lastError ?? SlapdError(message: "slapd did not start", retryable: false)
    }

    private init(tls: Bool, ldif: String?) throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("dirsync-slapd-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        tempDir = dir
        let port = try Self.freePort()
        self.port = port
        url = "ldap://127.0.0.1:\(port)"
        var listen = "ldap://127.0.0.1:\(port)/"
        var tlsConfig = ""
        var ldapsPort: Int?
        if tls {
            let pki = try TestPKI.make(in: dir)
            caFile = pki.caFile
            wrongCAFile = pki.wrongCAFile
            let p2 = try Self.freePort()
            ldapsPort = p2
            ldapsURL = "ldaps://127.0.0.1:\(p2)"
            listen += " ldaps://127.0.0.1:\(p2)/"
            tlsConfig = """
                TLSCACertificateFile \(pki.caFile)
                TLSCertificateFile \(pki.certFile)
                TLSCertificateKeyFile \(pki.keyFile)

                """
        } else {
            caFile = nil
            wrongCAFile = nil
            ldapsURL = nil
        }
        let schemaPath = dir.appendingPathComponent("dirsync-test.schema").path
        try SlapdConfig.customSchema.write(toFile: schemaPath, atomically: true, encoding: .utf8)
        let confPath = dir.appendingPathComponent("slapd.conf").path
        let conf = SlapdConfig.slapdConf(
            dir: dir.path, schemaPath: schemaPath, tlsConfig: tlsConfig, suffix: baseDN,
            rootDN: rootDN, rootPassword: rootPassword, bindDN: bindDN)
        try conf.write(toFile: confPath, atomically: true, encoding: .utf8)
        try rootPassword.write(
            toFile: dir.appendingPathComponent("rootpw").path, atomically: true, encoding: .utf8)

        let initial = SlapdConfig.baseEntries(
            suffix: baseDN, bindDN: bindDN, bindPassword: bindPassword) + "\n" + (ldif ?? "")
        let ldifPath = dir.appendingPathComponent("initial.ldif").path
        try initial.write(toFile: ldifPath, atomically: true, encoding: .utf8)
        try Tool.run("/usr/sbin/slapadd", ["-q", "-f", confPath, "-l", ldifPath])

        let logPath = dir.appendingPathComponent("slapd.log").path
        let process = try ChildProcess(
            path: "/usr/sbin/slapd", arguments: ["-d", "0", "-f", confPath, "-h", listen], logPath: logPath)
        self.process = process
        do {
            try Self.waitUntilListening(port: port, process: process, log: logPath)
            if let ldapsPort { try Self.waitUntilListening(port: ldapsPort, process: process, log: logPath) }
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
        if ProcessInfo.processInfo.environment["DIRSYNC_KEEP_SLAPD"] == nil {
            try? FileManager.default.removeItem(at: tempDir)
        }
    }

    /// SIGTERM and wait; idempotent.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        process.terminateAndWait()
        killLeftoverSlapd()
    }

    /// Freezes slapd (SIGSTOP): connections are still accepted by the kernel but nothing is
    /// answered, so a client's read is held in flight until `resume()`, without timing.
    public func pause() throws {
        guard let pid = slapdPID() else { throw SlapdError(message: "slapd's pid file is missing", retryable: false) }
        kill(pid, SIGSTOP)
    }

    /// Lets a paused slapd answer again (SIGCONT).
    public func resume() {
        if let pid = slapdPID() { kill(pid, SIGCONT) }
    }

    /// If slapd outlived its guard (it ignored SIGTERM for 10 s), SIGKILL it.
    private func killLeftoverSlapd() {
        if let pid = slapdPID() { kill(pid, SIGKILL) }
    }

    /// slapd's pid from its pid file, trusted only when that process runs this server's config.
    private func slapdPID() -> pid_t? {
        let pidPath = tempDir.appendingPathComponent("slapd.pid").path
        guard let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              String(decoding: cmdline, as: UTF8.self).contains(tempDir.path) else { return nil }
        return pid
    }

    /// Adds entries as the rootdn (`ldapadd`), so overlays such as memberof run.
    public func add(ldif: String) throws {
        try Tool.run("/usr/bin/ldapadd", rootArgs, input: ldif)
    }

    /// Applies an LDIF change (`ldapmodify`) as the rootdn.
    public func modify(ldif: String) throws {
        try Tool.run("/usr/bin/ldapmodify", rootArgs, input: ldif)
    }

    /// Deletes one entry as the rootdn.
    public func delete(dn: String) throws {
        try Tool.run("/usr/bin/ldapdelete", rootArgs + [dn])
    }

    /// Runs `ldapsearch` with extra arguments as the ordinary bind DN; returns its exit
    /// status and output (for proving what an unpaged search gets).
    public func ldapsearchAsBindDN(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Tool.capture(
            "/usr/bin/ldapsearch",
            ["-x", "-LLL", "-H", url, "-D", bindDN, "-w", bindPassword] + arguments)
    }

    private var rootArgs: [String] {
        ["-x", "-H", url, "-D", rootDN, "-y", tempDir.appendingPathComponent("rootpw").path]
    }

    /// An `ldap://` URL on 127.0.0.1 where nothing listens, for failover tests.
    public static func deadURL() throws -> String {
        "ldap://127.0.0.1:\(try freePort())"
    }

    /// Asks the kernel for a free TCP port on 127.0.0.1 by binding port 0 (every test peer
    /// and daemon here takes its port from this).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SlapdError(message: "socket() failed", retryable: false) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard ok else { throw SlapdError(message: "bind() to 127.0.0.1:0 failed", retryable: false) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Polls a TCP connect every 10 ms, up to 10 s, failing early if slapd exits.
    private static func waitUntilListening(port: Int, process: ChildProcess, log: String) throws {
        for _ in 0..<1000 {
            if !process.isRunning {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw SlapdError(
                    message: "slapd exited during startup: \(text)",
                    retryable: text.contains("Address already in use"))
            }
            if canConnect(port: port) { return }
            usleep(10_000)
        }
        throw SlapdError(message: "slapd did not listen on port \(port) within 10 s", retryable: false)
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Why the test server could not start or a tool failed.
public struct SlapdError: Error, CustomStringConvertible {
    public var message: String
    var retryable: Bool
    public var description: String { message }
}
