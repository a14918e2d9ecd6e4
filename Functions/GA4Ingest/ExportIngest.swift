#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import BigQuery
import GA4
import HTTP
import IdentifierHashing
import LambdaRuntime

/// What an export invocation did, day by day.
struct ExportRunResult: Encodable, Sendable {
    struct Day: Encodable, Sendable {
        var property: String
        var date: String
        /// `written`, `unchanged`, `notExportedYet`, `inProgress`, `continued` or `failed`.
        var outcome: String
        var table: String?
        var run: Int64?
        var rows: Int64?
        var files: Int?
        var location: String?
        /// `created`, `moved` or `noTable` when a Glue database is configured.
        var partition: String?
        var error: String?
    }

    var status = "complete"
    var source = "bigquery-export"
    var days: [Day] = []
    /// The function a continuation was sent to, when the run stopped at the deadline.
    var continuedIn: String?
}

/// The BigQuery export source: the days an event asks for, one after another in this invocation, each read by
/// `ExportDayReader`. When the deadline nears, the run sends itself the rest as an asynchronous invocation (the
/// current day's cursor is in S3), so a long backfill or a large day goes on without a scheduler.
///
/// Why self-invocation and not a Step Functions Map over streams: a standard property exports at most about a
/// million events a day (well under an invocation's 15 minutes at the reader's speed), so one invocation reads a
/// day's streams one after another and a continuation is needed only for large days and backfills. That keeps the
/// whole source in one function with one IAM role and one event format, testable end to end under the Runtime
/// Interface Emulator; a state machine would add a second deployable, its own IAM and a service with no faithful
/// local emulator, for parallelism the daily volume does not need.
struct ExportIngest: Sendable {
    let configuration: GA4IngestConfiguration
    let export: ExportConfiguration
    let s3: S3Client
    let google: GoogleAccess
    let secrets: SecretsManagerClient
    let http: HTTPClient
    let catalog: ExportPartitionCatalog?
    let lambda: LambdaClient
    /// `GA4_EXPORT_CONTINUATION_FUNCTION`, else the ARN the function was invoked with.
    let continuationFunction: String?
    var now: @Sendable () -> Date = { Date() }

    var layout: ExportLakeLayout {
        ExportLakeLayout(eventsPrefix: export.eventsPrefix, hashedPrefix: export.hashedPrefix, statePrefix: export.statePrefix)
    }

