import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An LDAP server that answers every bind with success and every search
/// with what `answer` returns, for behaviour slapd cannot show (AD's ranged retrieval).
/// It understands just enough BER to split requests and read their message ids.
final class ScriptedLDAPServer: @unchecked Sendable {
    /// One search result entry: DN and (attribute description, values).
    typealias Entry = (dn: String, attributes: [(String, [String])])

    let port: Int
    private let listener: Int32

    private let lock = NSLock()
    private var served = 0

    /// How many connections were accepted and served (not closed at once).
    var connectionsServed: Int { lock.withLock { served } }

    /// `answer` gets the raw search request (to look for requested attribute names).
    /// Connections beyond `maxConnections` are closed as soon as they are accepted, like a
    /// server that limits connections per client.
    init(maxConnections: Int = .max, answer: @escaping @Sendable (_ request: [UInt8]) -> [Entry]) throws {
        let (fd, port) = LoopbackListener.open()
        listener = fd
        self.port = port
        // Every connection is served on a thread of its own: the LDAP source reads the
        // groups on a second connection while the users arrive on the first.
        Thread { [self] in
            while true {
                let conn = accept(fd, nil, nil)
                guard conn >= 0 else { return }
                let admitted = lock.withLock {
                    guard served < maxConnections else { return false }
                    served += 1
                    return true
                }
                if admitted {
                    Thread { Self.serve(conn, answer: answer) }.start()
                } else {
                    close(conn)
                }
            }
        }.start()
    }

    private static func serve(_ conn: Int32, answer: @escaping @Sendable (_ request: [UInt8]) -> [Entry]) {
        defer { close(conn) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(conn, &chunk, chunk.count)
            if n <= 0 { return }
            pending += chunk[0..<n]
            while let (message, used) = Self.splitMessage(pending) {
                pending.removeFirst(used)
                guard let (id, op) = Self.idAndOperation(message) else { return }
                var reply: [UInt8] = []
                switch op {
                case 0x60:  // bind
                    reply = BER.tlv(0x30, BER.int(id) + BER.tlv(0x61, BER.success))
                case 0x63:  // search
                    for entry in answer(message) {
                        let attrs = entry.attributes.flatMap { name, values in
                            BER.tlv(0x30, BER.octets(name) + BER.tlv(0x31, values.flatMap(BER.octets)))
                        }
                        reply += BER.tlv(0x30, BER.int(id) + BER.tlv(0x64, BER.octets(entry.dn) + BER.tlv(0x30, attrs)))
                    }
                    reply += BER.tlv(0x30, BER.int(id) + BER.tlv(0x65, BER.success))
                case 0x42:  // unbind
                    return
                default:
                    continue
                }
                _ = reply.withUnsafeBytes { write(conn, $0.baseAddress, $0.count) }
            }
        }
    }

    var url: String { "ldap://127.0.0.1:\(port)" }

    deinit { close(listener) }

    /// One complete BER SEQUENCE at the start of `bytes`, and its total length.
    static func splitMessage(_ bytes: [UInt8]) -> ([UInt8], Int)? {
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1])
        var header = 2
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard bytes.count >= 2 + count else { return nil }
            length = bytes[2..<(2 + count)].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        guard bytes.count >= header + length else { return nil }
        return (Array(bytes[0..<(header + length)]), header + length)
    }

    /// The message id and the protocol operation's tag.
    static func idAndOperation(_ message: [UInt8]) -> (Int, UInt8)? {
        var i = 1
        if message[i] & 0x80 != 0 { i += Int(message[i] & 0x7f) }
        i += 1
        guard message[i] == 0x02 else { return nil }
        let idLength = Int(message[i + 1])
        let id = message[(i + 2)..<(i + 2 + idLength)].reduce(0) { $0 << 8 | Int($1) }
        return (id, message[i + 2 + idLength])
    }
}

/// The few BER encodings the scripted server writes.
enum BER {
    static let success: [UInt8] = [0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let n = content.count
        let length: [UInt8]
        switch n {
        case ..<128: length = [UInt8(n)]
        case ..<256: length = [0x81, UInt8(n)]
        case ..<65536: length = [0x82, UInt8(n >> 8), UInt8(n & 0xff)]
        default: length = [0x83, UInt8(n >> 16), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)]
        }
        return [tag] + length + content
    }

    static func octets(_ s: String) -> [UInt8] { tlv(0x04, Array(s.utf8)) }

    static func int(_ v: Int) -> [UInt8] {
        v < 128 ? [0x02, 0x01, UInt8(v)] : [0x02, 0x02, UInt8(v >> 8), UInt8(v & 0xff)]
    }
}
