#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import GA4
import LambdaRuntime

/// What a run did. `stopped` is a clean stop (quota or deadline): invoke the same event again to resume.
struct GA4IngestResult: Encodable, Sendable {
    var status: String
    var mode: IngestPlan.Mode
    var plannedRequests: Int
    var completedRequests: Int
    var partitionsWritten: Int
    /// Partitions newly added to the Glue catalog (those registered already are not counted).
    var partitionsRegistered: Int = 0
    var rowsWritten: Int
    var resumedFrom: Int?
    var stopReason: String?
    var next: IngestUnit?
    var cursor: String?
}

/// The answer of an invocation: a Data API run or an export run.
enum GA4IngestOutput: Encodable, Sendable {
    case reports(GA4IngestResult)
    case export(ExportRunResult)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .reports(let result): try result.encode(to: encoder)
        case .export(let result): try result.encode(to: encoder)
        }
    }
}

struct GA4IngestHandler: LambdaHandler {
    let configuration: GA4IngestConfiguration
    let reports: [ReportDefinition]
    let s3: S3Client
    let google: GoogleAccess
    let layout: LakeLayout
    /// Nil when `GA4_GLUE_DATABASE` is unset.
    let catalog: ReportPartitionCatalog?
    /// Nil when `GA4_EXPORT_DATASETS` is unset.
    let export: ExportIngest?
    /// The current time, for fetch stamps and whether a day is final (the window itself follows the event time).
    var now: @Sendable () -> Date = { Date() }

    func handle(_ event: GA4IngestEvent, context: LambdaContext) async throws -> GA4IngestOutput {
        do {
            if case .export(let request) = event {
                guard let export else {
                    throw InvalidEventError("an export event arrived but the export source is off (GA4_EXPORT_DATASETS is not set)")
                }
                return .export(try await export.run(request, context: context))
            }
            return .reports(try await run(event, context: context))
        } catch let error as GA4IngestError where error.kind == .credentials || error.kind == .authentication {
            // A fixed or rotated key is picked up by the next invocation.
            google.reset()
            throw error
        }
    }

    private func run(_ event: GA4IngestEvent, context: LambdaContext) async throws -> GA4IngestResult {
        let plan: IngestPlan
        switch event {
        case .scheduled(let time):
            plan = IngestPlan.scheduled(
                time: time, properties: configuration.properties, reports: reports, lookbackDays: configuration.lookbackDays)
        case .export:
            preconditionFailure("export events are handled by ExportIngest")
        case .backfill(let request):
            do {
                plan = try IngestPlan.backfill(
                    request, configured: configuration.properties, reports: reports, maxRequests: configuration.maxBackfillRequests)
            } catch {
                throw InvalidEventError(error.description)
            }
        }
        let cursorKey = layout.cursorKey(planFingerprint: plan.fingerprint)
        let cursorURI = "s3://\(configuration.bucket)/\(cursorKey)"
        let start = try await resumeIndex(plan: plan, cursorKey: cursorKey, cursorURI: cursorURI)
        let client = try await google.client()
        var result = GA4IngestResult(
            status: "complete", mode: plan.mode, plannedRequests: plan.units.count, completedRequests: start,
            partitionsWritten: 0, rowsWritten: 0, resumedFrom: start > 0 ? start : nil)
        context.logger.info("GA4 ingest run", [
            "mode": .string(plan.mode.rawValue), "plan": .string(plan.fingerprint), "requests": .int(plan.units.count),
            "resumeAt": .int(start),
        ])

        let metadata = try await validateNames(plan: plan, from: start, client: client)

        var tables = ReportPartitionCatalog.Tables()
        var index = start
        while index < plan.units.count {
            let unit = plan.units[index]
            if context.remainingTime < configuration.deadlineMargin {
                return try await stop(
                    &result, plan: plan, index: index, reason: "the invocation deadline is near (\(context.remainingTime) left)",
                    cursorKey: cursorKey, cursorURI: cursorURI, logger: context.logger)
            }
            let definition = reports.first { $0.name == unit.report }!
            let fetch: ReportFetch
            do {
                fetch = try await client.fetchReport(definition.request(for: unit.date), property: unit.propertyId)
            } catch {
                throw GA4IngestError(error, context: unit.label)
            }
            switch fetch {
            case .stopped(let stop, _):
                // An incomplete partition is never written: the unit is fetched whole when the run resumes.
                return try await self.stop(
                    &result, plan: plan, index: index, reason: stop.description, cursorKey: cursorKey, cursorURI: cursorURI,
                    logger: context.logger)
            case .complete(let report):
                let rows = try await write(
                    report, unit: unit, definition: definition, metadata: metadata[unit.propertyId], logger: context.logger)
                result.partitionsWritten += 1
                result.rowsWritten += rows
                if let catalog {
                    let outcome = try await catalog.register(
                        report: unit.report, property: unit.propertyId, date: unit.date,
                        location: "s3://\(configuration.bucket)/\(layout.partitionPrefix(report: unit.report, property: unit.propertyId, date: unit.date))",
                        tables: &tables, logger: context.logger)
                    if outcome == .created { result.partitionsRegistered += 1 }
                }
            }
            index += 1
            result.completedRequests = index
        }
        if start > 0 || plan.mode == .backfill {
            do {
                try await s3.deleteObject(bucket: configuration.bucket, key: cursorKey)
            } catch {
                throw GA4IngestError(.storage, "cannot delete the finished cursor \(cursorURI): \(error.description)")
            }
        }
        context.logger.info("GA4 ingest complete", [
            "partitions": .int(result.partitionsWritten), "registered": .int(result.partitionsRegistered),
            "rows": .int(result.rowsWritten),
        ])
        return result
    }

