#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import BigQuery
import GA4
import GA4Export
import IdentifierHashing
import LambdaEvents
import LambdaRuntime
import Parquet

/// Copies one day of one property's GA4 export (`events_YYYYMMDD`) into the lake:
///
/// 1. `tables.get`: no table yet is a result ("not exported yet", tried again next schedule); a table whose
///    `lastModifiedTime` is the one the last completed run read is skipped.
/// 2. A read session at the table's `lastModifiedTime` as snapshot (so its rows are the `numRows` just read),
///    Avro, up to `GA4_EXPORT_MAX_STREAMS` streams; or `tabledata.list` pages with `GA4_EXPORT_READ_API=rest`.
/// 3. The streams one after another, each into `part-<stream>-<k>.parquet` under the run prefix
///    (`run=<lastModifiedTime>`), streamed to S3 while written.
/// 4. Σ rows == `numRows`, objects of an earlier attempt of the same run that this one did not write removed,
///    then the Glue partition pointed at the run, the day's state written, and the day's older runs removed
///    beyond `GA4_EXPORT_KEEP_RUNS` (`ExportRunRetention`).
///
/// A Storage Read day of at least `GA4_EXPORT_FAN_OUT_ROWS` rows with more than one stream is fanned out instead:
/// step 2 saves the session as the day's plan and the caller sends one `ExportStreamTask` per stream; each stream's
/// invocation (`read(_:property:context:)`) reads its stream alone and the one that finds every stream done does
/// step 4.
///
/// Before the Lambda deadline the open file is closed and a cursor (stream, offset, next file) saved; the caller
/// continues in a new invocation. Every key depends only on (day, run, stream, file), and a resumed stream starts
/// at the offset where the last closed file ended, so every row lands in exactly one object.
struct ExportDayReader {
    let bucket: String
    let export: ExportConfiguration
    let layout: ExportLakeLayout
    let s3: S3Client
    let tables: BigQueryTablesClient
    let storage: BigQueryReadClient
    let catalog: ExportPartitionCatalog?
    /// Nil when no identifier hashing is configured (no hashed table).
    let hasher: IdentifierHasher?
    let deadlineMargin: Duration
    let now: @Sendable () -> Date
    /// The daily table, or the intraday one (with its own `layout`, no hasher).
    var kind: ExportTableKind = .daily

    enum Outcome: Sendable {
        case notExportedYet(table: String)
        case unchanged(ExportDayState)
        case written(ExportDayState, partition: ExportPartitionCatalog.Outcome?)
        case stopped(ExportCursor)
        /// A continuation of this run stopped moments ago and is on its way: a second reader would cut the files
        /// at other offsets, so this one leaves the day to it.
        case inProgress(ExportCursor)
        /// The day's plan is saved; the caller sends one `ExportStreamTask` per stream.
        case fannedOut(ExportCursor)
    }

    /// What a stream invocation of a fanned-out day did.
    enum StreamOutcome: Sendable {
        /// The stream is read; `waiting` streams of the day are not done yet.
        case streamDone(rows: Int64, waiting: Int)
        /// This stream was the last: the day is finished.
        case written(ExportDayState, partition: ExportPartitionCatalog.Outcome?)
        /// Stopped at the deadline; the caller sends the task again.
        case stopped(ExportStreamTask, rows: Int64)
        /// The plan the task belongs to is gone (the day finished) or was replaced: nothing to do.
        case superseded(String)
    }

    /// How long a saved cursor marks its run as in progress for a new (not resuming) invocation.
    static let continuationGrace: Duration = .seconds(1_800)

