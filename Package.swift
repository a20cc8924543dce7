// swift-tools-version:6.0
import PackageDescription

/// One set of settings for every target, as in Hummingbird: Swift 6 language mode,
/// strict concurrency, and warnings that point at upcoming language changes.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// Supported: Linux, Debian 12 (bookworm). No `platforms:` entry, because no Apple platform
// is supported: the code calls Glibc directly without a Darwin branch (`import Glibc` in
// DirSyncLDAP, `Glibc.write`, `Glibc.timeval`), links Debian's libldap through pkg-config,
// and its tests start Debian's slapd.
let package = Package(
    name: "dirsync",
    products: [
        .executable(name: "dirsync", targets: ["dirsync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),  // LogHandler.log(event:)
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CLDAP", pkgConfig: "ldap", providers: [.apt(["libldap-dev"])]),
        .target(name: "DirSyncCore", swiftSettings: swiftSettings),
        .target(
            name: "DirSyncConfig",
            dependencies: ["DirSyncCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(name: "DirSyncLDAP", dependencies: ["DirSyncCore", "CLDAP"], swiftSettings: swiftSettings),
        // Typed wrappers around libcurl's variadic calls, which Swift cannot call.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "DirSyncSCIM", dependencies: ["DirSyncCore", "CCurl"], swiftSettings: swiftSettings),
        .target(
            name: "DirSyncStore",
            dependencies: [
                "DirSyncCore", .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API GRDB itself links: `RawRows` reads bulk rows through it.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DirSyncEngine",
            dependencies: [
                "DirSyncCore", "DirSyncConfig", "DirSyncLDAP", "DirSyncSCIM", "DirSyncStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DirSyncServer",
            dependencies: [
                "DirSyncEngine", "DirSyncCore", "DirSyncConfig", "DirSyncStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dirsync",
            dependencies: [
                "DirSyncEngine", "DirSyncCore", "DirSyncConfig",
                "DirSyncServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "DirSyncTestSupport", dependencies: ["DirSyncCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DirSyncCoreTests", dependencies: ["DirSyncCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DirSyncConfigTests", dependencies: ["DirSyncConfig", "DirSyncCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DirSyncLDAPTests",
            dependencies: ["DirSyncLDAP", "DirSyncCore", "DirSyncTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DirSyncSCIMTests",
            dependencies: ["DirSyncSCIM", "DirSyncCore", "DirSyncTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DirSyncStoreTests",
            // GRDB itself only to build a database of an older schema (MigrationTests).
            dependencies: ["DirSyncStore", "DirSyncCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DirSyncEngineTests",
            dependencies: ["DirSyncEngine", "DirSyncCore", "DirSyncConfig", "DirSyncTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DirSyncCLITests",
            // `dirsync` so the executable is built before these tests run them as children.
            dependencies: ["dirsync", "DirSyncTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DirSyncServerTests",
            dependencies: [
                "DirSyncServer", "DirSyncEngine", "DirSyncCore", "DirSyncConfig", "DirSyncStore", "DirSyncTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
