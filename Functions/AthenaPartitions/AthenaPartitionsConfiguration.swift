import AWS
import Clickstream
import LambdaRuntime

/// Settings from the environment, validated at init.
struct AthenaPartitionsConfiguration: Sendable {
    enum Registrar: String, Sendable {
        case athena, glue
    }

    /// `S3_BUCKET`: the data bucket; notifications for other buckets are skipped, and partition locations
    /// are built from this name, not from the event.
    let bucket: String
    /// `PARTITIONED_TABLES`: `table=prefix:hourly|daily`, comma-separated (default
    /// `clickstream_events=events/:hourly`).
    let tables: [PartitionedTable]
    /// `GLUE_DATABASE`: the catalog database of the tables.
    let database: String
    /// `PARTITION_REGISTRAR`: `athena` (ALTER TABLE ADD PARTITION) or `glue` (BatchCreatePartition); default glue.
    let registrar: Registrar
    /// `ATHENA_WORKGROUP` (default `primary`) and `ATHENA_OUTPUT_LOCATION` (an `s3://` URL; optional when the
    /// workgroup sets one), used by the Athena registrar.
    let workGroup: String
    let outputLocation: String?
    /// `ATHENA_TIMEOUT_SECONDS` (default 60): how long to wait for the DDL to finish.
    let athenaTimeoutSeconds: Int

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        bucket = try environment.required("S3_BUCKET")
        guard BucketName.isValid(bucket) else {
            throw ConfigurationError(variable: "S3_BUCKET", problem: "\"\(bucket)\" is not a valid S3 bucket name")
        }
        tables = try PartitionedTable.parseList(
            environment.string("PARTITIONED_TABLES", default: "clickstream_events=events/:hourly"), variable: "PARTITIONED_TABLES")
        database = try environment.required("GLUE_DATABASE")
        guard GlueIdentifier.isValid(database) else {
            throw ConfigurationError(variable: "GLUE_DATABASE", problem: "\"\(database)\" must be lower-case letters, digits and _")
        }
        registrar = Registrar(rawValue: try environment.choice("PARTITION_REGISTRAR", default: "glue", allowed: ["athena", "glue"]))!
        workGroup = environment.string("ATHENA_WORKGROUP", default: "primary")
        guard (1...128).contains(workGroup.utf8.count), workGroup.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
        }) else {
            throw ConfigurationError(variable: "ATHENA_WORKGROUP", problem: "\"\(workGroup)\" is not a workgroup name")
        }
        outputLocation = environment["ATHENA_OUTPUT_LOCATION"]
        if let outputLocation, !outputLocation.hasPrefix("s3://") {
            throw ConfigurationError(variable: "ATHENA_OUTPUT_LOCATION", problem: "\"\(outputLocation)\" is not an s3:// URL")
        }
        athenaTimeoutSeconds = try environment.integer("ATHENA_TIMEOUT_SECONDS", default: 60, range: 1...840)
    }
}