    /// Reads `day`; `resume` continues from its saved cursor, `force` reads an unchanged table again.
    func read(
        _ day: ExportDay, property: ExportConfiguration.Property, resume: Bool, force: Bool, context: LambdaContext
    ) async throws -> Outcome {
        let reference: BigQueryTableReference
        do {
            reference = try property.table(day.date, kind: kind)
        } catch {
            throw GA4IngestError(.data, "\(day): \(error.description)")
        }
        let table: BigQueryTable
        do {
            switch try await tables.table(reference) {
            case .notExportedYet:
                return .notExportedYet(table: reference.description)
            case .found(let found):
                table = found
            }
        } catch {
            throw GA4IngestError(.api, "\(day): tables.get \(reference): \(error.description)")
        }

        var cursor: ExportCursor
        if resume, let saved = try await loadCursor(day), saved.fanOut != true, Self.canContinue(saved, lastModifiedTime: table.lastModifiedTime, now: now()) {
            cursor = saved
            cursor.continuations += 1
        } else {
            if !force, let state = try await loadState(day), state.lastModifiedTime == table.lastModifiedTime {
                return .unchanged(state)
            }
            if !resume, let saved = try await loadCursor(day), saved.run == table.lastModifiedTime,
                let stopped = RFC3339Timestamp.parse(saved.stoppedAt),
                now().timeIntervalSince(stopped) < Double(Self.continuationGrace.components.seconds)
            {
                return .inProgress(saved)
            }
            cursor = try await begin(day, reference: reference, table: table)
            if kind == .daily, export.fanOutRows > 0, cursor.readAPI == ExportConfiguration.ReadAPI.storage.rawValue, cursor.streams.count > 1,
                cursor.numRows >= export.fanOutRows
            {
                return .fannedOut(try await plan(cursor))
            }
        }
        context.logger.info("export day", [
            "day": .string(day.description), "table": .string(reference.description), "run": .int(Int(cursor.run)),
            "rows": .int(Int(cursor.numRows)), "streams": .int(cursor.streams.count), "stream": .int(cursor.stream),
            "offset": .int(Int(cursor.offset)), "continuations": .int(cursor.continuations),
        ])

        // At least one block per invocation before the deadline is looked at, so a run always moves forward.
        var progressed = false
        while cursor.stream < cursor.streams.count {
            if try await readStream(&cursor, reference: reference, table: table, progressed: &progressed, context: context) == false {
                try await save(cursor)
                return .stopped(cursor)
            }
            cursor.stream += 1
            cursor.offset = 0
            cursor.file = 0
        }
        let state = try await finish(cursor, day: day)
        return .written(state, partition: try await point(state, day: day, context: context))
    }

    /// Whether a saved cursor can be read on. A Storage Read session reads its snapshot even when the table changed
    /// since, until it expires (six hours); pages do not. Otherwise the run starts again from the beginning: its
    /// keys are the same, and what the new run does not rewrite is removed before the partition moves.
    static func canContinue(_ cursor: ExportCursor, lastModifiedTime: Int64, now: Date) -> Bool {
        guard cursor.readAPI == ExportConfiguration.ReadAPI.storage.rawValue else { return cursor.run == lastModifiedTime }
        guard let expires = cursor.sessionExpiresAt else { return true }
        return Double(expires) > now.timeIntervalSince1970 + 300
    }

    // MARK: starting a run

    private func begin(_ day: ExportDay, reference: BigQueryTableReference, table: BigQueryTable) async throws -> ExportCursor {
        let run = table.lastModifiedTime
        var cursor = ExportCursor(
            day: day, table: reference.description, run: run, numRows: table.numRows, readAPI: export.readAPI.rawValue, session: nil,
            streams: [], sessionExpiresAt: nil, avroSchema: "", stream: 0, offset: 0, file: 0, rowsByStream: [], keys: [],
            stoppedAt: "", continuations: 0)
        switch export.readAPI {
        case .storage:
            // The snapshot is the version tables.get described (its numRows), whatever GA4 writes meanwhile; one
            // millisecond on, since lastModifiedTime is the commit time cut to milliseconds.
            let snapshot = run + 1
            let session: ReadSession
            do {
                session = try await storage.createReadSession(
                    billingProject: export.billingProject, table: reference,
                    snapshotTime: ProtobufTimestamp(seconds: snapshot / 1000, nanos: Int32(snapshot % 1000) * 1_000_000),
                    maxStreamCount: Int32(export.maxStreams))
            } catch {
                throw GA4IngestError(.api, "\(day): CreateReadSession on \(reference): \(error.description)")
            }
            cursor.session = session.name
            cursor.streams = session.streams.map(\.name)
            cursor.sessionExpiresAt = session.expireTime?.seconds
            guard let schema = session.avroSchema, !schema.isEmpty || session.streams.isEmpty else {
                throw GA4IngestError(.data, "\(day): read session \(session.name) over \(reference) has no Avro schema")
            }
            cursor.avroSchema = schema
        case .rest:
            cursor.streams = ["tabledata.list"]
            do {
                cursor.avroSchema = try AvroSchemaJSON.make(table.schema)
            } catch {
                throw GA4IngestError(.data, "\(day): the schema of \(reference) has no Avro form: \(error)")
            }
        }
        cursor.rowsByStream = Array(repeating: 0, count: cursor.streams.count)
        return cursor
    }

