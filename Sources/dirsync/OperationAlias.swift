import DirSyncCore

/// Foundation also declares `Operation`; inside this module the name means dirsync's.
typealias Operation = DirSyncCore.Operation
