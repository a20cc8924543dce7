import Foundation
import Testing

@testable import DirSyncCore

/// `Parallel.stream` and the renderers that write through it: pieces made on several
/// threads reach the writer whole, once each, in order.
@Suite struct ParallelTests {
    @Test func streamHandsEveryPieceOverInOrder() {
        var seen: [Range<Int>] = []
        Parallel.stream(50_000, minimum: 10, pieceSize: 1_000) { range in range } consume: { seen.append($0) }
        #expect(seen == (0..<50).map { $0 * 1_000..<($0 + 1) * 1_000 })
    }

    @Test func streamRunsSmallWorkInlineAsOnePiece() {
        var seen: [Range<Int>] = []
        Parallel.stream(500, minimum: 1_000, pieceSize: 100) { range in range } consume: { seen.append($0) }
        #expect(seen == [0..<500])
    }

    /// More operations than the renderers' parallel threshold and several pieces.
    static let bigPlan = Plan(
        operations: (0..<45_000).map { i in
            AccountOperation(
                action: .create, username: String(format: "user%05d", i), email: "u\(i)@example.com",
                displayName: "User \(i)", roles: ["viewer"], projects: ["p\(i % 7)": .all], tags: [],
                reason: "mapped by rule 'staff'", identity: "corp:\(i)")
        },
        warnings: ["a warning"])

    @Test func aLargeJSONPlanWrittenInPiecesIsOneValidDocumentInOrder() throws {
        var parts = 0
        var bytes: [UInt8] = []
        PlanJSON.encode(Self.bigPlan) { part in
            parts += 1
            bytes += part
        }
        #expect(parts > 3)  // head, several pieces, tail
        #expect(try PlanJSON.decode(Data(bytes)) == Self.bigPlan)
    }

    @Test func aLargeTableWrittenInPiecesHasEveryLineOnceInOrder() {
        var bytes: [UInt8] = []
        PlanTableRenderer.render(Self.bigPlan) { bytes += $0 }
        let creates = String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("+ create ") }
        #expect(creates.map { $0.split(separator: " ")[2] } == Self.bigPlan.operations.map { Substring($0.username) })
    }
}
