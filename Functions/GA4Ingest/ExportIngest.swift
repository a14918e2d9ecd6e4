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
        /// Streams a fanned-out day was sent to (`fannedOut`), or the stream a stream invocation read.
        var streams: Int?
        var stream: Int?
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
/// A large day (`GA4_EXPORT_FAN_OUT_ROWS`) is fanned out: its read session's streams are read at once, each by an
/// invocation of its own that this run sends asynchronously (`ExportStreamTask`, see `ExportStreamFanOut`).
///
/// Why the function's own asynchronous invocations and not a Step Functions Map over the streams: the planning
/// step, the stream reads, their continuations at the deadline and the finishing check are all the same code and
/// the same state in S3 whether a day is read by one invocation or by one per stream, so fanning out is a few
/// asynchronous invokes rather than a second deployable. One function, one IAM role (it may invoke only itself),
/// one event format, and the whole path testable end to end under the Runtime Interface Emulator; Step Functions
/// has no faithful local emulator, and a Map state would add a state machine, its IAM, and a payload limit on the
/// stream list. What Lambda gives an asynchronous invocation (two retries, then the function's failure
/// destination) suits a stream that resumes from its saved offset. Standard properties export at most about a
/// million events a day, which one invocation reads in about a minute (BENCHMARKS.md), so fanning out is for 360 properties and backfills.
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

    /// Where intraday runs go: their own events prefix and state beside the daily ones; no hashed table.
    var intradayLayout: ExportLakeLayout {
        ExportLakeLayout(eventsPrefix: export.intradayPrefix, hashedPrefix: export.hashedPrefix, statePrefix: export.statePrefix + "intraday/")
    }

    /// A reader of `kind` tables (the daily and intraday readers share one Google token provider).
    private func makeReader(_ kind: ExportTableKind = .daily, tokens: any AccessTokenProvider) async throws -> ExportDayReader {
        var reader = ExportDayReader(
            bucket: configuration.bucket, export: export, layout: kind == .daily ? layout : intradayLayout, s3: s3,
            tables: BigQueryTablesClient(http: http, tokens: tokens, configuration: .init(baseURL: export.restBaseURL, pageSize: export.pageRows)),
            storage: BigQueryReadClient(http: http, tokens: tokens, configuration: .init(endpoint: export.storageEndpoint)),
            catalog: catalog, hasher: kind == .daily ? try await hasher() : nil, deadlineMargin: configuration.deadlineMargin, now: now)
        reader.kind = kind
        return reader
    }

    func run(_ request: ExportRequest, context: LambdaContext) async throws -> ExportRunResult {
        if let task = request.stream { return try await run(task, context: context) }
        let days = try request.days(exported: export.properties, lookbackDays: export.lookbackDays, now: now())
        let tokens = try await google.bigQueryTokens()
        let reader = try await makeReader(tokens: tokens)
        let intradayReader = export.intraday ? try await makeReader(.intraday, tokens: tokens) : nil
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
                let resume = index == 0 && request.resume != nil
                var outcome = try await reader.read(day, property: property, resume: resume, force: request.force ?? false, context: context)
                if case .notExportedYet(let table) = outcome {
                    context.logger.info("the export table does not exist yet; the next schedule looks again", ["table": .string(table)])
                    // Until it does, the intraday table (a continuation of this day resumes the intraday run).
                    if let intradayReader {
                        outcome = try await intradayReader.read(day, property: property, resume: resume, force: request.force ?? false, context: context)
                    }
                } else if case .written = outcome, let intradayReader {
                    try await intradayReader.removeDay(day, logger: context.logger)
                }
                switch outcome {
                case .notExportedYet(let table):
                    entry.outcome = "notExportedYet"
                    entry.table = table
                case .unchanged(let state):
                    entry.outcome = "unchanged"
                    entry.table = state.table
                    entry.run = state.lastModifiedTime
                    entry.location = state.location
                case .written(let state, let partition):
                    record(state, partition: partition, day: day, in: &entry, logger: context.logger)
                case .inProgress(let cursor):
                    entry.outcome = "inProgress"
                    entry.table = cursor.table
                    entry.run = cursor.run
                    context.logger.info("a continuation of this day's run is under way; it is left to it", [
                        "day": .string(day.description), "stoppedAt": .string(cursor.stoppedAt),
                    ])
                case .fannedOut(let plan):
                    entry.outcome = "fannedOut"
                    entry.table = plan.table
                    entry.run = plan.run
                    entry.streams = plan.streams.count
                    for index in plan.streams.indices {
                        let task = ExportStreamTask(day: day, run: plan.run, session: plan.session ?? "", index: index)
                        try await send(ExportRequest(stream: task), context: context)
                    }
                    context.logger.info("export day fanned out, one invocation per stream", [
                        "day": .string(day.description), "rows": .int(Int(plan.numRows)), "streams": .int(plan.streams.count),
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

    /// One stream of a fanned-out day (`ExportStreamTask`); a failure fails the invocation, and Lambda's retry of
    /// the asynchronous event resumes the stream at its saved offset.
    private func run(_ task: ExportStreamTask, context: LambdaContext) async throws -> ExportRunResult {
        guard let property = export.properties.first(where: { $0.id == task.day.property }) else {
            throw InvalidEventError("property \(task.day.property.number) is not in GA4_EXPORT_DATASETS")
        }
        var result = ExportRunResult()
        var entry = ExportRunResult.Day(property: task.day.property.number, date: task.day.date.isoString, outcome: "failed")
        entry.run = task.run
        entry.stream = task.index
        switch try await makeReader(tokens: try await google.bigQueryTokens()).read(task, property: property, context: context) {
        case .streamDone(let rows, let waiting):
            entry.outcome = "streamDone"
            entry.rows = rows
            context.logger.info("export stream read", ["task": .string(task.description), "rows": .int(Int(rows)), "waiting": .int(waiting)])
        case .written(let state, let partition):
            record(state, partition: partition, day: task.day, in: &entry, logger: context.logger)
        case .stopped(let next, let rows):
            entry.outcome = "continued"
            entry.rows = rows
            result.days.append(entry)
            try await continueLater(ExportRequest(stream: next), result: &result, context: context)
            return result
        case .superseded(let reason):
            entry.outcome = "superseded"
            context.logger.info("export stream task has nothing to do", ["task": .string(task.description), "reason": .string(reason)])
        }
        result.days.append(entry)
        return result
    }

    /// A day written: its entry in the response and its log line.
    private func record(
        _ state: ExportDayState, partition: ExportPartitionCatalog.Outcome?, day: ExportDay, in entry: inout ExportRunResult.Day, logger: Logger
    ) {
        entry.outcome = "written"
        entry.table = state.table
        entry.run = state.lastModifiedTime
        entry.rows = state.rows
        entry.files = state.files
        entry.location = state.location
        entry.partition = partition?.rawValue
        logger.info("export day written", [
            "day": .string(day.description), "rows": .int(Int(state.rows)), "files": .int(state.files), "location": .string(state.location),
        ])
    }

    /// Sends the rest of the run to this function as an asynchronous event.
    private func continueLater(_ request: ExportRequest, result: inout ExportRunResult, context: LambdaContext) async throws {
        let function = try await send(request, context: context)
        result.status = "continued"
        result.continuedIn = function
        context.logger.warn("GA4 export continues in a new invocation", [
            "function": .string(function), "resume": .string(request.resume?.description ?? request.stream?.description ?? "-"),
            "pending": .int(request.pending?.count ?? 0),
        ])
    }

    /// Invokes this function (or `GA4_EXPORT_CONTINUATION_FUNCTION`) asynchronously with `request`; returns its name.
    @discardableResult
    private func send(_ request: ExportRequest, context: LambdaContext) async throws -> String {
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
        return function
    }
}
