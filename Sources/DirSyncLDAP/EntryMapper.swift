/// Turns the attribute values of one LDAP entry into a directory value (a user or a group),
/// so that one read loop serves both kinds of entry.
protocol EntryMapper {
    associatedtype Accumulator
    associatedtype Output
    /// The attributes to request, and which slot each value lands in.
    var slots: AttributeSlots { get }
    func makeAccumulator() -> Accumulator
    func add(slot: Int, value: UnsafeBufferPointer<UInt8>, to acc: inout Accumulator)
    func finish(dn: String, _ acc: Accumulator) throws(MappingError) -> Output
}

extension UserMapper: EntryMapper {
    func makeAccumulator() -> Accumulator { Accumulator() }
}

extension GroupMapper: EntryMapper {
    func makeAccumulator() -> Accumulator { Accumulator() }
}
