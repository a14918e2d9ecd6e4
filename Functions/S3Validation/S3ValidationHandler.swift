import AWS
import DataContracts
import JSONText
import LambdaEvents
import LambdaRuntime
import S3ParquetSource

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// S3 ObjectCreated (direct or through EventBridge) → each new object under `INCOMING_PREFIX` is validated
/// against its route's contract while it streams from S3, then moved to `validated/` or `quarantine/` with a
/// report beside it, and announced on SNS and EventBridge.
///
/// Idempotent per object version (the event's ETag), in this order, so that a crash or a re-delivered event
/// at any point is harmless:
/// 1. HEAD the source: gone or a different ETag → the event is stale (a newer version has its own event).
/// 2. A report for this ETag exists → an earlier delivery finished validating: only finish the move.
/// 3. GET pinned with `If-Match: <eTag>` while validating (an overwrite mid-stream fails the read).
/// 4. Copy pinned to the ETag (`x-amz-copy-source-if-match`), create-only; a 412 because the same version is
///    already there is success. Multipart copy at or above `MULTIPART_COPY_THRESHOLD_BYTES`.
/// 5. SNS and EventBridge notices (at least once; subscribers dedupe on `dedupeKey`).
/// 6. The report `<destination key>.validation.json`, its metadata naming the source ETag.
/// 7. Delete the source with `If-Match: <eTag>`: a newer upload under the key is never deleted.
struct S3ValidationHandler: ByteLambdaHandler {
    let configuration: S3ValidationConfiguration
    let s3: S3Client
    let sns: SNSClient?
    let eventBridge: EventBridgeClient?
    let catalog: ContractCatalog
    let metrics: MetricsLogger

    static let sourceETagMetadata = "source-etag"

