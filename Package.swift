// swift-tools-version: 6.0
import PackageDescription

// Every Lambda executable is linked with these flags: with the CGlibcCompat target they bind each glibc function
// to a version glibc 2.26 has and add the libraries glibc 2.26 keeps them in, so one bootstrap built on Debian 12
// loads on provided.al2 (glibc 2.26) and provided.al2023 (glibc 2.34). The flags are generated from the build
// machine's glibc (scripts/glibc-compat/generate.py); `make check-deployable` verifies every packaged bootstrap.
#if arch(x86_64)
let lambdaLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["@\(Context.packageDirectory)/Shared/CGlibcCompat/glibc-compat-link-flags.txt"], .when(platforms: [.linux])),
]
#else
let lambdaLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--wrap=hypot", "-Xlinker", "--wrap=hypotf"], .when(platforms: [.linux])),
    // std::condition_variable::wait from Foundation (for a function that links Foundation): see CGlibcCompat.c.
    .unsafeFlags(["-Xlinker", "--wrap=_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE"], .when(platforms: [.linux])),
]
#endif

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
        .executable(name: "S3Validation", targets: ["S3Validation"]),
        .executable(name: "AppFlowRegistration", targets: ["AppFlowRegistration"]),
        .executable(name: "MySQLUpsert", targets: ["MySQLUpsert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims
        .target(name: "CCurl", path: "Shared/CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CGlibcCompat", path: "Shared/CGlibcCompat", exclude: ["glibc-compat-link-flags.txt"]),
        .target(name: "CHeapTuning", path: "Shared/CHeapTuning"),
        .target(name: "CZlib", path: "Shared/CZlib", linkerSettings: [.linkedLibrary("z")]),
        // ISA-L's fast inflate for gzip inputs, loaded with dlopen (the package bundles it in lib/; nothing linked).
        .target(name: "CIsal", path: "Shared/CIsal", linkerSettings: [.linkedLibrary("dl")]),
        // Static: provided.al2023 has no libzstd.so.1 (libzstd-dev ships the archive).
        .target(name: "CZstd", path: "Shared/CZstd", linkerSettings: [.linkedLibrary(":libzstd.a")]),
        .target(name: "CPrefetch", path: "Shared/CPrefetch"),
        .target(name: "CByteScan", path: "Shared/CByteScan"),
        // Static: provided.al2023 has no libyaml (libyaml-dev ships the archive).
        .target(name: "CYAML", path: "Shared/CYAML", linkerSettings: [.linkedLibrary(":libyaml.a")]),
        // Static: provided.al2023 has no libbz2.so.1 (libbz2-dev ships the archive).
        .target(name: "CBzip2", path: "Shared/CBzip2", linkerSettings: [.linkedLibrary(":libbz2.a")]),
        // TCP + TLS for the MySQL protocol on the host's OpenSSL, loaded with dlopen (nothing linked).
        .target(name: "CTLSSocket", path: "Shared/CTLSSocket", linkerSettings: [.linkedLibrary("dl")]),
        // Static like CZstd, so the Parquet reader's LZ4_RAW and BROTLI codecs need nothing on provided.al2023.
        .target(name: "CLz4", path: "Shared/CLz4", linkerSettings: [.linkedLibrary(":liblz4.a")]),
        .target(
            name: "CBrotli", path: "Shared/CBrotli",
            linkerSettings: [.linkedLibrary(":libbrotlidec.a"), .linkedLibrary(":libbrotlicommon.a")]),

        // Shared modules
        .target(name: "HTTP", dependencies: ["CCurl"], path: "Shared/HTTP", swiftSettings: swiftSettings),
        .target(name: "JSONText", path: "Shared/JSONText", swiftSettings: swiftSettings),
        // Days since 1970-01-01 and back, in the proleptic Gregorian calendar SQL, Parquet and BigQuery count in.
        .target(name: "Gregorian", path: "Shared/Gregorian", swiftSettings: swiftSettings),
        // YAML documents (data contracts) through libyaml, without Foundation.
        .target(name: "YAML", dependencies: ["CYAML"], path: "Shared/YAML", swiftSettings: swiftSettings),
        // The protocol buffers wire format, read strictly from untrusted bytes and written (KPL aggregates, gRPC).
        .target(name: "ProtocolBuffers", path: "Shared/ProtocolBuffers", swiftSettings: swiftSettings),
        // gzip/zstd/bzip2 detected from magic bytes, streamed, bounded against bombs (S3Validation, MySQLUpsert).
        .target(name: "Decompression", dependencies: ["CIsal", "CZlib", "CZstd", "CBzip2"], path: "Shared/Decompression", swiftSettings: swiftSettings),
        // Streaming CSV / escaped pipe-delimited text / JSON lines reader (S3Validation, MySQLUpsert).
        // The reader's buffers are touched per byte and never overlap; runtime exclusivity checks cost ~20 % of a
        // validation pass (measured with perf), as in Parquet.
        .target(
            name: "DelimitedText", dependencies: ["CByteScan", "JSONText"], path: "Shared/DelimitedText",
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // ODCS data contracts: the model read from YAML (libyaml), the rules, their streaming evaluation and the report.
        .target(
            name: "DataContracts", dependencies: ["CPrefetch", "Decompression", "DelimitedText", "Gregorian", "JSONText", "Parquet", "YAML"],
            path: "Shared/DataContracts", swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "LambdaEvents", dependencies: ["Gregorian", "JSONText"], path: "Shared/LambdaEvents", swiftSettings: swiftSettings),
        .target(name: "LambdaRuntime", dependencies: ["HTTP", "JSONText", "CHeapTuning"], path: "Shared/LambdaRuntime", swiftSettings: swiftSettings),
        .target(
            name: "AWS",
            dependencies: ["HTTP", "JSONText", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/AWS",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Parquet",
            dependencies: ["CZlib", "CZstd", "CPrefetch", "CLz4", "CBrotli"],
            path: "Shared/Parquet",
            // The encoder's buffers are class properties touched per value; their accesses never overlap, and
            // the runtime exclusivity checks would cost more than the encoding itself.
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // Avro schemas and binary rows (the BigQuery Storage Read API's row format), bounds-checked on hostile bytes.
        .target(
            name: "Avro", dependencies: ["JSONText"], path: "Shared/Avro",
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // The GA4 BigQuery export's Parquet table (its own nested shape plus promoted columns), written from Avro rows.
        .target(
            name: "GA4Export",
            dependencies: ["Avro", "Parquet", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/GA4Export",
            swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(
            name: "GA4",
            dependencies: [
                "Gregorian",
                "HTTP",
                "JSONText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/GA4",
            swiftSettings: swiftSettings
        ),

        // Normalization and hashing of identifiers for the Clean Rooms table of the GA4 export (rule sets, E.164
        // numbering-plan facts, SHA-256 / HMAC-SHA-256, the table's Parquet schema).
        .target(
            name: "IdentifierHashing",
            dependencies: ["JSONText", "Parquet", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/IdentifierHashing",
            swiftSettings: swiftSettings
        ),
        // BigQuery Storage Read API (gRPC over libcurl HTTP/2) and the REST tables API; Google auth from GA4.
        .target(
            name: "BigQuery", dependencies: ["Gregorian", "HTTP", "JSONText", "GA4", "ProtocolBuffers"], path: "Shared/BigQuery",
            swiftSettings: swiftSettings),

        .target(
            name: "Clickstream",
            dependencies: ["Gregorian", "LambdaEvents", "JSONText", "ProtocolBuffers", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/Clickstream",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "MySQL",
            dependencies: [
                "CTLSSocket", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/MySQL",
            swiftSettings: swiftSettings
        ),
        // The connection an invocation opens to RDS MySQL / RDS Proxy: IAM token or Secrets Manager secret.
        .target(name: "RDSMySQL", dependencies: ["AWS", "HTTP", "MySQL"], path: "Shared/RDSMySQL", swiftSettings: swiftSettings),
        // A Parquet file in S3 as the reader's byte source: ranged GETs pinned to one object version.
        .target(name: "S3ParquetSource", dependencies: ["AWS", "Parquet"], path: "Shared/S3ParquetSource", swiftSettings: swiftSettings),

        // Pipeline functions
        lambdaFunction("KinesisTransform", path: "Functions/KinesisTransform", dependencies: ["Clickstream", "AWS", "LambdaEvents", "Parquet", "JSONText"]),
        lambdaFunction("S3Validation", path: "Functions/S3Validation", dependencies: ["AWS", "DataContracts", "Decompression", "LambdaEvents", "JSONText", "Parquet", "S3ParquetSource"]),
        lambdaFunction("AthenaPartitions", path: "Functions/AthenaPartitions", dependencies: ["Clickstream", "AWS", "LambdaEvents"]),

        lambdaFunction(
            "MySQLUpsert", path: "Functions/MySQLUpsert",
            dependencies: ["AWS", "Gregorian", "HTTP", "MySQL", "RDSMySQL", "Parquet", "S3ParquetSource", "Decompression", "DelimitedText", "LambdaEvents", "JSONText"]),

        // Example function that proves the runtime; kept for runtime tests and benchmarks.
        lambdaFunction("Echo", path: "Examples/Echo", dependencies: []),
        lambdaFunction(
            "GA4Ingest", path: "Functions/GA4Ingest",
            dependencies: ["AWS", "GA4", "Parquet", "LambdaEvents", "JSONText", "BigQuery", "GA4Export", "IdentifierHashing", "Avro"]),
        lambdaFunction(
            "AppFlowRegistration", path: "Functions/AppFlowRegistration",
            dependencies: ["AWS", "GA4", "Clickstream", "LambdaEvents", .product(name: "Crypto", package: "swift-crypto")]),

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

        // Checks a host's path to MySQL (TLS, OpenSSL in use, login); also runs the OpenSSL 1.0.2 test.
        .executableTarget(name: "MySQLCheck", dependencies: ["MySQL"], path: "Tools/MySQLCheck", swiftSettings: swiftSettings),

        // Benchmarks
        .executableTarget(
            name: "ParquetBench",
            dependencies: ["Parquet"],
            path: "bench/parquet/ParquetBench",
            swiftSettings: swiftSettings
        ),

        // Parquet reader benchmark beside pyarrow's read_table (`make bench-parquet-read`).
        .executableTarget(
            name: "ParquetReadBench", dependencies: ["Parquet"], path: "bench/parquet/ParquetReadBench", swiftSettings: swiftSettings),

        // S3 upload benchmark beside boto3 (`make bench-aws`).
        .executableTarget(name: "AWSBench", dependencies: ["AWS", "HTTP"], path: "bench/aws/AWSBench", swiftSettings: swiftSettings),

        // Tests
        .target(
            name: "TestSupport", dependencies: ["HTTP", "CZlib", "CZstd", "CBzip2", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport"),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"], path: "Tests/JSONTextTests"),
        .testTarget(name: "GregorianTests", dependencies: ["Gregorian"], path: "Tests/GregorianTests"),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "TestSupport"], path: "Tests/YAMLTests"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], path: "Tests/HTTPTests"),
        .testTarget(
            name: "LambdaEventsTests", dependencies: ["LambdaEvents", "JSONText"], path: "Tests/LambdaEventsTests",
            exclude: ["Generators"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "HTTP", "TestSupport"], path: "Tests/LambdaRuntimeTests"),
        .testTarget(name: "AWSTests", dependencies: ["AWS"], path: "Tests/AWSTests", exclude: ["Fixtures"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "CZlib", "CZstd"], path: "Tests/ParquetTests"),
        .testTarget(name: "DecompressionTests", dependencies: ["Decompression", "TestSupport"], path: "Tests/DecompressionTests"),
        .testTarget(name: "DelimitedTextTests", dependencies: ["DelimitedText", "TestSupport"], path: "Tests/DelimitedTextTests"),
        .testTarget(name: "DataContractsTests", dependencies: ["DataContracts", "DelimitedText", "Parquet", "TestSupport"], path: "Tests/DataContractsTests"),
        .testTarget(name: "GA4Tests", dependencies: ["GA4"], path: "Tests/GA4Tests"),
        .testTarget(
            name: "ClickstreamTests", dependencies: ["Clickstream", "LambdaEvents", "CZlib", "ProtocolBuffers", "TestSupport"], path: "Tests/ClickstreamTests",
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KinesisTransformTests", dependencies: ["KinesisTransform", "Clickstream", "LambdaEvents", "LambdaRuntime", "TestSupport"],
            path: "Tests/KinesisTransformTests"),
        .testTarget(
            name: "AthenaPartitionsTests", dependencies: ["AthenaPartitions", "Clickstream", "LambdaEvents", "LambdaRuntime"],
            path: "Tests/AthenaPartitionsTests"),
        .testTarget(
            name: "S3ValidationTests", dependencies: ["S3Validation", "DataContracts", "LambdaRuntime"], path: "Tests/S3ValidationTests"),
        .testTarget(
            name: "GA4IngestTests", dependencies: ["GA4Ingest", "GA4", "AWS", "HTTP", "LambdaRuntime", "TestSupport"],
            path: "Tests/GA4IngestTests"),
        .testTarget(name: "PipelineOpsTests", dependencies: ["PipelineOps", "AWS", "LambdaEvents", "Clickstream"], path: "Tests/PipelineOpsTests"),
        .testTarget(
            name: "AppFlowRegistrationTests",
            dependencies: ["AppFlowRegistration", "AWS", "GA4", "LambdaEvents", "LambdaRuntime", "TestSupport"],
            path: "Tests/AppFlowRegistrationTests"),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "HTTP", "LambdaRuntime", "LambdaEvents", "AWS", "Parquet", "GA4", "Clickstream", "TestSupport",
                "MySQL", "RDSMySQL",
                // Parquet read from S3 by pinned ranged GETs (S3ObjectRangeReaderTests).
                "S3ParquetSource",
                // The export source's streamed Parquet upload, against moto's multipart API.
                "GA4Ingest",
                // SHA-256 and HMAC for the test SigV4 signer of the GA4 workload identity tests.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IntegrationTests"
        ),

        .testTarget(name: "MySQLTests", dependencies: ["MySQL", "TestSupport"], path: "Tests/MySQLTests"),
        .testTarget(
            name: "IdentifierHashingTests", dependencies: ["IdentifierHashing", "Parquet", "TestSupport"], path: "Tests/IdentifierHashingTests"),
        .testTarget(
            name: "MySQLUpsertTests", dependencies: ["MySQLUpsert", "MySQL", "Parquet", "Decompression", "DelimitedText", "LambdaRuntime", "TestSupport"],
            path: "Tests/MySQLUpsertTests"),
        .testTarget(name: "AvroTests", dependencies: ["Avro", "JSONText", "TestSupport"], path: "Tests/AvroTests"),
        .testTarget(name: "GA4ExportTests", dependencies: ["GA4Export", "Avro", "Parquet", "TestSupport"], path: "Tests/GA4ExportTests"),
        .testTarget(name: "ProtocolBuffersTests", dependencies: ["ProtocolBuffers"], path: "Tests/ProtocolBuffersTests"),
        .testTarget(
            name: "BigQueryTests", dependencies: ["BigQuery", "GA4", "HTTP", "ProtocolBuffers", "TestSupport"], path: "Tests/BigQueryTests"),

        // Benchmarks
        .executableTarget(name: "ValidationBench", dependencies: ["DataContracts", "Parquet"], path: "bench/validation/ValidationBench", swiftSettings: swiftSettings),
        // gzip inflate alone, zlib beside ISA-L (`make bench-inflate`).
        .executableTarget(name: "InflateBench", dependencies: ["Decompression"], path: "bench/decompression/InflateBench", swiftSettings: swiftSettings),
        .executableTarget(name: "MySQLBench", dependencies: ["MySQL"], path: "bench/mysql/MySQLBench", swiftSettings: swiftSettings),
        .executableTarget(name: "GA4Bench", dependencies: ["GA4", "Parquet"], path: "bench/ga4/GA4Bench", swiftSettings: swiftSettings),
        // Identifier normalize + hash beside hashlib + phonenumbers (`make bench-identifier-hashing`).
        .executableTarget(
            name: "IdentifierHashingBench", dependencies: ["IdentifierHashing"], path: "bench/identifier-hashing/IdentifierHashingBench",
            swiftSettings: swiftSettings),
        // The GA4 export's Avro-to-Parquet step beside fastavro + pyarrow (`make bench-ga4export`).
        .executableTarget(
            name: "GA4ExportBench", dependencies: ["GA4Export", "Parquet"], path: "bench/ga4export/GA4ExportBench",
            swiftSettings: swiftSettings),
        // Storage Read throughput beside google-cloud-bigquery-storage (`make bench-bigquery`), and one export stream
        // to Parquet beside google-cloud-bigquery-storage + fastavro + pyarrow (`make bench-ga4export-read`).
        .executableTarget(
            name: "BigQueryReadBench", dependencies: ["BigQuery", "GA4", "GA4Export", "HTTP", "Parquet"], path: "bench/bigquery/BigQueryReadBench", swiftSettings: swiftSettings),
    ]
)