    /// Where to start: after the units a stored cursor says are done, or at the beginning.
    private func resumeIndex(plan: IngestPlan, cursorKey: String, cursorURI: String) async throws -> Int {
        let object: S3Object
        do {
            object = try await s3.getObject(bucket: configuration.bucket, key: cursorKey)
        } catch {
            if error.isNotFound { return 0 }
            throw GA4IngestError(.storage, "cannot read the cursor \(cursorURI): \(error.description)")
        }
        return try BackfillCursor.decode(object.body, source: cursorURI).resumeIndex(in: plan, source: cursorURI)
    }

    /// Checks every configured name against each property's metadata once per run, before any report quota
    /// is spent, so a misspelt metric fails with its name rather than as a 400 halfway through.
    private func validateNames(plan: IngestPlan, from start: Int, client: GA4DataClient) async throws -> [PropertyID: PropertyMetadata] {
        var checked: [PropertyID: PropertyMetadata] = [:]
        for unit in plan.units[start...] where checked[unit.propertyId] == nil {
            let used = reports.filter { definition in plan.units[start...].contains { $0.report == definition.name } }
            do {
                let metadata = try await client.getMetadata(property: unit.propertyId)
                try metadata.validate(used, property: unit.propertyId)
                checked[unit.propertyId] = metadata
            } catch {
                throw GA4IngestError(error, context: "checking the report definitions against \(unit.propertyId)")
            }
        }
        return checked
    }

    private func stop(
        _ result: inout GA4IngestResult, plan: IngestPlan, index: Int, reason: String, cursorKey: String, cursorURI: String,
        logger: Logger
    ) async throws -> GA4IngestResult {
        let cursor = BackfillCursor(
            plan: plan.fingerprint, mode: plan.mode, completedUnits: index, totalUnits: plan.units.count, next: plan.units[index],
            stoppedAt: RFC3339.format(now()), reason: reason)
        do {
            _ = try await s3.putObject(
                bucket: configuration.bucket, key: cursorKey, body: .data(try cursor.json()),
                options: S3PutOptions(contentType: "application/json"))
        } catch let error as AWSError {
            throw GA4IngestError(.storage, "cannot write the cursor \(cursorURI): \(error.description)")
        }
        result.status = "stopped"
        result.stopReason = reason
        result.next = plan.units[index]
        result.cursor = cursorURI
        logger.warn("GA4 ingest stopped early; invoke the same event again to resume", [
            "reason": .string(reason), "completed": .int(index), "planned": .int(plan.units.count),
            "next": .string(plan.units[index].label), "cursor": .string(cursorURI),
        ])
        return result
    }

