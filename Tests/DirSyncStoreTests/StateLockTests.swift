import Foundation
import Testing

@testable import DirSyncStore

@Suite struct StateLockTests {
    @Test func secondAcquireThrowsUntilReleased() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path

        let lock = try StateLock.acquire(statePath: state)
        let held = try #require(throws: StateLockHeld.self) { try StateLock.acquire(statePath: state) }
        #expect(held.pid == getpid())
        #expect(held.description.contains("another sync is running"))

        lock.release()
        #expect(!lock.isHeld)
        let again = try StateLock.acquire(statePath: state)
        #expect(again.isHeld)
        again.release()
    }

    @Test func droppingTheLockReleasesIt() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path
        do {
            _ = try StateLock.acquire(statePath: state)
        }
        let next = try StateLock.acquire(statePath: state)
        #expect(next.isHeld)
    }
}
