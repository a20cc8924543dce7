import DirSyncCore

/// SCIM filter expressions (RFC 7644 §3.4.2.2) built from values that come from elsewhere.
///
/// A value is written as a JSON string literal, so a quote or backslash in a username cannot
/// end the literal and change the filter: the SCIM counterpart of RFC 4515 escaping.
public enum SCIMFilter {
    /// `attribute eq "value"`.
    public static func equals(_ attribute: String, _ value: String) -> String {
        var literal: [UInt8] = []
        JSONString.append(value, to: &literal)
        return "\(attribute) eq \(String(decoding: literal, as: UTF8.self))"
    }
}
