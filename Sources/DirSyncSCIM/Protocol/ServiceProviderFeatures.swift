/// What a service provider says it supports (`/ServiceProviderConfig`), as far as dirsync
/// changes how it talks to it.
public struct ServiceProviderFeatures: Sendable, Hashable {
    /// PATCH (RFC 7644 §3.5.2); without it, updates are sent as PUT of the whole resource.
    public var patch: Bool
    public var bulk: Bool
    public var bulkMaxOperations: Int
    public var bulkMaxPayloadSize: Int

    public init(patch: Bool = true, bulk: Bool = false, bulkMaxOperations: Int = 0, bulkMaxPayloadSize: Int = 0) {
        self.patch = patch
        self.bulk = bulk
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
    }

    /// Reads a ServiceProviderConfig document; what it does not say is taken as unsupported,
    /// except PATCH, which every provider dirsync has met supports when the key is absent.
    public init(_ document: JSONValue) {
        patch = document["patch"]?["supported"]?.bool ?? true
        bulk = document["bulk"]?["supported"]?.bool ?? false
        bulkMaxOperations = document["bulk"]?["maxOperations"]?.int ?? 0
        bulkMaxPayloadSize = document["bulk"]?["maxPayloadSize"]?.int ?? 0
        if bulkMaxOperations <= 0 || bulkMaxPayloadSize <= 0 { bulk = false }
    }
}
