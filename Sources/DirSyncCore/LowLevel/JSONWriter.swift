/// A minimal pretty-printing JSON writer with sorted keys, writing UTF-8 bytes directly.
///
/// Why not JSONEncoder: for a large plan Foundation's encoder builds an intermediate tree
/// first, which was the largest item of `dirsync plan`'s profile in time and memory. The output
/// has the same shape as JSONEncoder's `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`,
/// and `PlanJSON.decode` still uses JSONDecoder, so a round-trip test guards the format.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Per open container: whether it has had an element yet.
    private var hasElement: [Bool] = []
    /// A key was just written: the next value goes on the same line.
    private var afterKey = false

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer for a run of elements of an array that another writer has open at
    /// `depth` (inside its enclosing containers), for writing parts of a long array in
    /// parallel; `continuing` says whether elements precede this run (then it starts with
    /// a comma). Append its bytes to the other writer with `appendElements`.
    init(elementsAtDepth depth: Int, continuing: Bool, capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        self.depth = depth
        hasElement = [Bool](repeating: true, count: depth - 1) + [continuing]
    }

    /// Drops the bytes written so far, keeping the nesting state: the writer then writes
    /// what follows them (for output written in parts).
    mutating func resetBytes() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Records that the innermost open container has an element (written elsewhere).
    mutating func markElement() {
        hasElement[hasElement.count - 1] = true
    }

    /// Appends elements written by an `init(elementsAtDepth:continuing:)` writer into the
    /// array this writer has open.
    mutating func appendElements(_ part: [UInt8]) {
        guard !part.isEmpty else { return }
        bytes.append(contentsOf: part)
        hasElement[hasElement.count - 1] = true
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts `"key" : ` inside an object for a key only known at run time (a project
    /// name); callers pass keys in sorted order.
    mutating func key(text key: String) {
        element()
        string(key)
        endKey()
    }

    /// Starts `"key" : ` for a key known at compile time (every field name of a plan): its
    /// bytes need no escaping check and are copied in one go.
    mutating func key(_ key: StaticString) {
        element()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        endKey()
    }

    /// ` : ` after a key, byte by byte (an array literal allocated for every key of every
    /// operation); the value follows on the same line.
    private mutating func endKey() {
        bytes.append(0x20)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
        afterKey = true
    }

    /// A value inside an array (objects and arrays call `element` through `open`).
    mutating func arrayString(_ value: String) {
        element()
        string(value)
    }

    mutating func value(_ value: String) {
        afterKey = false
        string(value)
    }

    /// `null`, for a field of an account's complete state that it does not have.
    mutating func null() {
        afterKey = false
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func value(_ value: Int) {
        afterKey = false
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func stringArray(_ values: [String]) {
        beginArray()
        for v in values { arrayString(v) }
        endArray()
    }

    private mutating func open(_ bracket: UInt8) {
        if !hasElement.isEmpty, !afterKey { element() }
        afterKey = false
        bytes.append(bracket)
        hasElement.append(false)
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasElement.removeLast() { newline() }
        bytes.append(bracket)
    }

    /// Separator and indentation before the next element of the current container.
    private mutating func element() {
        if hasElement[hasElement.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElement[hasElement.count - 1] = true
        newline()
    }

    private mutating func newline() {
        bytes.append(0x0A)
        let width = 2 * depth
        if width <= Self.spaces.count {
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: $0[..<width]) }
        } else {
            bytes.append(contentsOf: repeatElement(0x20, count: width))
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    private mutating func string(_ s: String) {
        JSONString.append(s, to: &bytes)
    }
}
