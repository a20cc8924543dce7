import Foundation

/// A throwaway CA, a server certificate for IP 127.0.0.1 signed by it, and an unrelated
/// "wrong" CA, made with `openssl` so TLS tests exercise real certificate verification.
///
/// The name is an IP SAN: libldap canonicalises `localhost` to the host name, so a
/// certificate for `localhost` would fail the name check.
struct TestPKI {
    var caFile: String
    var wrongCAFile: String
    var certFile: String
    var keyFile: String

    static func make(in dir: URL) throws -> TestPKI {
        let d = dir.appendingPathComponent("pki")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        func p(_ name: String) -> String { d.appendingPathComponent(name).path }
        let ossl = "/usr/bin/openssl"
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, cn) in [("ca", "dirsync test CA"), ("wrong-ca", "dirsync wrong CA")] {
            try Tool.run(ossl, ["req", "-x509"] + ec + [
                "-keyout", p("\(name).key"), "-out", p("\(name).pem"), "-days", "2",
                "-subj", "/CN=\(cn)",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        try Tool.run(ossl, ["req"] + ec + [
            "-keyout", p("server.key"), "-out", p("server.csr"), "-subj", "/CN=127.0.0.1",
        ])
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
            .write(toFile: p("server.ext"), atomically: true, encoding: .utf8)
        try Tool.run(ossl, [
            "x509", "-req", "-in", p("server.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
            "-CAcreateserial", "-out", p("server.pem"), "-days", "2", "-extfile", p("server.ext"),
        ])
        return TestPKI(
            caFile: p("ca.pem"), wrongCAFile: p("wrong-ca.pem"),
            certFile: p("server.pem"), keyFile: p("server.key"))
    }
}
