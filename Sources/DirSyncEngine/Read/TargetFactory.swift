import DirSyncCore
import DirSyncSCIM
import DirSyncStore

/// Turns the configured target into an adapter: the one place that knows every target type.
public enum TargetFactory {
    /// The target of the workspace's settings, working with `state` (the sync's one
    /// state-database handle: the embedded store keeps its accounts there). The workspace's
    /// environment may tune an adapter: `DIRSYNC_APPLY_CHUNK` sets the embedded store's
    /// operations per transaction, and a SCIM target's operations per chunk (recorded and
    /// reported together). Its mappings tell a SCIM target which roles are its own.
    public static func make(_ workspace: Workspace, state: StateStore) throws -> any AccountTarget {
        let environment = workspace.environment
        switch workspace.settings.target {
        case .store:
            let chunkSize = environment["DIRSYNC_APPLY_CHUNK"].flatMap(Int.init) ?? StoreTarget.defaultChunkSize
            return StoreTarget(store: state, chunkSize: chunkSize)
        case .scim(let scim):
            let client = CurlHTTPClient(
                configuration: CurlHTTPClientConfiguration(connection: scim.connection, concurrency: scim.concurrency))
            let chunkSize = environment["DIRSYNC_APPLY_CHUNK"].flatMap(Int.init)
            return SCIMTarget(
                settings: scim, transport: client, chunkSize: chunkSize, knownRoles: workspace.mapping.knownRoles)
        }
    }
}
