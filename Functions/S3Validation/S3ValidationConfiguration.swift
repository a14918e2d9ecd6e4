import DataContracts
import Decompression
import LambdaRuntime

/// Settings from the environment, validated at init (a bad value stops the function at init with the
/// variable's name, never at the first file).
struct S3ValidationConfiguration: Sendable {
    /// `INCOMING_PREFIX` (default `incoming/`): keys under it are validated; others are skipped. The S3 trigger
    /// filters on it too, so the function's own writes never trigger it.
    let incomingPrefix: String
    /// `VALIDATED_PREFIX` (default `validated/`) and `QUARANTINE_PREFIX` (default `quarantine/`): where passing
    /// and failing files go, under the same relative key, with the report beside them.
    let validatedPrefix: String
    let quarantinePrefix: String
    /// `PROCESSED_DATA_BUCKET` (required): the bucket the validated and quarantined files and reports go to
    /// (may be the upload bucket).
    let processedBucket: String
    /// `CONTRACTS` (required): `<key prefix>=<contract>[#<schema object>]`, comma-separated; the longest matching
    /// prefix wins. A contract is `s3://bucket/key.yaml` (re-read when its ETag changes) or `bundled:<file>.yaml`
    /// (from `CONTRACTS_DIR`, default `$LAMBDA_TASK_ROOT/contracts`).
    let contracts: [ContractRoute]
    let contractsDirectory: String
    /// `SNS_TOPIC_ARN` (optional): notices go there; `NOTIFY_ON_SUCCESS` (default false) adds passing files.
    let topicARN: String?
    let notifyOnSuccess: Bool
    /// `EVENT_BUS_NAME` (default `default`; `none` disables) and `EVENT_SOURCE` (default `pipeline.s3validation`):
    /// where `File Validated` / `File Quarantined` events go.
    let eventBusName: String?
    let eventSource: String
    /// `MULTIPART_COPY_THRESHOLD_BYTES` (default 5,000,000,000; 5 MiB to 5 GB) and `MULTIPART_COPY_PART_BYTES`
    /// (default 512 MiB; 5 MiB to 5 GiB): objects this large are copied with UploadPartCopy.
    let multipartCopyThreshold: Int64
    let multipartCopyPartSize: Int64
    /// `MAX_DECOMPRESSION_RATIO` (default 1000) and `MAX_DECOMPRESSED_BYTES` (default 64 GiB).
    let decompressionLimits: DecompressionLimits
    /// `UNIQUENESS_MAX_KEYS` (default 10,000,000), `REPORT_FAILING_ROWS` (default 20), `DIMENSION_THRESHOLDS`
    /// (`name=fraction,…` over the defaults completeness 0.95, accuracy 0.98, consistency 0.99, validity and
    /// conformity 0.97, uniqueness 1.0).
    let settings: ValidationSettings
    /// `METRICS_NAMESPACE` (default `Pipeline/S3Validation`).
    let metricsNamespace: String
    /// `PARQUET_OUTPUT_PREFIX` (optional): the rows of a promoted CSV or JSON-lines file that pass every check
    /// are also written as typed Snappy Parquet to `<prefix><relative key, text extensions replaced>.parquet` in
    /// `PROCESSED_DATA_BUCKET` (the validated prefix itself puts it beside the original). Nil disables it.
    let parquetOutputPrefix: String?
    /// Where the typed output is assembled before its upload (`TMPDIR`, default `/tmp`).
    let scratchDirectory: String

    struct ContractRoute: Sendable, Equatable {
        var prefix: String
        var location: ContractLocation
        var object: String?
    }

    enum ContractLocation: Sendable, Equatable, CustomStringConvertible {
        case s3(bucket: String, key: String)
        case bundled(file: String)

