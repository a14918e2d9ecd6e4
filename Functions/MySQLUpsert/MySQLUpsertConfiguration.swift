import Decompression
import LambdaRuntime
import MySQL
import RDSMySQL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Settings from the environment, validated at init (a bad value stops the function at init with the variable's
/// name, never at the first file).
struct MySQLUpsertConfiguration: Sendable {
    /// `UPSERT_ROUTES` (JSON) or `UPSERT_ROUTES_FILE` (a file, relative to `LAMBDA_TASK_ROOT` unless absolute):
    /// the key prefixes and their tables and formats (see `UnloadRouteTable`). Exactly one of them.
    let routes: UnloadRouteTable
    /// `DB_HOST` (the RDS Proxy endpoint), `DB_PORT` (default 3306), `DB_NAME` (the default database),
    /// `DB_AUTH` (`iam`, default: an IAM token for `DB_USER`; `secret`: the RDS-format secret `DB_SECRET_ID`),
    /// `DB_CA_BUNDLE` (optional PEM bundle; default the system store, which holds the proxy's Amazon roots),
    /// `DB_TIMEOUT_SECONDS` (default 30; connect and every read and write).
    let connector: RDSMySQLConnector
    /// `REJECTS_BUCKET` (default: the part's own bucket) and `REJECTS_PREFIX` (default `mysql-rejects/`): rejected
    /// rows go to `<prefix><part key>.rejects.jsonl`. The prefix must not be under a route's prefix.
    let rejectsBucket: String?
    let rejectsPrefix: String
    /// `MAX_REJECTED_ROWS` (default 100,000): more rejects in one file fail it.
    let maxRejectedRows: Int
    /// `SNS_TOPIC_ARN` (optional): a summary on rejects or failure; `NOTIFY_ON_SUCCESS` (default false) adds clean loads.
    let topicARN: String?
    let notifyOnSuccess: Bool
    /// `BATCH_ROWS` (default 10,000), `BATCH_BYTES` (default 1 MiB, capped by max_allowed_packet), `MAX_ATTEMPTS`
    /// (default 5, for deadlocks, lock-wait timeouts and lost connections), `UPSERT_METHOD` (`odku`, the default:
    /// multi-row `INSERT ... ON DUPLICATE KEY UPDATE`; `staged`: LOAD DATA LOCAL of each batch into a session
    /// temporary table, then `INSERT ... SELECT ... ON DUPLICATE KEY UPDATE`, falling back to `odku` when the server
    /// or proxy refuses LOAD DATA LOCAL; whether RDS Proxy passes it is not documented, hence opt-in).
    let writerOptions: MySQLUpsertWriter.Options
    /// `READ_CHUNK_BYTES` (default 8 MiB): the ranged-GET size for text files.
    let chunkBytes: Int
    /// `MAX_DECOMPRESSION_RATIO` (default 1000) and `MAX_DECOMPRESSED_BYTES` (default 64 GiB).
    let decompressionLimits: DecompressionLimits
    /// `METRICS_NAMESPACE` (default `Pipeline/MySQLUpsert`).
    let metricsNamespace: String

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        routes = try Self.routes(environment)
        let host = try environment.required("DB_HOST")
        let port = try environment.integer("DB_PORT", default: 3306, range: 1...65_535)
        let database = try environment.required("DB_NAME")
        let credentials: RDSMySQLConnector.Credentials
        var user: String?
        switch try environment.choice("DB_AUTH", default: "iam", allowed: ["iam", "secret"]) {
        case "iam":
            user = try environment.required("DB_USER")
            credentials = .iamToken
        default:
            user = environment["DB_USER"]
            credentials = .secretsManager(secretID: try environment.required("DB_SECRET_ID"))
        }
        let caBundle = environment["DB_CA_BUNDLE"]
        if let caBundle, !FileManager.default.fileExists(atPath: caBundle) {
            throw ConfigurationError(variable: "DB_CA_BUNDLE", problem: "no file at \(caBundle)")
        }
        connector = RDSMySQLConnector(
            host: host, port: port, user: user, database: database, credentials: credentials, tls: .verified(caBundlePath: caBundle),
            timeoutSeconds: try environment.integer("DB_TIMEOUT_SECONDS", default: 30, range: 1...900))
        rejectsBucket = environment["REJECTS_BUCKET"]
        let rejects = try environment.keyPrefix("REJECTS_PREFIX", default: "mysql-rejects/")
        guard !rejects.isEmpty else { throw ConfigurationError(variable: "REJECTS_PREFIX", problem: "must not be empty") }
        if let overlapping = routes.routes.first(where: { rejects.hasPrefix($0.prefix) || $0.prefix.hasPrefix(rejects) }) {
            throw ConfigurationError(variable: "REJECTS_PREFIX", problem: "\(rejects) overlaps the route prefix \(overlapping.prefix): the function would read its own rejects")
        }
        rejectsPrefix = rejects
        maxRejectedRows = try environment.integer("MAX_REJECTED_ROWS", default: 100_000, range: 0...10_000_000)
        topicARN = environment["SNS_TOPIC_ARN"]
        if let topicARN, !(topicARN.hasPrefix("arn:") && topicARN.split(separator: ":").count == 6 && topicARN.split(separator: ":")[2] == "sns") {
            throw ConfigurationError(variable: "SNS_TOPIC_ARN", problem: "\"\(topicARN)\" is not an SNS topic ARN")
        }
        notifyOnSuccess = try environment.boolean("NOTIFY_ON_SUCCESS", default: false)
        var options = MySQLUpsertWriter.Options()
        options.maxRowsPerBatch = try environment.integer("BATCH_ROWS", default: options.maxRowsPerBatch, range: 1...100_000)
        options.maxStatementBytes = try environment.integer(
            "BATCH_BYTES", default: options.maxStatementBytes, range: (64 << 10)...(1 << 30))
        options.maxAttempts = try environment.integer("MAX_ATTEMPTS", default: 5, range: 1...20)
        let methods = UpsertMethod.allCases.map(\.rawValue)
        options.method = UpsertMethod(rawValue: try environment.choice("UPSERT_METHOD", default: "odku", allowed: methods))!
        writerOptions = options
        chunkBytes = try environment.integer("READ_CHUNK_BYTES", default: 8 << 20, range: (64 << 10)...(256 << 20))
        decompressionLimits = DecompressionLimits(
            maxRatio: Int64(try environment.integer("MAX_DECOMPRESSION_RATIO", default: 1000, range: 10...1_000_000)),
            maxOutputBytes: Int64(try environment.integer("MAX_DECOMPRESSED_BYTES", default: 64 << 30, range: (1 << 20)...(1 << 50))))
        metricsNamespace = environment.string("METRICS_NAMESPACE", default: "Pipeline/MySQLUpsert")
    }

    private static func routes(_ environment: LambdaEnvironment) throws(ConfigurationError) -> UnloadRouteTable {
        let inline = environment["UPSERT_ROUTES"]
        let file = environment["UPSERT_ROUTES_FILE"]
        let variable: String
        let bytes: [UInt8]
        switch (inline, file) {
        case (let json?, nil):
            variable = "UPSERT_ROUTES"
            bytes = Array(json.utf8)
        case (nil, let name?):
            variable = "UPSERT_ROUTES_FILE"
            let path = name.hasPrefix("/") ? name : (environment["LAMBDA_TASK_ROOT"] ?? ".") + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(variable: variable, problem: "cannot read \(path)")
            }
            bytes = Array(data)
        case (nil, nil):
            throw ConfigurationError(variable: "UPSERT_ROUTES", problem: "is not set (nor UPSERT_ROUTES_FILE)")
        case (_?, _?):
            throw ConfigurationError(variable: "UPSERT_ROUTES", problem: "set only one of UPSERT_ROUTES and UPSERT_ROUTES_FILE")
        }
        do {
            return try UnloadRouteTable.parse(bytes, source: variable)
        } catch {
            throw ConfigurationError(variable: variable, problem: error.description)
        }
    }
}
