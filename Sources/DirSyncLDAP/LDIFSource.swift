import DirSyncCore
import Foundation

/// An LDIF export read as a directory, so an operator can preview a sync offline against
/// `slapcat` / `ldapsearch -LLL` output with the same user and group schema as the live source.
///
/// Entries count when they lie under the schema's `base` (DN suffix, compared the RFC 4514
/// way) and match its `filter` (evaluated locally, see `LDIFFilter`). Exports often lack
/// the operational `entryUUID`: a user without the id attribute gets the id
/// `dn:<normalized DN>` (its RDNs lower-cased, spaces and escapes normalized, joined by
/// `,`), which is stable as long as the DN is, and the snapshot carries a warning.
public struct LDIFSource: DirectorySource {
    public let name: String
    public let settings: LDIFSourceSettings

    public init(name: String, settings: LDIFSourceSettings) {
        self.name = name
        self.settings = settings
    }

    public func readSnapshot() async throws -> DirectorySnapshot {
        try read()
    }

    /// The synchronous read, for callers that are not async.
    public func read() throws(SourceError) -> DirectorySnapshot {
        let text: String
        do {
            text = try String(contentsOfFile: settings.path, encoding: .utf8)
        } catch {
            throw SourceError(source: name, message: "cannot read the LDIF file \(settings.path): "
                + "\(error.localizedDescription); check path")
        }
        do {
            let records = try LDIFParser(path: settings.path).parse(text)
            var warnings: [String] = []
            let users = try readUsers(records, warnings: &warnings)
            let groups = try settings.groups.map { schema throws in try readGroups(records, schema: schema) } ?? []
            return DirectorySnapshot(source: name, users: users, groups: groups, warnings: warnings)
        } catch let error as LDIFParser.ParseError {
            throw SourceError(source: name, message: error.message)
        } catch let error as LDIFFilter.ParseError {
            throw SourceError(source: name, message: error.message + "; check the filter")
        } catch let error as MappingError {
            throw SourceError(source: name, message: error.message + "; nothing was read")
        } catch {
            throw SourceError(source: name, message: "\(error)")
        }
    }

    private func selected(_ records: [LDIFRecord], base: String, filter: String) throws -> [LDIFRecord] {
        let baseRDNs = DistinguishedName.normalizedRDNs(base)
        let filter = try LDIFFilter.parse(filter)
        return records.filter { record in
            DistinguishedName.isWithin(DistinguishedName.normalizedRDNs(record.dn), base: baseRDNs)
                && filter.matches { name in
                    record.values(name).map { String(decoding: $0, as: UTF8.self).lowercased() }
                }
        }
    }

    private func readUsers(_ records: [LDIFRecord], warnings: inout [String]) throws -> [DirectoryUser] {
        let schema = settings.users
        let mapper = UserMapper(source: name, schema: schema)
        var users: [DirectoryUser] = []
        var derived = 0
        for record in try selected(records, base: schema.base, filter: schema.filter) {
            var acc = UserMapper.Accumulator()
            feed(record, slots: mapper.slots) { mapper.add(slot: $0, value: $1, to: &acc) }
            if acc.id == nil {
                acc.id = "dn:" + DistinguishedName.normalizedRDNs(record.dn).joined(separator: ",")
                derived += 1
            }
            users.append(try mapper.finish(dn: record.dn, acc))
        }
        if derived > 0 {
            warnings.append("\(derived) users in \(settings.path) have no \(schema.id); their ids were "
                + "derived from their DNs, so a rename will look like a leaver and a newcomer; "
                + "export with operational attributes (slapcat, or ldapsearch with '+') to keep ids stable")
        }
        return users
    }

    private func readGroups(_ records: [LDIFRecord], schema: GroupSchema) throws -> [DirectoryGroup] {
        let mapper = GroupMapper(source: name, schema: schema)
        return try selected(records, base: schema.base, filter: schema.filter).map { record in
            var acc = GroupMapper.Accumulator()
            feed(record, slots: mapper.slots) { mapper.add(slot: $0, value: $1, to: &acc) }
            return mapper.unresolved(try mapper.finish(dn: record.dn, acc))
        }
    }

    private func feed(_ record: LDIFRecord, slots: AttributeSlots, _ add: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        for (attrName, values) in record.attributes {
            let slot = Array(attrName.utf8).withUnsafeBufferPointer { slots.index(of: $0) }
            guard let slot else { continue }
            for value in values { value.withUnsafeBufferPointer { add(slot, $0) } }
        }
    }
}