    /// A stream's blocks; `table` (its schema) is needed for REST only.
    private func blocks(_ cursor: ExportCursor, reference: BigQueryTableReference, table: BigQueryTable?) -> any ExportBlockSource {
        if cursor.readAPI == ExportConfiguration.ReadAPI.rest.rawValue, let table {
            return TableDataBlockSource(client: tables, table: reference, schema: table.schema, startIndex: cursor.offset)
        }
        return StorageReadBlockSource(
            client: storage, stream: cursor.streams[cursor.stream], offset: cursor.offset,
            expireTime: cursor.sessionExpiresAt.map { ProtobufTimestamp(seconds: $0) })
    }

    // MARK: reading a stream

    /// One open Parquet file of a stream, and its twin in the hashed identifiers table.
    private final class OpenFile {
        let key: String
        let upload: ParquetObjectUpload
        let writer: GA4ExportParquetWriter
        let hashed: (key: String, upload: ParquetObjectUpload, writer: ParquetWriter)?
        var extractor: HashedIdentifierExtractor?

        init(key: String, upload: ParquetObjectUpload, writer: GA4ExportParquetWriter,
             hashed: (key: String, upload: ParquetObjectUpload, writer: ParquetWriter)?, extractor: HashedIdentifierExtractor?) {
            self.key = key
            self.upload = upload
            self.writer = writer
            self.hashed = hashed
            self.extractor = extractor
        }

        func abort() async {
            await upload.abort()
            await hashed?.upload.abort()
        }
    }

    /// Reads the cursor's stream to its end (true) or until the deadline is near (false, the cursor at the
    /// first row not yet in a closed file).
    func readStream(
        _ cursor: inout ExportCursor, reference: BigQueryTableReference, table: BigQueryTable?, progressed: inout Bool,
        context: LambdaContext
    ) async throws -> Bool {
        let source = blocks(cursor, reference: reference, table: table)
        let prefix = layout.eventsRunPrefix(property: cursor.day.property, date: cursor.day.date, run: cursor.run)
        let hashedPrefix = layout.hashedRunPrefix(property: cursor.day.property, date: cursor.day.date, run: cursor.run)
        var file: OpenFile?
        do {
            while true {
                // Every row of the snapshot is in: the last stream has nothing more to give.
                if cursor.stream == cursor.streams.count - 1 && cursor.rowsByStream.reduce(0, +) == cursor.numRows && progressed { break }
                if progressed && context.remainingTime < deadlineMargin {
                    if let open = file { try await close(open, cursor: &cursor, logger: context.logger) }
                    cursor.stoppedAt = RFC3339.format(now())
                    return false
                }
                let block: AvroRowBlock?
                do {
                    block = try await source.next()
                } catch {
                    throw GA4IngestError(.api, "\(cursor.day): reading \(cursor.streams[cursor.stream]) at row \(cursor.offset): \(error)")
                }
                guard let block else { break }
                let name = ExportLakeLayout.partName(stream: cursor.stream, file: cursor.file)
                let open = try file ?? self.open(key: prefix + name, hashedKey: hashedPrefix + name, cursor: cursor)
                file = open
                var hashedRows: [[ParquetValue?]] = []
                do {
                    try open.writer.write(rows: block.rows, rowCount: Int(block.rowCount), visit: open.hashed == nil ? nil : { decoded in
                        hashedRows = try open.extractor!.rows(decoded)
                    })
                } catch let error as GA4IngestError {
                    throw GA4IngestError(.data, "\(cursor.day): hashed identifiers of stream \(cursor.stream), rows from \(cursor.offset): \(error)")
                } catch {
                    throw GA4IngestError(.data, "\(cursor.day): stream \(cursor.stream), rows from \(cursor.offset): \(error)")
                }
                if let hashed = open.hashed {
                    do {
                        for row in hashedRows { try hashed.writer.write(row: row) }
                    } catch {
                        throw GA4IngestError(.data, "\(cursor.day): hashed identifiers of stream \(cursor.stream), rows from \(cursor.offset): \(error)")
                    }
                    try await send(key: hashed.key) { () async throws(AWSError) in try await hashed.upload.sendCompletedParts() }
                }
                cursor.offset += block.rowCount
                cursor.rowsByStream[cursor.stream] += block.rowCount
                progressed = true
                try await send(key: open.key) { () async throws(AWSError) in try await open.upload.sendCompletedParts() }
                if open.upload.sink.totalBytes + open.writer.bufferedBytes >= export.fileMaxBytes {
                    try await close(open, cursor: &cursor, logger: context.logger)
                    file = nil
                }
            }
            if let open = file { try await close(open, cursor: &cursor, logger: context.logger) }
            return true
        } catch {
            await file?.abort()
            throw error
        }
    }

