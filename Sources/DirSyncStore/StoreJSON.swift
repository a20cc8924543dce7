import Foundation

/// JSON for the database's JSON columns: sorted keys, so equal values store equal text.
enum StoreJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError("state database: cannot read stored \(T.self) JSON: \(error)")
        }
    }
}