    init(configuration: S3ValidationConfiguration, s3: S3Client, sns: SNSClient?, eventBridge: EventBridgeClient?) {
        self.configuration = configuration
        self.s3 = s3
        self.sns = sns
        self.eventBridge = eventBridge
        catalog = ContractCatalog(s3: s3, directory: configuration.contractsDirectory)
        metrics = MetricsLogger(namespace: configuration.metricsNamespace, dimensions: [("FunctionName", "S3Validation")])
    }

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let notification: S3ObjectNotification
        do {
            notification = try S3ObjectNotification.decode(from: event)
        } catch {
            throw InvalidEventError(error.description)
        }
        var summaries: [String] = []
        for object in notification.objects {
            let log: LogMetadata = ["bucket": .string(object.bucket), "key": .string(object.key)]
            guard object.isObjectCreated else {
                context.logger.info("skipped: not an object creation", log)
                continue
            }
            guard object.key.hasPrefix(configuration.incomingPrefix), !object.key.hasSuffix("/") else {
                context.logger.info("skipped: outside INCOMING_PREFIX", log)
                continue
            }
            if let outcome = try await process(object, context: context) {
                summaries.append(outcome.summaryJSON)
            }
        }
        return Data("{\"files\":[\(summaries.joined(separator: ","))]}".utf8)
    }

    /// One object; nil when the event was stale (object deleted or replaced since).
    func process(_ object: S3ObjectReference, context: LambdaContext) async throws -> ValidationOutcome? {
        var log: LogMetadata = ["bucket": .string(object.bucket), "key": .string(object.key)]
        let started = ContinuousClock.now
        // 1. The version the event names must still be there.
        guard let head = try await headIfPresent(bucket: object.bucket, key: object.key) else {
            context.logger.info("skipped: the object no longer exists (moved by an earlier delivery, or deleted)", log)
            return nil
        }
        guard let eTag = head.eTag else { throw InvalidEventError("S3 returned no ETag for s3://\(object.bucket)/\(object.key)") }
        if let expected = object.eTag, Self.bare(expected) != Self.bare(eTag) {
            log.entries.append(("eventETag", .string(expected)))
            log.entries.append(("currentETag", .string(eTag)))
            context.logger.info("skipped: the object was overwritten after this event; the newer version's event validates it", log)
            return nil
        }
        let relative = String(object.key.dropFirst(configuration.incomingPrefix.count))
        let destinations = [
            (ValidationOutcome.Decision.validated, configuration.validatedPrefix + relative),
            (ValidationOutcome.Decision.quarantine, configuration.quarantinePrefix + relative),
        ]
        // 2. Re-delivery after the report was written: finish the move only.
        for (decision, key) in destinations {
            let reportKey = key + ".validation.json"
            let existing = try await headIfPresent(bucket: configuration.processedBucket, key: reportKey)
            guard let report = existing, report.metadata[Self.sourceETagMetadata].map(Self.bare) == Self.bare(eTag) else { continue }
            context.logger.info("re-delivered event: the report exists; finishing the move", log)
            try await deleteSource(object, eTag: eTag, context: context)
            return ValidationOutcome(
                bucket: object.bucket, key: object.key, eTag: eTag, result: report.metadata["validation-result"] ?? "unknown", decision: decision,
                destinationBucket: configuration.processedBucket, destinationKey: key, reportKey: reportKey, rows: 0, failedChecks: [], redelivered: true,
                typedParquetKey: nil)
        }
        // 3. Validate while streaming.
        let validation = try await validate(object, eTag: eTag, size: head.contentLength, context: context)
        guard case .checked(let report, let notes, let contractLocation, let contractProblem, let typedFile) = validation else { return nil }
        let promoted = report.isPromoted && contractProblem == nil
        let decision: ValidationOutcome.Decision = promoted ? .validated : .quarantine
        let destinationKey = promoted ? destinations[0].1 : destinations[1].1
        let reportKey = destinationKey + ".validation.json"
        let resultText = contractProblem == nil ? report.outcome.rawValue : "error"
        // 4. The move's copy.
        try await copy(object, eTag: eTag, size: head.contentLength, contentType: head.contentType, to: destinationKey, context: context)
        // The typed Parquet of the passing rows, before the notices that announce it.
        var typed: TypedParquetResult?
        if promoted, let typedFile { typed = try await publish(typedFile, source: object, eTag: eTag, context: context) }
        let failedChecks = report.checks.filter { $0.outcome == .failed || $0.outcome == .error }.map(\.id) + (contractProblem.map { [$0.rule] } ?? [])
        let outcome = ValidationOutcome(
            bucket: object.bucket, key: object.key, eTag: eTag, result: resultText, decision: decision,
            destinationBucket: configuration.processedBucket, destinationKey: destinationKey, reportKey: reportKey, rows: report.rows,
            failedChecks: failedChecks, redelivered: false,
            typedParquetKey: typed.flatMap { $0.skipped == nil ? $0.key : nil })
        // 5. Notices.
        try await notify(outcome, context: context)
        // 6. The report.
        let document = ReportDocument(
            outcome: outcome, head: head, contractLocation: contractLocation, contractProblem: contractProblem, result: report, notes: notes, typedParquet: typed,
            startedAt: Date.now.addingTimeInterval(-Double((ContinuousClock.now - started).components.seconds)), finishedAt: Date.now)
        _ = try await s3.putObject(
            bucket: configuration.processedBucket, key: reportKey, body: .data(Data(document.json.utf8)),
            options: S3PutOptions(contentType: "application/json", metadata: [Self.sourceETagMetadata: Self.bare(eTag), "validation-result": resultText]))
        // 7. The source goes last.
        try await deleteSource(object, eTag: eTag, context: context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        metrics.emit([
            (promoted ? "FilesValidated" : "FilesQuarantined", 1, .count), ("RowsChecked", Double(report.rows), .count),
            ("BytesRead", Double(head.contentLength), .bytes), ("ValidationTime", milliseconds, .milliseconds),
        ], properties: [("key", object.key), ("result", resultText)])
        log.entries.append(("result", .string(resultText)))
        log.entries.append(("decision", .string(decision.rawValue)))
        log.entries.append(("rows", .int(report.rows)))
        log.entries.append(("failedChecks", .string(failedChecks.prefix(10).joined(separator: ","))))
        context.logger.info("file validated", log)
        return outcome
    }

    enum Validation {
        /// The object changed while it was read (412): the newer version's event validates it.
        case changed
        /// The verdict, input notes, the contract's location, and the contract's error when it was unusable.
        /// The typed output file is set when `PARQUET_OUTPUT_PREFIX` is (text uploads only).
        case checked(ValidationResult, [String], String, ContractError?, TypedParquetFile?)
    }

    /// Streams the object through its contract (Parquet: reads it by ranges, footer first). A missing or broken
    /// contract gives a result built from the contract error (the file is quarantined).
    func validate(_ object: S3ObjectReference, eTag: String, size: Int64, context: LambdaContext) async throws -> Validation {
        guard let route = configuration.route(for: object.key) else {
            let problem = ContractError(contract: "(none)", line: 0, rule: "CONTRACTS", message: "no contract route matches the key \(object.key)")
            return .checked(ValidationResult.contractUnusable(problem), [], "(none)", problem, nil)
        }
        let loaded: ContractCatalog.Loaded
        switch try await catalog.contract(at: route.location) {
        case .failure(let problem):
            context.logger.error("contract unusable", ["contract": .string(problem.contract), "line": .int(problem.line), "rule": .string(problem.rule), "error": .string(problem.message)])
            return .checked(ValidationResult.contractUnusable(problem), [], route.location.description, problem, nil)
        case .success(let value):
            loaded = value
        }
        guard let contractObject = loaded.contract.object(named: route.object) else {
            let problem = ContractError(contract: loaded.location, line: 0, rule: "schema",
                                        message: route.object.map { "no schema object named \($0)" } ?? "the contract has several schema objects; name one with #object in CONTRACTS")
            return .checked(ValidationResult.contractUnusable(problem), [], loaded.location, problem, nil)
        }
        let validation: FileValidation
        do {
            // Parquet carries its own types and layout, so one contract serves both an export's CSV and Parquet forms.
            let format: FileDialect.Format? = Self.isParquetKey(object.key) ? .parquet : nil
            validation = try FileValidation(
                contract: loaded.contract, object: contractObject, settings: configuration.settings, limits: configuration.decompressionLimits, format: format)
        } catch {
            return .checked(ValidationResult.contractUnusable(error), [], loaded.location, error, nil)
        }
        validation.expectedStoredBytes = size
        let typedFile = try typedParquetFile(for: validation, relativeKey: String(object.key.dropFirst(configuration.incomingPrefix.count)))
        do {
            if validation.readsParquet {
                let ranges = S3ObjectRangeReader(s3: s3, bucket: object.bucket, key: object.key, eTag: eTag, size: Int(size))
                let source = S3ParquetSource(object: ranges)
                // The reader pulls ranges with blocking reads: off the cooperative pool, while this task waits.
                nonisolated(unsafe) let reading = validation
                try await BlockingBridge.run { try reading.readParquet(source) }
                if let error = source.storageError { throw error }
                context.logger.debug("read by ranges", [
                    "requests": .int(ranges.requestCount), "bytes": .int(ranges.bytesFetched), "peakBufferedBytes": .int(validation.parquetPeakBufferedBytes),
                ])
            } else {
                _ = try await s3.getObject(bucket: object.bucket, key: object.key, ifMatch: eTag, into: ValidatingBodySink(validation: validation))
            }
        } catch let error as AWSError {
            guard error.objectChanged else { throw error }
            context.logger.info("skipped: the object changed while it was read; the newer version's event validates it",
                                ["bucket": .string(object.bucket), "key": .string(object.key)])
            return .changed
        }
        return .checked(validation.finish(), validation.notes, loaded.location, nil, typedFile)
    }

    func copy(_ object: S3ObjectReference, eTag: String, size: Int64, contentType: String?, to key: String, context: LambdaContext) async throws(AWSError) {
        let request = S3Client.ConditionalCopy(
            sourceBucket: object.bucket, sourceKey: object.key, sourceETag: eTag, sourceSize: size, bucket: configuration.processedBucket, key: key,
            options: S3PutOptions(contentType: contentType ?? "application/octet-stream", metadata: [Self.sourceETagMetadata: Self.bare(eTag)]),
            createOnly: true)
        do {
            let copied = try await s3.copy(request, multipartThreshold: configuration.multipartCopyThreshold, partSize: configuration.multipartCopyPartSize)
            context.logger.debug("copied", ["key": .string(key), "parts": .int(copied.parts)])
        } catch {
            guard error.status == 412 else { throw error }
            // The destination exists: the same version from an earlier delivery is done; an older version's copy
            // is replaced by this newer upload.
            let existing = try await s3.headObject(bucket: configuration.processedBucket, key: key)
            if existing.metadata[Self.sourceETagMetadata].map(Self.bare) == Self.bare(eTag) { return }
            var replace = request
            replace.createOnly = false
            _ = try await s3.copy(replace, multipartThreshold: configuration.multipartCopyThreshold, partSize: configuration.multipartCopyPartSize)
        }
    }

    func deleteSource(_ object: S3ObjectReference, eTag: String, context: LambdaContext) async throws(AWSError) {
        do {
            try await s3.deleteObject(bucket: object.bucket, key: object.key, ifMatch: eTag)
        } catch {
            guard error.status == 412 || error.isNotFound else { throw error }
            context.logger.info("source kept: a newer upload replaced it", ["key": .string(object.key)])
        }
    }

    func notify(_ outcome: ValidationOutcome, context: LambdaContext) async throws {
        let summary = outcome.summaryJSON
        if let sns, let topic = configuration.topicARN, outcome.decision == .quarantine || configuration.notifyOnSuccess {
            let subject = String("S3Validation \(outcome.result): \(outcome.key)".prefix(99))
            _ = try await sns.publish(topicARN: topic, message: summary, subject: subject, attributes: [
                "result": .string(outcome.result), "decision": .string(outcome.decision.rawValue), "dedupeKey": .string(outcome.dedupeKey),
            ])
        }
        if let eventBridge, let bus = configuration.eventBusName {
            _ = try await eventBridge.putEvents([EventBridgeEntry(
                source: configuration.eventSource, detailType: outcome.decision == .validated ? "File Validated" : "File Quarantined",
                detail: summary, eventBusName: bus, resources: ["arn:aws:s3:::\(outcome.destinationBucket)/\(outcome.destinationKey)"])])
        }
    }

    func headIfPresent(bucket: String, key: String) async throws(AWSError) -> S3ObjectInfo? {
        do {
            return try await s3.headObject(bucket: bucket, key: key)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
    }

    /// Keys named as Parquet files (`.parquet`, `.parq`, any case) are read as Parquet whatever the contract's format.
    static func isParquetKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasSuffix(".parquet") || lower.hasSuffix(".parq")
    }

    static func bare(_ eTag: String) -> String { eTag.filter { $0 != "\"" } }
}
