// swift-tools-version: 6.2
//
// OnePoint: Kafka workers that run an operator's enterprise-customer network service.
// One folder per module under Sources/, one test target per module under Tests/.
// See docs/architecture.md for how the modules fit together.

import PackageDescription

/// Every OnePoint target: Swift 6 language mode, complete strict concurrency, warnings are errors.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

/// The worker processes allocate through jemalloc (Debian's `libjemalloc-dev`) on Linux: it cut
/// the fault worker's CPU by about a sixth against glibc's allocator, whose fastbin
/// consolidation and cross-thread frees were ~12 % of a storm's profile (docs/performance.md,
/// session 29). The benchmark process keeps glibc's, so the plain-C yardsticks it runs are as
/// before.
let jemalloc: [LinkerSetting] = [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let configuration = Target.Dependency.product(name: "Configuration", package: "swift-configuration")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let system = Target.Dependency.product(name: "SystemPackage", package: "swift-system")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")

let package = Package(
    name: "OnePoint",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onepoint", targets: ["onepoint"]),
        .executable(name: "onepoint-provisioning", targets: ["onepoint-provisioning"]),
        .executable(name: "onepoint-fault", targets: ["onepoint-fault"]),
        .executable(name: "onepoint-cutover", targets: ["onepoint-cutover"]),
        .executable(name: "onepoint-reporting", targets: ["onepoint-reporting"]),
        .executable(name: "onepoint-bench", targets: ["onepoint-bench"]),
        .executable(name: "onepoint-relay", targets: ["onepoint-relay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0", traits: ["YAML"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // MARK: librdkafka, through the system library (Debian: librdkafka-dev)
        .systemLibrary(
            name: "Crdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // The raw librdkafka pipe the benchmarks measure the Swift layers against (plain C).
        .target(
            name: "CKafkaBaseline",
            dependencies: ["Crdkafka"],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),

        // MARK: Layers
        .target(name: "OnePointKafka", dependencies: ["Crdkafka", logging, metrics], swiftSettings: strict),
        .target(name: "OnePointDomain", swiftSettings: strict),
        .target(name: "OnePointConfig", dependencies: ["OnePointDomain", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .target(name: "OnePointContracts", dependencies: ["OnePointDomain"], swiftSettings: strict),
        // SQLite's pre-update hook, which the system header hides (the state changelog's capture).
        .target(name: "CSQLiteHooks", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "OnePointState", dependencies: ["CSQLiteHooks", grdb, .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: strict),
        .target(
            name: "OnePointRuntime",
            dependencies: [
                "OnePointKafka", "OnePointContracts", "OnePointState", grdb, argumentParser, configuration, system, logging, metrics,
                prometheus, lifecycle, hummingbird,
            ],
            swiftSettings: strict),

        // MARK: Workers' decisions (one library per worker, so tests drive them in-process)
        .target(
            name: "OnePointProvisioning",
            dependencies: ["OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointState", grdb],
            swiftSettings: strict),
        .target(
            name: "OnePointFault",
            dependencies: ["OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointState", grdb, logging],
            swiftSettings: strict),
        .target(
            name: "OnePointCutover",
            dependencies: ["OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointState", grdb, logging, mustache],
            swiftSettings: strict),
        .target(
            name: "OnePointReporting",
            dependencies: ["OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointState", grdb, logging, mustache, hummingbird],
            swiftSettings: strict),

        // MARK: Executables
        .executableTarget(
            name: "onepoint",
            dependencies: [
                "OnePointKafka", "OnePointDomain", "OnePointConfig", "OnePointContracts", "OnePointRuntime", "OnePointProvisioning", "OnePointFault",
                "OnePointCutover", "OnePointReporting", "OnePointState", argumentParser, logging,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "onepoint-provisioning", dependencies: ["OnePointProvisioning", "OnePointRuntime", "OnePointConfig", "OnePointContracts", argumentParser],
            swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(name: "onepoint-fault", dependencies: ["OnePointFault", "OnePointRuntime", argumentParser], swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(name: "onepoint-cutover", dependencies: ["OnePointCutover", "OnePointRuntime", argumentParser], swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(name: "onepoint-reporting", dependencies: ["OnePointReporting", "OnePointRuntime", argumentParser], swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(
            name: "onepoint-relay",
            dependencies: ["OnePointRuntime", "OnePointState", "OnePointKafka", grdb, argumentParser, logging, lifecycle, prometheus],
            swiftSettings: strict, linkerSettings: jemalloc),
        .executableTarget(
            name: "onepoint-bench",
            dependencies: [
                "OnePointKafka", "CKafkaBaseline", "OnePointFault", "OnePointProvisioning", "OnePointRuntime", "OnePointContracts", "OnePointConfig",
                "OnePointDomain", grdb, argumentParser, logging,
            ],
            swiftSettings: strict),

        // MARK: Tests
        // Real child processes with their logs, for the tests that run the package's executables.
        .target(
            name: "OnePointTestSupport",
            dependencies: [
                "OnePointRuntime", "OnePointState", "OnePointKafka", "OnePointContracts", "OnePointConfig", grdb, lifecycle, logging, metrics, prometheus,
            ],
            path: "Tests/OnePointTestSupport", swiftSettings: strict),
        .testTarget(name: "OnePointKafkaTests", dependencies: ["OnePointKafka"], swiftSettings: strict),
        .testTarget(name: "OnePointDomainTests", dependencies: ["OnePointDomain"], swiftSettings: strict),
        .testTarget(
            name: "OnePointStateTests", dependencies: ["OnePointState", grdb, .product(name: "GRDBSQLite", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(
            name: "OnePointRuntimeTests",
            dependencies: [
                "OnePointRuntime", "OnePointContracts", "OnePointState", "OnePointKafka", "OnePointTestSupport", grdb, metrics, prometheus, lifecycle, logging,
            ],
            swiftSettings: strict),
        .testTarget(name: "OnePointCLITests", dependencies: ["OnePointKafka", "OnePointContracts", "OnePointTestSupport", grdb, logging], swiftSettings: strict),
        .testTarget(name: "OnePointContractsTests", dependencies: ["OnePointContracts", "OnePointDomain"], swiftSettings: strict),
        .testTarget(name: "OnePointConfigTests", dependencies: ["OnePointConfig", "OnePointDomain"], swiftSettings: strict),
        .testTarget(
            name: "OnePointProvisioningTests",
            dependencies: [
                "OnePointProvisioning", "OnePointRuntime", "OnePointConfig", "OnePointContracts", "OnePointDomain", "OnePointKafka", "OnePointState", "OnePointTestSupport",
                grdb, logging,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OnePointFaultTests",
            dependencies: [
                "OnePointFault", "OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointState", "OnePointKafka",
                "OnePointTestSupport", grdb, lifecycle, logging,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OnePointCutoverTests",
            dependencies: [
                "OnePointCutover", "OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointKafka", "OnePointTestSupport",
                grdb, logging,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OnePointReportingTests",
            dependencies: [
                "OnePointReporting", "OnePointRuntime", "OnePointContracts", "OnePointConfig", "OnePointDomain", "OnePointKafka", "OnePointTestSupport",
                grdb, logging, prometheus, lifecycle,
            ],
            swiftSettings: strict),
    ]
)
