import AWS
import HTTP
import JSONText
import LambdaEvents
import LambdaRuntime
import MySQL
import RDSMySQL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// S3 ObjectCreated (direct or through EventBridge) for Redshift UNLOAD output → the rows of each part file are
/// upserted into the route's MySQL table through RDS Proxy.
///
/// - A part under a `parts` route is loaded when it lands; under a `manifest` route it is skipped, and the manifest's
///   event loads every entry once all are in S3 (a missing one fails the invocation, so Lambda retries later).
/// - Each part is read by ranged GETs pinned to the version checked by HEAD (a stale event is skipped).
/// - Rows are upserted in batches (`INSERT ... ON DUPLICATE KEY UPDATE`), so a re-delivered event or a retry leaves
///   the same table. Rows that cannot be written go to `<REJECTS_PREFIX><key>.rejects.jsonl` with line and reason.
/// - A summary goes to SNS on rejects (and on any failure, which is then thrown so Lambda retries and finally
///   hands the event to the on-failure destination); EMF metrics per object.
struct MySQLUpsertHandler: ByteLambdaHandler {
    let configuration: MySQLUpsertConfiguration
    let s3: S3Client
    let sns: SNSClient?
    let aws: AWSConfiguration
    let http: HTTPClient
    let metrics: MetricsLogger
    /// Set once the server refused the staged method (`UPSERT_METHOD=staged`); kept for the container's life.
    let stagedFallback = StagedMethodFallback()

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let notification: S3ObjectNotification
        do {
            notification = try S3ObjectNotification.decode(from: event)
        } catch {
            throw InvalidEventError(error.description)
        }
        var loads: [String] = []
        var skipped: [String] = []
        for object in notification.objects {
            let log: LogMetadata = ["bucket": .string(object.bucket), "key": .string(object.key)]
            func skip(_ reason: String) {
                context.logger.info("skipped: \(reason)", log)
                skipped.append("{\"source\":\(JSONString.quoted("s3://\(object.bucket)/\(object.key)")),\"reason\":\(JSONString.quoted(reason))}")
            }
            guard object.isObjectCreated else { skip("not an object creation"); continue }
            guard !object.key.hasSuffix("/") else { skip("a folder marker"); continue }
            guard let route = configuration.routes.route(for: object.key) else {
                throw MySQLUpsertFailure(.noRoute, "no route in UPSERT_ROUTES matches the key s3://\(object.bucket)/\(object.key)")
            }
            let isManifest = UnloadManifest.isManifestKey(object.key)
            switch (isManifest, route.trigger) {
            case (true, .parts):
                skip("a manifest under a route that loads parts as they land")
            case (false, .manifest):
                skip("a part under a route that loads parts when their manifest lands")
            case (false, .parts), (true, .manifest):
                do {
                    guard let outcome = try await process(object, route: route, isManifest: isManifest, context: context) else {
                        skip("the object no longer exists or was replaced since the event (the newer version has its own event)")
                        continue
                    }
                    loads.append(outcome.json)
                } catch let failure as MySQLUpsertFailure {
                    await notifyFailure(failure, object: object, context: context)
                    throw failure
                }
            }
        }
        return Data("{\"loads\":[\(loads.joined(separator: ","))],\"skipped\":[\(skipped.joined(separator: ","))]}".utf8)
    }

