extension Array {
    /// The values at `positions` (each a filled slot, each once), in that order, moved out
    /// by pointer and their slots left empty: how 100k sorted operations or accounts leave
    /// the arrays they were built in. A copy (even `Optional.take()`) retained and released
    /// every field of every value, one cache miss per field.
    public mutating func moveOut<Wrapped>(_ positions: [Int32]) -> [Wrapped] where Element == Wrapped? {
        withUnsafeMutableBufferPointer { slots in
            [Wrapped](unsafeUninitializedCapacity: positions.count) { buffer, initialized in
                for (k, position) in positions.enumerated() {
                    let slot = slots.baseAddress! + Int(position)
                    (buffer.baseAddress! + k).initialize(to: slot.move()!)
                    slot.initialize(to: nil)
                }
                initialized = positions.count
            }
        }
    }
}