    private func open(key: String, hashedKey: String, cursor: ExportCursor) throws -> OpenFile {
        do {
            let upload = try ParquetObjectUpload(s3: s3, bucket: bucket, key: key)
            let writer = try GA4ExportParquetWriter(avroSchemaJSON: cursor.avroSchema, sink: upload.sink)
            guard let hasher else { return OpenFile(key: key, upload: upload, writer: writer, hashed: nil, extractor: nil) }
            let hashedUpload = try ParquetObjectUpload(s3: s3, bucket: bucket, key: hashedKey)
            let hashedWriter = try ParquetWriter(schema: try HashedIdentifierTable.schema(for: hasher.configuration), sink: hashedUpload.sink)
            return OpenFile(
                key: key, upload: upload, writer: writer, hashed: (hashedKey, hashedUpload, hashedWriter),
                extractor: HashedIdentifierExtractor(hasher: hasher))
        } catch let error as GA4IngestError {
            throw error
        } catch {
            throw GA4IngestError(.data, "\(cursor.day): cannot start s3://\(bucket)/\(key): \(error)")
        }
    }

    /// Writes the footer and completes the object; the next file of the stream gets the next number.
    private func close(_ file: OpenFile, cursor: inout ExportCursor, logger: Logger) async throws {
        do {
            try file.writer.close()
        } catch {
            throw GA4IngestError(.data, "\(cursor.day): cannot finish s3://\(bucket)/\(file.key): \(error)")
        }
        try await send(key: file.key) { () async throws(AWSError) in try await file.upload.finish() }
        if !cursor.keys.contains(file.key) { cursor.keys.append(file.key) }
        if let hashed = file.hashed {
            do {
                try hashed.writer.close()
            } catch {
                throw GA4IngestError(.data, "\(cursor.day): cannot finish s3://\(bucket)/\(hashed.key): \(error)")
            }
            try await send(key: hashed.key) { () async throws(AWSError) in try await hashed.upload.finish() }
            if !cursor.keys.contains(hashed.key) { cursor.keys.append(hashed.key) }
            if let tally = file.extractor?.tally {
                // Counts only: how many values of each column were hashed, empty, or refused and why.
                var fields: LogMetadata = ["key": .string(hashed.key)]
                for field in tally.fields {
                    var refusals = field.refusals.map { "\($0.key)=\($0.value)" }
                    refusals.sort()
                    fields.entries.append((field.column, .string("hashed=\(field.hashed) empty=\(field.empty) refused=\(field.refused) \(refusals.joined(separator: " "))")))
                }
                logger.info("hashed identifiers written", fields)
            }
        }
        cursor.file += 1
    }

    private func send(key: String, _ work: () async throws(AWSError) -> Void) async throws {
        do {
            try await work()
        } catch {
            throw GA4IngestError(.storage, "cannot write s3://\(bucket)/\(key): \(error.description)")
        }
    }

    // MARK: finishing a run

