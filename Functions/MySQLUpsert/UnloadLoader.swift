import AWS
import Decompression
import MySQL
import S3ParquetSource

/// Loads part files of one route into MySQL: reads each by ranged GETs in its format and upserts its rows in
/// batches. Blocking (sockets and ranged reads): runs on a thread `BlockingBridge.run` started.
struct UnloadLoader {
    let route: UnloadRoute
    /// The column order for files that do not name their columns (the route's, or a VERBOSE manifest's schema).
    let columns: [String]?
    let options: MySQLUpsertWriter.Options
    let limits: DecompressionLimits
    let chunkBytes: Int
    let maxRejectedRows: Int
    let fallback: StagedMethodFallback

    func load(_ part: UnloadPart, session: MySQLSession) throws -> PartResult {
        let object = part.object
        var options = options
        options.method = fallback.method(configured: options.method)
        let load = PartLoad(
            route: route, session: session, options: options, rejects: RejectsDocument(source: part.location, limit: maxRejectedRows))
        defer {
            if let reason = load.writer?.fallbackReason { fallback.record(reason) }
            load.handBackConnection()
        }
        let statistics: UnloadReadStatistics
        do {
            statistics = try read(object, into: load)
        } catch let failure as MySQLUpsertFailure {
            throw failure
        } catch let error as TooManyRejects {
            throw MySQLUpsertFailure(.tooManyRejects, "\(part.location): \(error)")
        } catch let error as AWSError {
            throw MySQLUpsertFailure(.storage, "\(part.location): \(error)")
        } catch {
            throw MySQLUpsertFailure(.input, "\(part.location): \(error)")
        }
        let summary: MySQLUpsertWriter.Summary?
        do {
            summary = try load.finish()
        } catch let error as TooManyRejects {
            throw MySQLUpsertFailure(.tooManyRejects, "\(part.location): \(error)")
        }
        var result = PartResult(location: part.location, key: object.key, bucket: object.bucket, eTag: String(object.eTag.filter { $0 != "\"" }), encoding: statistics.encoding)
        if let summary {
            result.rowsRead = summary.rowsRead
            result.inserted = summary.inserted
            result.updated = summary.updated
            result.unchanged = summary.unchanged
            result.rejected = summary.rejected
            result.batches = summary.batches
            result.retries = summary.retries
            result.reconnects = summary.reconnects
        }
        if let writer = load.writer {
            result.method = writer.method.rawValue
            result.fallbackReason = writer.fallbackReason
        }
        result.rowsRead += load.unreadable
        result.rejected += load.unreadable
        result.rejectsText = load.rejects.text
        if let expected = part.expectedRecords, expected != statistics.records + statistics.headerLines {
            result.recordCountProblem =
                "the manifest's record_count is \(expected), the part has \(statistics.records) records and \(statistics.headerLines) header lines"
        }
        return result
    }

    private func read(_ object: S3ObjectRangeReader, into load: PartLoad) throws -> UnloadReadStatistics {
        switch route.format {
        case .delimited(let layout):
            var chunks = object.chunks(of: chunkBytes)
            return try DelimitedUnloadReader(layout: layout, columns: columns, limits: limits).read(&chunks, into: load)
        case .fixedWidth(let layout):
            var chunks = object.chunks(of: chunkBytes)
            return try FixedWidthUnloadReader(layout: layout, columns: columns ?? layout.names, limits: limits).read(&chunks, into: load)
        case .parquet:
            let source = S3ParquetSource(object: object)
            do {
                return try ParquetUnloadReader(columns: columns).read(source, into: load)
            } catch {
                // The reader reports a failed range as an unreadable file; the storage error is the cause.
                if let storage = source.storageError { throw storage }
                throw error
            }
        }
    }
}

extension S3ObjectRangeReader.Chunks: ByteChunkSource {
    mutating func nextChunk() throws -> [UInt8]? { try next() }
}
