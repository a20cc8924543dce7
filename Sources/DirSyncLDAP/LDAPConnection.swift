import CLDAP
import DirSyncCore
import Glibc

/// One bound libldap handle. libldap calls block and `LDAP*` is not thread-safe, so a
/// connection is created, used and closed on the one thread that runs a read; it is
/// deliberately not Sendable.
final class LDAPConnection {
    let url: String
    private(set) var ld: OpaquePointer
    let timeout: timeval

    /// Connects to `url`, sets up TLS (ldaps:// or StartTLS) with mandatory certificate
    /// verification, and binds (simple bind with the configured DN, else anonymous).
    init(url: String, settings: LDAPSourceSettings) throws(LDAPError) {
        self.url = url
        timeout = Self.timeval(settings.timeoutSeconds)
        var handle: OpaquePointer?
        let rc = ldap_initialize(&handle, url)
        guard rc == LDAP_SUCCESS, let handle else {
            throw LDAPError("\(url) is not a usable LDAP URL (\(Self.describe(rc))); "
                + "use ldap://host:port, ldaps://host:port or ldapi://")
        }
        ld = handle
        // On a throw below, deinit runs (every stored property is set) and unbinds.
        try configure(settings)
        try bind(settings)
        // Best effort: without the layer reads are merely slower.
        _ = dirsync_ldap_enable_readahead(ld)
    }

    deinit {
        ldap_unbind_ext_s(ld, nil, nil)
    }

    private var isLDAPS: Bool { url.lowercased().hasPrefix("ldaps://") }

    private func configure(_ settings: LDAPSourceSettings) throws(LDAPError) {
        var version: Int32 = LDAP_VERSION3
        try set(LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version")
        // Referrals (AD's continuation references) are not chased: that would bind anonymously
        // to other servers. A search that meets one fails instead: the people behind it are
        // missing from the read.
        try check(ldap_set_option(ld, LDAP_OPT_REFERRALS, dirsync_ldap_opt_off()), "referrals")
        var tv = timeout
        try set(LDAP_OPT_NETWORK_TIMEOUT, &tv, "network timeout")
        try set(LDAP_OPT_TIMEOUT, &tv, "timeout")

        guard isLDAPS || settings.startTLS else { return }
        if let caFile = settings.caFile {
            guard access(caFile, R_OK) == 0 else {
                throw LDAPError("ca_file \(caFile) cannot be read; check the path and its permissions")
            }
            try check(ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile), "ca_file")
        }
        var demand: Int32 = LDAP_OPT_X_TLS_DEMAND
        try set(LDAP_OPT_X_TLS_REQUIRE_CERT, &demand, "TLS certificate check")
        // Without a new per-handle TLS context the CA file above would be ignored.
        var zero: Int32 = 0
        try set(LDAP_OPT_X_TLS_NEWCTX, &zero, "TLS context")
    }

    private func bind(_ settings: LDAPSourceSettings) throws(LDAPError) {
        if settings.startTLS && !isLDAPS {
            let rc = ldap_start_tls_s(ld, nil, nil)
            if rc != LDAP_SUCCESS {
                throw tlsOrConnectError(rc, settings: settings)
            }
        }
        let password = settings.bindPassword?.value ?? ""
        var cred = berval()
        let dn = settings.bindDN
        let rc: Int32 = password.withCString { pw in
            cred.bv_val = UnsafeMutablePointer(mutating: pw)
            cred.bv_len = ber_len_t(strlen(pw))
            return ldap_sasl_bind_s(ld, dn, nil, &cred, nil, nil, nil)
        }
        guard rc != LDAP_SUCCESS else { return }
        let who = dn.map { "as \($0)" } ?? "anonymously"
        switch rc {
        case LDAP_INVALID_CREDENTIALS:
            throw LDAPError("bind \(who) to \(url) failed: invalid credentials; "
                + "check bind_dn and the bind password")
        case LDAP_STRONG_AUTH_REQUIRED, LDAP_CONFIDENTIALITY_REQUIRED:
            throw LDAPError("bind \(who) to \(url) refused: the server requires TLS "
                + "(\(diagnostic(rc))); use an ldaps:// URL or start_tls: true")
        case LDAP_SERVER_DOWN, LDAP_CONNECT_ERROR, LDAP_TIMEOUT:
            throw tlsOrConnectError(rc, settings: settings)
        default:
            throw LDAPError("bind \(who) to \(url) failed: \(diagnostic(rc)); check bind_dn, "
                + "the bind password and the server's access rules")
        }
    }

