import DirSyncCore
import Foundation

/// The application's SCIM 2.0 endpoint as dirsync's target (RFC 7643/7644).
///
/// Accounts are Users; dirsync writes `userName`, `displayName`, the primary email,
/// `active`, `externalId` (the directory identity, so that an account a killed run created
/// is recognised on the next read), roles (the `roles` attribute, or one Group per role)
/// and tags (`entitlements`); project memberships are Groups named by `project_group`.
/// Everything else in the application is left as it is, and groups whose names fit no
/// template are never touched.
///
/// Each confirmed operation is recorded through the `ApplyJournal` when its chunk is done;
/// a lost response is resolved by looking the resource up, never by creating it again.
public final class SCIMTarget: AccountTarget {
    let client: SCIMClient
    let settings: SCIMTargetSettings
    let document: SCIMUserDocument
    let names: GroupNames
    /// Operations per chunk (nil: `chunkSize(for:)` decides): memberships of a chunk go to
    /// each group in one request, and a chunk is recorded and reported at once.
    let fixedChunkSize: Int?
    let pageSize: Int
    let state = TargetState()
    let featuresBox = FeaturesBox()

    /// `chunkSize` nil: a quarter of the operations, between 1,000 and 5,000 (see `chunkSize(for:)`).
    /// `knownRoles`: the roles the mappings know, which under `role_group: "{role}"` tell
    /// role groups from the application's own (see `GroupNames`).
    public init(
        settings: SCIMTargetSettings, transport: any HTTPTransport, chunkSize: Int? = nil, pageSize: Int = 500,
        knownRoles: Set<String>? = nil
    ) {
        self.client = SCIMClient(baseURL: settings.connection.url, transport: transport)
        self.settings = settings
        self.document = SCIMUserDocument(
            rolesInAttribute: settings.rolesAs == .attribute, tagsInEntitlements: settings.tagsAs == .entitlements)
        self.names = GroupNames(
            projectTemplate: settings.projectGroup, roleTemplate: settings.rolesAs == .groups ? settings.roleGroup : nil,
            knownRoles: knownRoles)
        self.fixedChunkSize = chunkSize.map { max(1, $0) }
        self.pageSize = max(1, pageSize)
    }

    /// Reads every User and Group; any failure is a `TargetError` (exit 2, nothing changed).
    public func readAccounts() async throws -> [Account] {
        do {
            async let features = client.features()
            async let users = client.listAll("Users", pageSize: pageSize)
            async let groups = client.listAll("Groups", pageSize: pageSize)
            let (f, u, g) = try await (features, users, groups)
            featuresBox.set(f)
            return await state.load(users: u, groups: g, document: document, names: names)
        } catch where error is SCIMError || error is HTTPTransportError {
            throw TargetError("\(settings.connection.url): \(error); nothing was changed")
        }
    }

    var features: ServiceProviderFeatures { featuresBox.get() ?? ServiceProviderFeatures() }

    /// How many operations go in one chunk of an apply of `count`. Each chunk sends every
    /// group it touches one PATCH, and providers spend time in proportion to the group's
    /// size on each; so a large apply is cut into about four chunks (never below 1,000
    /// operations, so small applies are one or two chunks, nor above 5,000, so progress and
    /// recording keep up).
    func chunkSize(for count: Int) -> Int {
        fixedChunkSize ?? min(5000, max(1000, (count + 3) / 4))
    }
}

/// The provider's features, learnt by the read and used by the apply that follows.
final class FeaturesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ServiceProviderFeatures?
    func set(_ features: ServiceProviderFeatures) { lock.withLock { value = features } }
    func get() -> ServiceProviderFeatures? { lock.withLock { value } }
}
