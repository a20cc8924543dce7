import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-connection TCP server that accepts a bind and then misbehaves on the search
/// (closes the connection or never answers), to prove a broken read is an error.
final class FakeLDAPServer: @unchecked Sendable {
    enum Behaviour { case dropOnSearch, silentOnSearch }

    let port: Int
    private let listener: Int32

    init(_ behaviour: Behaviour) throws {
        let (fd, port) = LoopbackListener.open()
        listener = fd
        self.port = port
        Thread {
            let conn = accept(fd, nil, nil)
            guard conn >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Bind request (message id 1) → bindResponse success.
            _ = read(conn, &buffer, buffer.count)
            let ok: [UInt8] = [0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]
            _ = write(conn, ok, ok.count)
            // Search request → close, or wait for the client to give up and hang up.
            _ = read(conn, &buffer, buffer.count)
            if behaviour == .silentOnSearch {
                while read(conn, &buffer, buffer.count) > 0 {}
            }
            close(conn)
        }.start()
    }

    var url: String { "ldap://127.0.0.1:\(port)" }

    deinit { close(listener) }
}
