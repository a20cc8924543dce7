/// What a create's POST came to: the provider's answer, or the resource found after the
/// answer was lost.
enum PostOutcome<Found> {
    case answered(SCIMClient.Reply)
    case found(Found)
}

extension SCIMTarget {
    /// POSTs `body` to `path` and never sends it blindly again: when the answer may have
    /// been lost, `lookup` says whether the create took effect (`.found`); when it did not,
    /// the POST is sent again, three times in all before the transport error is thrown.
    /// A repeat could otherwise make a second User, or a second Group of the same name.
    func postOnce<Found>(_ path: String, _ body: JSONValue, lookup: () async throws -> Found?) async throws -> PostOutcome<Found> {
        var lostAnswers = 0
        while true {
            do {
                return .answered(try await client.send("POST", path, body: body, mayRepeat: false))
            } catch let error as HTTPTransportError where error.mayHaveReachedServer {
                if let found = try await lookup() { return .found(found) }
                lostAnswers += 1
                if lostAnswers >= 3 { throw error }
            }
        }
    }
}