    /// Certificate failures surface only as -1 (ldaps) or -11 (StartTLS), like a dead
    /// server. To tell them apart, a failed TLS attempt is repeated once on a throwaway
    /// handle that skips certificate verification (and sends nothing but the handshake):
    /// if that succeeds, the certificate is what failed.
    private func tlsOrConnectError(_ rc: Int32, settings: LDAPSourceSettings) -> LDAPError {
        let diag = diagnosticMessage() ?? ""
        let usesTLS = isLDAPS || settings.startTLS
        if usesTLS && rc != LDAP_TIMEOUT && Self.handshakeSucceedsWithoutVerification(url, startTLS: !isLDAPS) {
            let verb = isLDAPS ? "TLS handshake" : "StartTLS"
            let (ca, action) = settings.caFile.map { ("the CA in \($0)", "check ca_file") }
                ?? ("the system's trusted CAs", "set ca_file to the CA that signed it")
            return LDAPError("\(verb) with \(url) failed: the server certificate was not verified by "
                + "\(ca) (signed by another CA, expired, or not issued for this host name or IP); \(action)")
        }
        if usesTLS && rc == LDAP_CONNECT_ERROR {
            return LDAPError("StartTLS with \(url) failed: \(diag.isEmpty ? Self.describe(rc) : diag); "
                + "check that the server offers StartTLS")
        }
        if rc == LDAP_TIMEOUT {
            return LDAPError("\(url) did not answer within the timeout; check the URL, "
                + "the network path and timeout")
        }
        return LDAPError("cannot contact the LDAP server at \(url) (\(Self.describe(rc))"
            + "\(diag.isEmpty ? "" : ": \(diag)"))\(isLDAPS ? " or complete a TLS handshake with it" : ""); "
            + "check the URL and that the server is running")
    }

    /// Whether a TLS handshake with `url` succeeds when the certificate is not checked.
    private static func handshakeSucceedsWithoutVerification(_ url: String, startTLS: Bool) -> Bool {
        var handle: OpaquePointer?
        guard ldap_initialize(&handle, url) == LDAP_SUCCESS, let probe = handle else { return false }
        defer { ldap_unbind_ext_s(probe, nil, nil) }
        var version: Int32 = LDAP_VERSION3
        var never: Int32 = LDAP_OPT_X_TLS_NEVER
        var zero: Int32 = 0
        var tv = timeval(5)
        _ = withUnsafePointer(to: &version) { ldap_set_option(probe, LDAP_OPT_PROTOCOL_VERSION, $0) }
        _ = withUnsafePointer(to: &tv) { ldap_set_option(probe, LDAP_OPT_NETWORK_TIMEOUT, $0) }
        _ = withUnsafePointer(to: &tv) { ldap_set_option(probe, LDAP_OPT_TIMEOUT, $0) }
        _ = withUnsafePointer(to: &never) { ldap_set_option(probe, LDAP_OPT_X_TLS_REQUIRE_CERT, $0) }
        _ = withUnsafePointer(to: &zero) { ldap_set_option(probe, LDAP_OPT_X_TLS_NEWCTX, $0) }
        if startTLS { return ldap_start_tls_s(probe, nil, nil) == LDAP_SUCCESS }
        return ldap_connect(probe) == LDAP_SUCCESS
    }

    // MARK: - helpers

    private func set<T>(_ option: Int32, _ value: inout T, _ what: String) throws(LDAPError) {
        let rc = withUnsafePointer(to: &value) { ldap_set_option(ld, option, $0) }
        try check(rc, what)
    }

    private func check(_ rc: Int32, _ what: String) throws(LDAPError) {
        if rc != LDAP_OPT_SUCCESS {
            throw LDAPError("cannot set the LDAP option '\(what)' for \(url): \(Self.describe(rc))")
        }
    }

    /// The server's or libldap's diagnostic text of the last operation, if any.
    func diagnosticMessage() -> String? {
        var msg: UnsafeMutablePointer<CChar>?
        guard ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) == LDAP_OPT_SUCCESS,
              let msg else { return nil }
        defer { ldap_memfree(msg) }
        let text = String(cString: msg)
        return text.isEmpty ? nil : text
    }

    /// The result code's text plus the diagnostic message.
    func diagnostic(_ rc: Int32) -> String {
        let base = Self.describe(rc)
        if let diag = diagnosticMessage() { return "\(base): \(diag)" }
        return base
    }

    /// The last result code recorded on the handle (after ldap_result returned -1).
    func lastResultCode() -> Int32 {
        var code: Int32 = 0
        _ = ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code)
        return code
    }

    static func describe(_ rc: Int32) -> String {
        "\(String(cString: ldap_err2string(rc))) (\(rc))"
    }

    static func timeval(_ seconds: Double) -> Glibc.timeval {
        let s = max(seconds, 0.001)
        let whole = s.rounded(.down)
        return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((s - whole) * 1_000_000))
    }
}

/// A failure of one LDAP operation, already phrased for the operator.
struct LDAPError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
