// swift-tools-version:6.0
import PackageDescription

/// Every target is built in the Swift 6 language mode, which brings complete concurrency checking.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .executable(name: "ferry-simulator", targets: ["ferry-simulator"]),
        .library(name: "GraphSimulator", targets: ["GraphSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    ],
    targets: [
        // C libraries, each with a tiny header of typed shims for what Swift cannot import.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // What every stage shares: JSON values, the dataset schema model, errors.
        .target(name: "FerryCore", swiftSettings: strict),
        // The pipeline file and schema files: YAML with positions, ${VAR}, validation.
        .target(
            name: "FerryConfig",
            dependencies: ["FerryCore", "FerrySchedule", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // The extractor: libcurl transport, auth, paging, retries.
        .target(
            name: "FerryGraph",
            dependencies: [
                "CCurl", "FerryCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict),
        // Pseudonymization and schema projection.
        .target(
            name: "FerryTransform",
            dependencies: ["FerryCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Encoders, gzip, partitions, manifests and the commit protocol.
        .target(
            name: "FerryLoad",
            dependencies: ["CZlib", "FerryCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Durable state in SQLite: runs, watermarks, delta links, checkpoints.
        .target(
            name: "FerryState",
            dependencies: ["FerryCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // Cron expressions, intervals and the loop that fires pipelines on time.
        .target(name: "FerrySchedule", dependencies: ["FerryCore"], swiftSettings: strict),
        // Runs a pipeline through the stages.
        .target(
            name: "FerryRuntime",
            dependencies: [
                "FerryCore", "FerryConfig", "FerryGraph", "FerryTransform", "FerryLoad", "FerryState", "FerrySchedule",
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),  // SHA-256 of user ids for shards
            ],
            swiftSettings: strict),
        // Collaboration analytics over Ferry's own pseudonymized output: metrics, graph measures, privacy, report.
        .target(
            name: "FerryAnalyze",
            dependencies: ["FerryCore", "FerryLoad", .product(name: "Plot", package: "Plot")],
            swiftSettings: strict),
        // The synthetic tenant behind `ferry simulate`. It shares no code with the extractor it tests.
        .target(
            name: "GraphSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryRuntime", "FerryConfig", "FerryState", "FerryAnalyze",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // `ferry simulate`: the simulator in a program of its own, so that `ferry` links no HTTP server.
        .executableTarget(
            name: "ferry-simulator",
            dependencies: [
                "GraphSimulator", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // `make bench`'s yardsticks: a bare parallel fetch of a run's pages, and transform and load alone
        // through the runner's own page writer. Apart from `ferry`, which does not carry them.
        .executableTarget(
            name: "ferry-bench",
            dependencies: [
                "FerryRuntime", "FerryConfig", "FerryCore", "FerryGraph", "FerryTransform", "FerryLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Measures the simulator alone for `make bench`: start-up, memory, small requests per second.
        .executableTarget(
            name: "simulator-bench",
            dependencies: [
                "GraphSimulator", .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),

        // Writes `make bench`'s large pseudonymized export for `ferry analyze` directly (no Graph, no simulator).
        .executableTarget(
            name: "analyze-bench-input", dependencies: ["FerryCore", "FerryLoad"],
            // A script-like main.swift whose top-level helpers run on every core: Swift 5 mode keeps it one file.
            swiftSettings: strict + [.swiftLanguageMode(.v5)]),

        // What several test targets need: running programs without blocking Swift's cooperative threads,
        // temporary directories, a simulator that is always stopped.
        .target(
            name: "FerryTestSupport",
            dependencies: [
                "GraphSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/FerryTestSupport", swiftSettings: strict),
        .testTarget(name: "FerryCoreTests", dependencies: ["FerryCore"], swiftSettings: strict),
        .testTarget(name: "FerryConfigTests", dependencies: ["FerryConfig", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FerryGraphTests",
            dependencies: [
                "FerryGraph", "FerryTestSupport", "GraphSimulator", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FerryTransformTests", dependencies: ["FerryTransform", "FerryConfig", "FerryTestSupport", "GraphSimulator"],
            swiftSettings: strict),
        .testTarget(name: "FerryLoadTests", dependencies: ["FerryLoad", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FerryStateTests", dependencies: ["FerryState", "FerryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FerryScheduleTests", dependencies: ["FerrySchedule"], swiftSettings: strict),
        .testTarget(
            name: "GraphSimulatorTests",
            dependencies: [
                "GraphSimulator", "FerryTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FerryAnalyzeTests",
            dependencies: ["FerryAnalyze", "FerryCore", "FerryLoad", "FerryTestSupport", "GraphSimulator"],
            swiftSettings: strict),
        .testTarget(
            name: "FerryRuntimeTests",
            dependencies: [
                "FerryRuntime", "FerryState", "FerryTestSupport", "GraphSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Kubernetes", "Readers"],  // broken manifests and the readers' script, read by the tests
            swiftSettings: strict),
    ]
)