        var description: String {
            switch self {
            case .s3(let bucket, let key): "s3://\(bucket)/\(key)"
            case .bundled(let file): "bundled:\(file)"
            }
        }
    }

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        incomingPrefix = try environment.keyPrefix("INCOMING_PREFIX", default: "incoming/")
        validatedPrefix = try environment.keyPrefix("VALIDATED_PREFIX", default: "validated/")
        quarantinePrefix = try environment.keyPrefix("QUARANTINE_PREFIX", default: "quarantine/")
        for (name, prefix) in [("VALIDATED_PREFIX", validatedPrefix), ("QUARANTINE_PREFIX", quarantinePrefix)]
        where prefix.hasPrefix(incomingPrefix) || incomingPrefix.hasPrefix(prefix) {
            throw ConfigurationError(variable: name, problem: "\(prefix) overlaps INCOMING_PREFIX \(incomingPrefix): the function would trigger itself")
        }
        processedBucket = try environment.required("PROCESSED_DATA_BUCKET")
        contracts = try Self.parseRoutes(try environment.required("CONTRACTS"))
        contractsDirectory = environment.string("CONTRACTS_DIR", default: (environment["LAMBDA_TASK_ROOT"] ?? ".") + "/contracts")
        topicARN = environment["SNS_TOPIC_ARN"].flatMap { $0.isEmpty ? nil : $0 }
        if let topicARN, !topicARN.hasPrefix("arn:") {
            throw ConfigurationError(variable: "SNS_TOPIC_ARN", problem: "\"\(topicARN)\" is not an ARN")
        }
        notifyOnSuccess = try environment.boolean("NOTIFY_ON_SUCCESS", default: false)
        let bus = environment.string("EVENT_BUS_NAME", default: "default")
        eventBusName = bus == "none" || bus.isEmpty ? nil : bus
        eventSource = environment.string("EVENT_SOURCE", default: "pipeline.s3validation")
        guard !eventSource.isEmpty, !eventSource.hasPrefix("aws.") else {
            throw ConfigurationError(variable: "EVENT_SOURCE", problem: "must be non-empty and must not start with aws.")
        }
        let mib = 1 << 20
        multipartCopyThreshold = Int64(try environment.integer("MULTIPART_COPY_THRESHOLD_BYTES", default: 5_000_000_000, range: (5 * mib)...5_000_000_000))
        multipartCopyPartSize = Int64(try environment.integer("MULTIPART_COPY_PART_BYTES", default: 512 * mib, range: (5 * mib)...(5 << 30)))
        decompressionLimits = DecompressionLimits(
            maxRatio: Int64(try environment.integer("MAX_DECOMPRESSION_RATIO", default: 1000, range: 10...1_000_000)),
            maxOutputBytes: Int64(try environment.integer("MAX_DECOMPRESSED_BYTES", default: 64 << 30, range: mib...(1 << 50))))
        var thresholds = ValidationSettings.defaultDimensionThresholds
        for item in environment.string("DIMENSION_THRESHOLDS", default: "").split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let value = Double(parts[1]), (0...1).contains(value), !parts[0].isEmpty else {
                throw ConfigurationError(variable: "DIMENSION_THRESHOLDS", problem: "\"\(item)\" is not dimension=fraction (0 to 1)")
            }
            thresholds[parts[0].lowercased()] = value
        }
        settings = ValidationSettings(
            maximumUniqueKeys: try environment.integer("UNIQUENESS_MAX_KEYS", default: 10_000_000, range: 1...200_000_000),
            failingRowLimit: try environment.integer("REPORT_FAILING_ROWS", default: 20, range: 0...1000),
            dimensionThresholds: thresholds)
        metricsNamespace = environment.string("METRICS_NAMESPACE", default: "Pipeline/S3Validation")
        if let text = environment["PARQUET_OUTPUT_PREFIX"], !text.isEmpty {
            let prefix = try environment.keyPrefix("PARQUET_OUTPUT_PREFIX", default: "")
            guard !prefix.isEmpty, !prefix.hasPrefix(incomingPrefix), !incomingPrefix.hasPrefix(prefix) else {
                throw ConfigurationError(variable: "PARQUET_OUTPUT_PREFIX", problem: "\(prefix) is empty or overlaps INCOMING_PREFIX \(incomingPrefix): the function would trigger itself")
            }
            parquetOutputPrefix = prefix
        } else {
            parquetOutputPrefix = nil
        }
        scratchDirectory = environment.string("TMPDIR", default: "/tmp")
    }

    static func parseRoutes(_ text: String) throws(ConfigurationError) -> [ContractRoute] {
        var routes: [ContractRoute] = []
        for item in text.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ConfigurationError(variable: "CONTRACTS", problem: "\"\(item)\" is not <key prefix>=<contract>")
            }
            var target = parts[1]
            var object: String?
            if let hash = target.firstIndex(of: "#") {
                object = String(target[target.index(after: hash)...])
                target = String(target[..<hash])
            }
            let location: ContractLocation
            if target.hasPrefix("s3://") {
                let rest = target.dropFirst(5)
                guard let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex else {
                    throw ConfigurationError(variable: "CONTRACTS", problem: "\"\(target)\" is not s3://bucket/key")
                }
                location = .s3(bucket: String(rest[..<slash]), key: String(rest[rest.index(after: slash)...]))
            } else if target.hasPrefix("bundled:") {
                let file = String(target.dropFirst("bundled:".count))
                guard !file.isEmpty, !file.contains("/"), !file.hasPrefix(".") else {
                    throw ConfigurationError(variable: "CONTRACTS", problem: "\"\(file)\" must be a file name in the contracts directory")
                }
                location = .bundled(file: file)
            } else {
                throw ConfigurationError(variable: "CONTRACTS", problem: "\"\(target)\" must start with s3:// or bundled:")
            }
            routes.append(ContractRoute(prefix: parts[0], location: location, object: object))
        }
        guard !routes.isEmpty else { throw ConfigurationError(variable: "CONTRACTS", problem: "no contract routes") }
        return routes.sorted { $0.prefix.count > $1.prefix.count }
    }

    /// The typed Parquet output's key for the relative key of an upload: compression and text extensions
    /// (`.gz .zst .zstd .bz2`, then `.csv .tsv .txt .psv .json .jsonl .ndjson`) give way to `.parquet`.
    func parquetOutputKey(relative: String) -> String? {
        guard let parquetOutputPrefix else { return nil }
        var stem = Substring(relative)
        for group in [[".gz", ".zst", ".zstd", ".bz2"], [".csv", ".tsv", ".txt", ".psv", ".json", ".jsonl", ".ndjson"]] {
            let name = stem.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
            if let suffix = group.first(where: { name.lowercased().hasSuffix($0) && name.count > $0.count }) { stem = stem.dropLast(suffix.count) }
        }
        return parquetOutputPrefix + stem + ".parquet"
    }

    /// The route for a key: the longest configured prefix it starts with.
    func route(for key: String) -> ContractRoute? { contracts.first { key.hasPrefix($0.prefix) } }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