    /// Lands the raw pages, then replaces the partition's Parquet object and its caveats. Returns the rows written.
    private func write(
        _ report: FetchedReport, unit: IngestUnit, definition: ReportDefinition, metadata: PropertyMetadata?, logger: Logger
    ) async throws -> Int {
        let fetchedAt = RFC3339.format(now())
        let stamp = fetchedAt.replacingColons
        var rawKeys: [String] = []
        for (index, page) in report.pages.enumerated() {
            let key = layout.rawPageKey(report: unit.report, property: unit.propertyId, date: unit.date, fetchStamp: stamp, page: index)
            let document = RawExchangeDocument.encode(
                report: unit.report, property: unit.propertyId, date: unit.date, fetchedAt: fetchedAt, page: page, pageIndex: index)
            try await put(key: key, body: document, contentType: "application/json")
            rawKeys.append(key)
        }

        let table: ReportTable
        do {
            if report.dimensionHeaders.isEmpty && report.metricHeaders.isEmpty {
                table = try Self.emptyTable(definition, metadata: metadata)
            } else {
                table = try ReportTable(report: report, derivedMetrics: definition.derivedMetrics)
            }
        } catch {
            throw GA4IngestError(error, context: unit.label)
        }
        let today = configuration.properties.first { $0.id == unit.propertyId }?.timeZone
            .localDate(atUnixSeconds: Int64(now().timeIntervalSince1970)) ?? unit.date
        let caveats = PartitionCaveats(
            report: unit.report, property: unit.propertyId, date: unit.date, fetchedAt: fetchedAt, caveats: report.caveats,
            isFinal: today.daysSinceEpoch - unit.date.daysSinceEpoch > 3, rawObjects: rawKeys)
        let caveatsJSON = try caveats.json()
        let parquet: [UInt8]
        do {
            parquet = try ReportParquetEncoder.encode(table, caveatsJSON: String(decoding: caveatsJSON, as: UTF8.self))
        } catch {
            throw GA4IngestError(.data, "\(unit.label): cannot encode Parquet: \(error)")
        }
        let parquetKey = layout.parquetKey(report: unit.report, property: unit.propertyId, date: unit.date)
        try await put(key: parquetKey, body: Data(parquet), contentType: "application/vnd.apache.parquet")
        try await put(
            key: layout.caveatsKey(report: unit.report, property: unit.propertyId, date: unit.date), body: caveatsJSON,
            contentType: "application/json")
        if let timeZone = report.caveats.timeZone,
            let configured = configuration.properties.first(where: { $0.id == unit.propertyId }), configured.timeZoneName != timeZone
        {
            logger.warn("the property reports in another time zone than configured; its lookback days may be off by one", [
                "property": .string(unit.propertyId.number), "reported": .string(timeZone), "configured": .string(configured.timeZoneName),
            ])
        }
        logger.info("partition written", [
            "key": .string(parquetKey), "rows": .int(table.rowCount), "pages": .int(report.pages.count),
            "thresholded": .bool(report.caveats.subjectToThresholding), "otherRow": .bool(report.caveats.dataLossFromOtherRow),
            "sampled": .bool(report.caveats.isSampled),
        ])
        return table.rowCount
    }

    /// An answer without headers (a day with no data) still replaces the partition, with the columns the
    /// report always has: metric types from the property's metadata.
    static func emptyTable(_ definition: ReportDefinition, metadata: PropertyMetadata?) throws(GA4Error) -> ReportTable {
        let metricHeaders = definition.metrics.map { name in
            MetricHeader(name: name, type: metadata?.metric(named: name)?.type ?? .unspecified)
        }
        let rows = ReportRows(
            dimensions: definition.dimensions.map { _ in [] },
            metrics: metricHeaders.map { $0.type.isInteger ? .integer([]) : .double([]) }, count: 0)
        return try ReportTable(
            dimensionHeaders: definition.dimensions.map(DimensionHeader.init(name:)), metricHeaders: metricHeaders, rows: rows,
            derivedMetrics: definition.derivedMetrics)
    }

    private func put(key: String, body: Data, contentType: String) async throws {
        do {
            _ = try await s3.upload(bucket: configuration.bucket, key: key, body: .data(body), options: S3PutOptions(contentType: contentType))
        } catch {
            throw GA4IngestError(.storage, "cannot write s3://\(configuration.bucket)/\(key): \(error.description)")
        }
    }
}
