import Crypto
import DirSyncCore
import Foundation

/// Checks `Authorization: Bearer <token>` against `server.api_token_file`.
///
/// Both sides are hashed first and the digests compared in constant time, so neither the
/// token's content nor its length shows in response times.
enum BearerToken {
    static func allows(_ authorization: String?, token: Secret?) -> Bool {
        guard let token, let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let given = SHA256.hash(data: Array(authorization.dropFirst("Bearer ".count).utf8))
        let expected = SHA256.hash(data: Array(token.value.utf8))
        return ConstantTime.equal(Array(given), Array(expected))
    }
}

/// Byte comparison whose time depends only on the length.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
