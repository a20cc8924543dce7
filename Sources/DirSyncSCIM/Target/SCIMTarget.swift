import DirSyncCore

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
    /// Operations per chunk: memberships of a chunk go to each group in one request, and a
    /// chunk is recorded and reported at once.
    let chunkSize: Int
    let pageSize: Int
    let state = TargetState()
    let featuresBox = FeaturesBox()

    public static let defaultChunkSize = 1000

    public init(settings: SCIMTargetSettings, transport: any HTTPTransport, chunkSize: Int = SCIMTarget.defaultChunkSize, pageSize: Int = 500) {
        self.client = SCIMClient(baseURL: settings.connection.url, transport: transport)
        self.settings = settings
        self.document = SCIMUserDocument(
            rolesInAttribute: settings.rolesAs == .attribute, tagsInEntitlements: settings.tagsAs == .entitlements)
        self.names = GroupNames(
            projectTemplate: settings.projectGroup, roleTemplate: settings.rolesAs == .groups ? settings.roleGroup : nil)
        self.chunkSize = max(1, chunkSize)
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
        } catch let error as SCIMError {
            throw TargetError("\(settings.connection.url): \(error); nothing was changed")
        } catch let error as HTTPTransportError {
            throw TargetError("\(settings.connection.url): \(error); nothing was changed")
        }
    }

    var features: ServiceProviderFeatures { featuresBox.get() ?? ServiceProviderFeatures() }
}

import Foundation

/// The provider's features, learnt by the read and used by the apply that follows.
final class FeaturesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ServiceProviderFeatures?
    func set(_ features: ServiceProviderFeatures) { lock.withLock { value = features } }
    func get() -> ServiceProviderFeatures? { lock.withLock { value } }
}
