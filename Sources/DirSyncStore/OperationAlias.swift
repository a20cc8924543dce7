import DirSyncCore

/// Foundation also exports an `Operation` (NSOperation); inside this module the name means
/// the plan's operation.
typealias Operation = DirSyncCore.Operation