    func run(_ request: ExportRequest, context: LambdaContext) async throws -> ExportRunResult {
        let days = try request.days(exported: export.properties, lookbackDays: export.lookbackDays, now: now())
        let tokens = try await google.bigQueryTokens()
        let reader = ExportDayReader(
            bucket: configuration.bucket, export: export, layout: layout, s3: s3,
            tables: BigQueryTablesClient(http: http, tokens: tokens, configuration: .init(baseURL: export.restBaseURL, pageSize: export.pageRows)),
            storage: BigQueryReadClient(http: http, tokens: tokens, configuration: .init(endpoint: export.storageEndpoint)),
            catalog: catalog, hasher: try await hasher(), deadlineMargin: configuration.deadlineMargin, now: now)
        var result = ExportRunResult()
        context.logger.info("GA4 export run", ["days": .int(days.count), "resume": .bool(request.resume != nil)])
        for (index, day) in days.enumerated() {
            if index > 0 && context.remainingTime < configuration.deadlineMargin {
                try await continueLater(ExportRequest(force: request.force, pending: Array(days[index...])), result: &result, context: context)
                return result
            }
            guard let property = export.properties.first(where: { $0.id == day.property }) else {
                throw InvalidEventError("property \(day.property.number) is not in GA4_EXPORT_DATASETS")
            }
            var entry = ExportRunResult.Day(property: day.property.number, date: day.date.isoString, outcome: "failed")
            do {
                let outcome = try await reader.read(
                    day, property: property, resume: index == 0 && request.resume != nil, force: request.force ?? false, context: context)
                switch outcome {
                case .notExportedYet(let table):
                    entry.outcome = "notExportedYet"
                    entry.table = table
                    context.logger.info("the export table does not exist yet; the next schedule looks again", ["table": .string(table)])
                case .unchanged(let state):
                    entry.outcome = "unchanged"
                    entry.table = state.table
                    entry.run = state.lastModifiedTime
                    entry.location = state.location
                case .written(let state, let partition):
                    entry.outcome = "written"
                    entry.table = state.table
                    entry.run = state.lastModifiedTime
                    entry.rows = state.rows
                    entry.files = state.files
                    entry.location = state.location
                    entry.partition = partition?.rawValue
                    context.logger.info("export day written", [
                        "day": .string(day.description), "rows": .int(Int(state.rows)), "files": .int(state.files),
                        "location": .string(state.location),
                    ])
                case .inProgress(let cursor):
                    entry.outcome = "inProgress"
                    entry.table = cursor.table
                    entry.run = cursor.run
                    context.logger.info("a continuation of this day's run is under way; it is left to it", [
                        "day": .string(day.description), "stoppedAt": .string(cursor.stoppedAt),
                    ])
                case .stopped(let cursor):
                    entry.outcome = "continued"
                    entry.table = cursor.table
                    entry.run = cursor.run
                    result.days.append(entry)
                    try await continueLater(
                        ExportRequest(force: request.force, resume: day, pending: Array(days[(index + 1)...])), result: &result, context: context)
                    return result
                }
            } catch let error as GA4IngestError {
                // One day's failure does not hold up the others; the invocation still fails at the end.
                entry.error = error.description
                context.logger.error("export day failed", ["day": .string(day.description), "error": .string(error.description)])
            }
            result.days.append(entry)
        }
        let failed = result.days.filter { $0.outcome == "failed" }
        if let first = failed.first {
            throw GA4IngestError(
                .data, "\(failed.count) of \(result.days.count) export days failed; first: property \(first.property) \(first.date): \(first.error ?? "")")
        }
        return result
    }

    /// The identifier hasher, with its HMAC key from Secrets Manager (SecretBinary, or SecretString in Base64)
    /// when the configuration asks for HMAC. The key is read per invocation, so a rotated key applies at once.
    private func hasher() async throws -> IdentifierHasher? {
        guard let hashing = export.identifierHashing else { return nil }
        var key: HMACKey?
        if hashing.usesHMAC, let arn = export.hmacKeySecretARN {
            let secret: SecretValue
            do {
                secret = try await secrets.getSecretValue(arn)
            } catch {
                throw GA4IngestError(.credentials, "cannot read the identifier HMAC key from \(arn): \(error.description)")
            }
            guard let bytes = secret.SecretBinary ?? secret.SecretString.flatMap({ Data(base64Encoded: $0) }) else {
                throw GA4IngestError(.credentials, "secret \(arn) holds no HMAC key (SecretBinary, or Base64 text in SecretString)")
            }
            do {
                key = try HMACKey(bytes: bytes)
            } catch {
                throw GA4IngestError(.credentials, "secret \(arn): \(error)")
            }
        }
        do {
            return try IdentifierHasher(configuration: hashing, hmacKey: key)
        } catch {
            throw GA4IngestError(.credentials, "identifier hashing: \(error)")
        }
    }

    /// Sends the rest of the run to this function as an asynchronous event.
    private func continueLater(_ request: ExportRequest, result: inout ExportRunResult, context: LambdaContext) async throws {
        let function = continuationFunction ?? context.invokedFunctionARN
        struct Envelope: Encodable { var export: ExportRequest }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = try encoder.encode(Envelope(export: request))
        let answer: LambdaInvocationResult
        do {
            answer = try await lambda.invoke(function: function, payload: payload, type: .event)
        } catch {
            throw GA4IngestError(.continuation, "cannot send the export continuation to \(function): \(error.description); invoke it with \(String(decoding: payload, as: UTF8.self))")
        }
        guard answer.succeeded else {
            throw GA4IngestError(.continuation, "Lambda refused the export continuation to \(function) (status \(answer.statusCode))")
        }
        result.status = "continued"
        result.continuedIn = function
        context.logger.warn("GA4 export continues in a new invocation", [
            "function": .string(function), "resume": .string(request.resume?.description ?? "-"), "pending": .int(request.pending?.count ?? 0),
        ])
    }
}