    /// Loads the part, or every part of the manifest; nil when the event was stale.
    func process(_ object: S3ObjectReference, route: UnloadRoute, isManifest: Bool, context: LambdaContext) async throws -> LoadOutcome? {
        let started = ContinuousClock.now
        guard let head = try await headIfPresent(bucket: object.bucket, key: object.key) else { return nil }
        guard let eTag = head.eTag else { throw MySQLUpsertFailure(.storage, "S3 returned no ETag for s3://\(object.bucket)/\(object.key)") }
        if let expected = object.eTag, Self.bare(expected) != Self.bare(eTag) { return nil }
        let source = "s3://\(object.bucket)/\(object.key)"
        var parts: [UnloadPart]
        var columns = route.columns
        if isManifest {
            let manifest = try await readManifest(object, eTag: eTag, size: head.contentLength)
            parts = try await manifestParts(manifest, location: source, route: route)
            if columns == nil && !route.format.namesColumns {
                guard let names = manifest.columnNames else {
                    throw MySQLUpsertFailure(.mapping, "\(source): the route names no columns, the files have no header and the manifest no schema (UNLOAD ... MANIFEST VERBOSE)")
                }
                columns = names
            }
        } else {
            parts = [UnloadPart(object: reader(bucket: object.bucket, key: object.key, eTag: eTag, size: head.contentLength), expectedRecords: nil)]
        }
        var results: [PartResult]
        do {
            results = try await load(parts, route: route, columns: columns)
        } catch {
            logFallback(context)
            throw error
        }
        logFallback(context)
        for index in results.indices {
            try await storeRejects(&results[index])
        }
        let outcome = LoadOutcome(
            source: source, eTag: Self.bare(eTag), table: (route.database ?? configuration.connector.database ?? "") + "." + route.table,
            trigger: isManifest ? "manifest" : "part", parts: results)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        metrics.emit([
            ("FilesLoaded", Double(results.count), .count), ("RowsRead", Double(outcome.total(\.rowsRead)), .count),
            ("RowsInserted", Double(outcome.total(\.inserted)), .count), ("RowsUpdated", Double(outcome.total(\.updated)), .count),
            ("RowsUnchanged", Double(outcome.total(\.unchanged)), .count), ("RowsRejected", Double(outcome.total(\.rejected)), .count),
            ("Batches", Double(outcome.total(\.batches)), .count), ("BatchRetries", Double(outcome.total(\.retries)), .count),
            ("LoadTime", milliseconds, .milliseconds),
        ], properties: [("source", source), ("table", outcome.table)])
        var log: LogMetadata = ["source": .string(source), "table": .string(outcome.table)]
        for (name, field) in LoadOutcome.counters { log.entries.append((name, .int(outcome.total(field)))) }
        context.logger.info("loaded", log)
        if let sns, let topic = configuration.topicARN, outcome.hasProblems || configuration.notifyOnSuccess {
            let result = outcome.hasProblems ? "rejects" : "loaded"
            _ = try await sns.publish(
                topicARN: topic, message: outcome.json, subject: String("MySQLUpsert \(result): \(object.key)".prefix(99)),
                attributes: ["result": .string(result), "dedupeKey": .string(outcome.dedupeKey)])
        }
        return outcome
    }

    func reader(bucket: String, key: String, eTag: String, size: Int64) -> S3ObjectRangeReader {
        S3ObjectRangeReader(s3: s3, bucket: bucket, key: key, eTag: eTag, size: Int(size))
    }

    func readManifest(_ object: S3ObjectReference, eTag: String, size: Int64) async throws -> UnloadManifest {
        let location = "s3://\(object.bucket)/\(object.key)"
        guard size <= UnloadManifest.maximumBytes else {
            throw MySQLUpsertFailure(.input, "manifest \(location): \(size) bytes, over the \(UnloadManifest.maximumBytes)-byte limit")
        }
        let sink = ManifestBodySink()
        do {
            _ = try await s3.getObject(bucket: object.bucket, key: object.key, ifMatch: eTag, into: sink)
        } catch {
            throw MySQLUpsertFailure(.storage, "reading manifest \(location): \(error)")
        }
        do {
            return try UnloadManifest.parse(sink.bytes, location: location)
        } catch {
            throw MySQLUpsertFailure(.input, error.description)
        }
    }

    /// Every entry, checked: in the manifest's bucket under the route's prefix (a manifest cannot point the function
    /// at other data), present, and of the size the manifest records.
    func manifestParts(_ manifest: UnloadManifest, location: String, route: UnloadRoute) async throws -> [UnloadPart] {
        guard let manifestBucket = UnloadManifest.s3Location(location)?.0 else { return [] }
        var parts: [UnloadPart] = []
        for entry in manifest.entries {
            let url = "s3://\(entry.bucket)/\(entry.key)"
            guard entry.bucket == manifestBucket, entry.key.hasPrefix(route.prefix), !UnloadManifest.isManifestKey(entry.key) else {
                throw MySQLUpsertFailure(.input, "manifest \(location) lists \(url), which is not a part under s3://\(manifestBucket)/\(route.prefix)")
            }
            guard let head = try await headIfPresent(bucket: entry.bucket, key: entry.key), let eTag = head.eTag else {
                throw MySQLUpsertFailure(.incompleteUnload, "manifest \(location) lists \(url), which is not in S3 (yet); nothing was loaded")
            }
            if let length = entry.contentLength, length != head.contentLength {
                throw MySQLUpsertFailure(.incompleteUnload, "manifest \(location) gives \(url) \(length) bytes, S3 has \(head.contentLength); nothing was loaded")
            }
            parts.append(UnloadPart(object: reader(bucket: entry.bucket, key: entry.key, eTag: eTag, size: head.contentLength), expectedRecords: entry.recordCount))
        }
        return parts
    }

    /// The one line that says the staged method was refused and why (once per container).
    func logFallback(_ context: LambdaContext) {
        guard let reason = stagedFallback.reasonToLog() else { return }
        context.logger.warn(
            "UPSERT_METHOD=staged: the server refused LOAD DATA LOCAL, so this and later loads use multi-row INSERT ... ON DUPLICATE KEY UPDATE (odku); no rows were lost or doubled",
            ["reason": .string(reason)])
    }