    /// Checks the total, removes what an earlier attempt of the run left that this one did not write, and
    /// records the day's state.
    func finish(_ cursor: ExportCursor, day: ExportDay) async throws -> ExportDayState {
        let total = cursor.rowsByStream.reduce(0, +)
        // An intraday table's numRows leaves out its streaming buffer, which a read session does read.
        guard total == cursor.numRows || (kind == .intraday && total > cursor.numRows) else {
            throw GA4IngestError(.data,
                "\(day): read \(total) rows of \(cursor.table) (streams: \(cursor.rowsByStream.map(String.init).joined(separator: ", "))) but tables.get said \(cursor.numRows) at lastModifiedTime \(cursor.run); the partition stays where it was and the next run reads the day again")
        }
        let prefix = layout.eventsRunPrefix(property: day.property, date: day.date, run: cursor.run)
        let hashedPrefix = layout.hashedRunPrefix(property: day.property, date: day.date, run: cursor.run)
        let written = Set(cursor.keys)
        for tidied in [prefix, hashedPrefix] {
            do {
                for object in try await s3.listAllObjects(bucket: bucket, prefix: tidied) where !written.contains(object.key) {
                    try await s3.deleteObject(bucket: bucket, key: object.key)
                }
            } catch {
                throw GA4IngestError(.storage, "cannot tidy s3://\(bucket)/\(tidied): \(error.description)")
            }
        }
        return ExportDayState(
            property: day.property.number, date: day.date, table: cursor.table, lastModifiedTime: cursor.run, rows: total,
            location: "s3://\(bucket)/\(prefix)", hashedLocation: hasher == nil ? nil : "s3://\(bucket)/\(hashedPrefix)",
            files: cursor.keys.filter { $0.hasPrefix(prefix) }.count, completedAt: RFC3339.format(now()))
    }

    /// Points the partition at the run, then stores the state (so a failure in between reads the day again).
    func point(_ state: ExportDayState, day: ExportDay, context: LambdaContext) async throws -> ExportPartitionCatalog.Outcome? {
        var outcome: ExportPartitionCatalog.Outcome?
        if let catalog {
            outcome = try await catalog.point(
                table: kind == .daily ? export.eventsTable : export.intradayTable, property: day.property, date: day.date, location: state.location,
                creatingLike: kind == .daily ? nil : intradayTableShape, logger: context.logger)
            if let hashedLocation = state.hashedLocation {
                _ = try await catalog.point(
                    table: export.hashedTable, property: day.property, date: day.date, location: hashedLocation, logger: context.logger)
            }
        }
        try await put(layout.stateKey(property: day.property, date: day.date), try state.json())
        do {
            try await s3.deleteObject(bucket: bucket, key: layout.cursorKey(property: day.property, date: day.date))
        } catch {
            throw GA4IngestError(.storage, "cannot delete the finished cursor of \(day): \(error.description)")
        }
        try await removeOldRuns(day, current: state.lastModifiedTime, logger: context.logger)
        return outcome
    }

    // MARK: state and cursor objects

    private func loadState(_ day: ExportDay) async throws -> ExportDayState? {
        let key = layout.stateKey(property: day.property, date: day.date)
        guard let data = try await get(key) else { return nil }
        return try ExportDayState.decode(data, source: "s3://\(bucket)/\(key)")
    }

    func loadCursor(_ day: ExportDay) async throws -> ExportCursor? {
        let key = layout.cursorKey(property: day.property, date: day.date)
        guard let data = try await get(key) else { return nil }
        return try ExportCursor.decode(data, source: "s3://\(bucket)/\(key)")
    }

    func save(_ cursor: ExportCursor) async throws {
        try await put(layout.cursorKey(property: cursor.day.property, date: cursor.day.date), try cursor.json())
    }

    func get(_ key: String) async throws -> Data? {
        do {
            return try await s3.getObject(bucket: bucket, key: key).body
        } catch {
            if error.isNotFound { return nil }
            throw GA4IngestError(.storage, "cannot read s3://\(bucket)/\(key): \(error.description)")
        }
    }

    func put(_ key: String, _ body: Data) async throws {
        do {
            _ = try await s3.putObject(bucket: bucket, key: key, body: .data(body), options: S3PutOptions(contentType: "application/json"))
        } catch {
            throw GA4IngestError(.storage, "cannot write s3://\(bucket)/\(key): \(error.description)")
        }
    }
}
