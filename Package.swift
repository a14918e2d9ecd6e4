// swift-tools-version: 6.0
import PackageDescription

// Every Lambda executable is linked with these flags: together with the CGlibcCompat target they pin the
// few libm symbols that a Debian 12 toolchain would otherwise bind to GLIBC_2.35, so the binaries load on
// Amazon Linux 2023 (glibc 2.34). `make check-deployable` verifies the result on every packaged bootstrap.
let lambdaLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--wrap=hypot", "-Xlinker", "--wrap=hypotf"], .when(platforms: [.linux])),
]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

func lambdaFunction(_ name: String, path: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies + ["LambdaRuntime", "CGlibcCompat"],
        path: path,
        swiftSettings: swiftSettings,
        linkerSettings: lambdaLinkerSettings
    )
}

let package = Package(
    name: "ga4-pipeline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "Echo", targets: ["Echo"]),
        .executable(name: "KinesisTransform", targets: ["KinesisTransform"]),
        .executable(name: "AthenaPartitions", targets: ["AthenaPartitions"]),
        .executable(name: "pipeline-ops", targets: ["PipelineOps"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims
        .target(name: "CCurl", path: "Shared/CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CGlibcCompat", path: "Shared/CGlibcCompat"),
        .target(name: "CHeapTuning", path: "Shared/CHeapTuning"),
        .target(name: "CZlib", path: "Shared/CZlib", linkerSettings: [.linkedLibrary("z")]),
        // Static: provided.al2023 has no libzstd.so.1 (libzstd-dev ships the archive).
        .target(name: "CZstd", path: "Shared/CZstd", linkerSettings: [.linkedLibrary(":libzstd.a")]),
        .target(name: "CPrefetch", path: "Shared/CPrefetch"),

        // Shared modules
        .target(name: "HTTP", dependencies: ["CCurl"], path: "Shared/HTTP", swiftSettings: swiftSettings),
        .target(name: "JSONText", path: "Shared/JSONText", swiftSettings: swiftSettings),
        .target(name: "LambdaEvents", dependencies: ["JSONText"], path: "Shared/LambdaEvents", swiftSettings: swiftSettings),
        .target(name: "LambdaRuntime", dependencies: ["HTTP", "JSONText", "CHeapTuning"], path: "Shared/LambdaRuntime", swiftSettings: swiftSettings),
        .target(
            name: "AWS",
            dependencies: ["HTTP", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/AWS",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Parquet",
            dependencies: ["CZlib", "CZstd", "CPrefetch"],
            path: "Shared/Parquet",
            // The encoder's buffers are class properties touched per value; their accesses never overlap, and
            // the runtime exclusivity checks would cost more than the encoding itself.
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(
            name: "GA4",
            dependencies: [
                "HTTP",
                "JSONText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/GA4",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Clickstream",
            dependencies: ["LambdaEvents", "JSONText", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/Clickstream",
            swiftSettings: swiftSettings
        ),

        // Pipeline functions
        lambdaFunction("KinesisTransform", path: "Functions/KinesisTransform", dependencies: ["Clickstream", "AWS", "LambdaEvents", "Parquet", "JSONText"]),
        lambdaFunction("AthenaPartitions", path: "Functions/AthenaPartitions", dependencies: ["Clickstream", "AWS", "LambdaEvents"]),

        // Example function that proves the runtime; kept for runtime tests and benchmarks.
        lambdaFunction("Echo", path: "Examples/Echo", dependencies: []),
        lambdaFunction("GA4Ingest", path: "Functions/GA4Ingest", dependencies: ["AWS", "GA4", "Parquet", "LambdaEvents", "JSONText"]),

        // Operator tools: re-drive dead letters, re-submit rejected records, start GA4 backfills.
        .executableTarget(
            name: "PipelineOps",
            dependencies: [
                "AWS", "HTTP", "LambdaEvents", "Clickstream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/PipelineOps",
            swiftSettings: swiftSettings
        ),

        // Benchmarks
        .executableTarget(
            name: "ParquetBench",
            dependencies: ["Parquet"],
            path: "bench/parquet/ParquetBench",
            swiftSettings: swiftSettings
        ),

        // S3 upload benchmark beside boto3 (`make bench-aws`).
        .executableTarget(name: "AWSBench", dependencies: ["AWS", "HTTP"], path: "bench/aws/AWSBench", swiftSettings: swiftSettings),

        // Tests
        .target(name: "TestSupport", dependencies: ["HTTP", .product(name: "Crypto", package: "swift-crypto")], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"], path: "Tests/JSONTextTests"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], path: "Tests/HTTPTests"),
        .testTarget(
            name: "LambdaEventsTests", dependencies: ["LambdaEvents", "JSONText"], path: "Tests/LambdaEventsTests",
            exclude: ["Generators"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "HTTP", "TestSupport"], path: "Tests/LambdaRuntimeTests"),
        .testTarget(name: "AWSTests", dependencies: ["AWS"], path: "Tests/AWSTests", exclude: ["Fixtures"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "CZlib", "CZstd"], path: "Tests/ParquetTests"),
        .testTarget(name: "GA4Tests", dependencies: ["GA4"], path: "Tests/GA4Tests"),
        .testTarget(
            name: "ClickstreamTests", dependencies: ["Clickstream", "LambdaEvents", "CZlib", "TestSupport"], path: "Tests/ClickstreamTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KinesisTransformTests", dependencies: ["KinesisTransform", "Clickstream", "LambdaEvents", "LambdaRuntime", "TestSupport"],
            path: "Tests/KinesisTransformTests"),
        .testTarget(
            name: "AthenaPartitionsTests", dependencies: ["AthenaPartitions", "Clickstream", "LambdaEvents", "LambdaRuntime"],
            path: "Tests/AthenaPartitionsTests"),
        .testTarget(
            name: "GA4IngestTests", dependencies: ["GA4Ingest", "GA4", "AWS", "HTTP", "LambdaRuntime", "TestSupport"],
            path: "Tests/GA4IngestTests"),
        .testTarget(name: "PipelineOpsTests", dependencies: ["PipelineOps", "AWS", "LambdaEvents", "Clickstream"], path: "Tests/PipelineOpsTests"),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "HTTP", "LambdaRuntime", "LambdaEvents", "AWS", "Parquet", "GA4", "Clickstream", "TestSupport",
                // SHA-256 and HMAC for the test SigV4 signer of the GA4 workload identity tests.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IntegrationTests"
        ),

        // Benchmarks
        .executableTarget(name: "GA4Bench", dependencies: ["GA4", "Parquet"], path: "bench/ga4/GA4Bench", swiftSettings: swiftSettings),
    ]
)