    /// Connects (the IAM token or secret is fetched here, in async code) and loads on a thread of its own.
    func load(_ parts: [UnloadPart], route: UnloadRoute, columns: [String]?) async throws -> [PartResult] {
        let connector = configuration.connector
        var connection: MySQLConnectionConfiguration
        do {
            connection = try await connector.configuration(aws: aws, http: http)
        } catch {
            throw MySQLUpsertFailure(.database, "credentials for \(connector.host): \(error)")
        }
        // CLIENT_LOCAL_FILES is offered only for the staged method, and only until the server has refused it.
        connection.localInfile = stagedFallback.method(configured: configuration.writerOptions.method) == .staged
        let loader = UnloadLoader(
            route: route, columns: columns, options: configuration.writerOptions, limits: configuration.decompressionLimits,
            chunkBytes: configuration.chunkBytes, maxRejectedRows: configuration.maxRejectedRows, fallback: stagedFallback)
        let (aws, http, configured) = (self.aws, self.http, connection)
        do {
            return try await BlockingBridge.run {
                let session = try MySQLSession(configuration: configured, connector: connector, aws: aws, http: http)
                defer { session.close() }
                return try parts.map { try loader.load($0, session: session) }
            }
        } catch let failure as MySQLUpsertFailure {
            throw failure
        } catch let error as MySQLError {
            throw MySQLUpsertFailure(.database, "connecting to \(connector.host):\(connector.port): \(error)")
        } catch {
            throw MySQLUpsertFailure(.database, "\(error)")
        }
    }

    /// The rejects object reflects the last load of the part: written when there are rejects, removed when a
    /// corrected upload has none. Its key follows the part's, so a retry overwrites it.
    func storeRejects(_ result: inout PartResult) async throws {
        let bucket = configuration.rejectsBucket ?? result.bucket
        let key = configuration.rejectsPrefix + result.key + ".rejects.jsonl"
        do {
            if result.rejectsText.isEmpty {
                try await s3.deleteObject(bucket: bucket, key: key)
            } else {
                _ = try await s3.putObject(
                    bucket: bucket, key: key, body: .data(Data(result.rejectsText.utf8)),
                    options: S3PutOptions(contentType: "application/x-ndjson", metadata: ["source-etag": Self.bare(result.eTag)]))
                result.rejectsLocation = "s3://\(bucket)/\(key)"
            }
        } catch {
            if result.rejectsText.isEmpty && error.isNotFound { return }
            throw MySQLUpsertFailure(.storage, "writing the rejects of \(result.location): \(error)")
        }
        result.rejectsText = ""
    }

    /// The failure notice; a failure to send it is logged, never hides the failure itself.
    func notifyFailure(_ failure: MySQLUpsertFailure, object: S3ObjectReference, context: LambdaContext) async {
        guard let sns, let topic = configuration.topicARN else { return }
        let source = "s3://\(object.bucket)/\(object.key)"
        let message = "{\"source\":\(JSONString.quoted(source)),\"result\":\"failed\",\"errorType\":\(JSONString.quoted(failure.errorType)),\"error\":\(JSONString.quoted(failure.errorMessage))}"
        do {
            _ = try await sns.publish(
                topicARN: topic, message: message, subject: String("MySQLUpsert failed: \(object.key)".prefix(99)),
                attributes: ["result": .string("failed"), "errorType": .string(failure.errorType)])
        } catch {
            context.logger.error("the failure notice could not be sent", ["error": .string(error.description), "source": .string(source)])
        }
    }

    func headIfPresent(bucket: String, key: String) async throws -> S3ObjectInfo? {
        do {
            return try await s3.headObject(bucket: bucket, key: key)
        } catch {
            if error.isNotFound { return nil }
            throw MySQLUpsertFailure(.storage, "HEAD s3://\(bucket)/\(key): \(error)")
        }
    }

    static func bare(_ eTag: String) -> String { String(eTag.filter { $0 != "\"" }) }
}

/// Keeps a manifest's bytes (bounded by the size checked before the GET).
final class ManifestBodySink: HTTPResponseBodySink, @unchecked Sendable {
    private(set) var bytes: [UInt8] = []
    func responseStarted(status: Int, headers: HTTPHeaders) throws {
        if status == 200 { bytes.removeAll() }
    }
    func write(_ chunk: UnsafeRawBufferPointer) throws {
        guard bytes.count + chunk.count <= UnloadManifest.maximumBytes else {
            throw UnloadManifestError(location: "", problem: "the manifest grew past \(UnloadManifest.maximumBytes) bytes while it was read")
        }
        bytes.append(contentsOf: chunk)
    }
}
