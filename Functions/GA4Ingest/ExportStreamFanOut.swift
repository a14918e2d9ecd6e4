#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import BigQuery
import GA4
import LambdaRuntime

/// A fanned-out day: the planning invocation saves the read session as the day's plan (`ExportCursor` with
/// `fanOut`), and one invocation per stream (`ExportStreamTask`) reads its stream into `part-<stream>-<k>.parquet`,
/// keeping its progress in its own `ExportStreamCursor`, stopping and sending itself the task again before the
/// deadline, resuming at its offset. Keys depend only on (day, run, stream, file), as in a day read by one
/// invocation, so a re-delivered task rewrites the same objects. The invocation that marks its stream done and
/// then finds every stream of the plan done checks the total and moves the partition; when two finish at once,
/// both do the same idempotent work.
///
/// Each stream invocation first claims its stream from its next file on (`ExportStreamClaim`), so a duplicated
/// delivery of a task never reads a segment twice.
///
/// A plan stays the day's while a stream invocation touched it within `continuationGrace` (every stream invocation
/// refreshes its `stoppedAt` when it starts and when it stops), so a schedule arriving meanwhile leaves the day to
/// its streams; a task whose plan was replaced or finished does nothing.
extension ExportDayReader {
    /// Saves the session as the day's plan, after removing stream cursors an earlier plan of the day left.
    func plan(_ begun: ExportCursor) async throws -> ExportCursor {
        var cursor = begun
        cursor.fanOut = true
        cursor.stoppedAt = RFC3339.format(now())
        try await removeStreamState(cursor.day)
        try await save(cursor)
        return cursor
    }

    /// The stream cursors and claims of the day's fanned-out run.
    private func removeStreamState(_ day: ExportDay) async throws {
        for prefix in [
            layout.streamCursorsPrefix(property: day.property, date: day.date), layout.streamClaimsPrefix(property: day.property, date: day.date),
        ] {
            do {
                for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
                    try await s3.deleteObject(bucket: bucket, key: object.key)
                }
            } catch {
                throw GA4IngestError(.storage, "cannot remove the stream state under s3://\(bucket)/\(prefix): \(error.description)")
            }
        }
    }

    /// Reads one stream of a fanned-out day from where its cursor stands.
    func read(_ task: ExportStreamTask, property: ExportConfiguration.Property, context: LambdaContext) async throws -> StreamOutcome {
        let day = task.day
        guard var plan = try await loadCursor(day), plan.fanOut == true, plan.run == task.run, plan.session == task.session else {
            return .superseded("the day's plan is finished or belongs to another read session")
        }
        guard plan.streams.indices.contains(task.index) else {
            throw GA4IngestError(.data, "\(task): the plan of session \(task.session) has \(plan.streams.count) streams")
        }
        let reference: BigQueryTableReference
        do {
            reference = try property.table(day.date, kind: kind)
        } catch {
            throw GA4IngestError(.data, "\(day): \(error.description)")
        }
        let key = layout.streamCursorKey(property: day.property, date: day.date, stream: task.index)
        var progress: ExportStreamCursor
        if let data = try await get(key), case let saved = try ExportStreamCursor.decode(data, source: "s3://\(bucket)/\(key)"),
            saved.session == task.session
        {
            // A re-delivered task of a stream already read goes straight to the finishing check.
            if saved.done { return try await finishIfEveryStreamIsDone(plan, context: context, rows: saved.rows) }
            progress = saved
            progress.continuations += 1
        } else {
            progress = ExportStreamCursor(
                day: day, run: task.run, session: task.session, index: task.index, offset: 0, file: 0, rows: 0, keys: [], done: false,
                stoppedAt: "", continuations: 0)
        }
        let claimKey = layout.streamClaimKey(property: day.property, date: day.date, stream: task.index, file: progress.file)
        guard try await claim(claimKey, context: context) else {
            return .superseded("another invocation is reading stream \(task.index) from file \(progress.file)")
        }
        plan.stoppedAt = RFC3339.format(now())
        try await save(plan)
        context.logger.info("export stream", [
            "day": .string(day.description), "stream": .int(task.index), "of": .int(plan.streams.count),
            "offset": .int(Int(progress.offset)), "continuations": .int(progress.continuations),
        ])

        var cursor = plan
        cursor.stream = task.index
        cursor.offset = progress.offset
        cursor.file = progress.file
        cursor.rowsByStream = Array(repeating: 0, count: plan.streams.count)
        cursor.rowsByStream[task.index] = progress.rows
        cursor.keys = progress.keys
        var progressed = false
        let complete: Bool
        do {
            complete = try await readStream(&cursor, reference: reference, table: nil, progressed: &progressed, context: context)
            progress.offset = cursor.offset
            progress.file = cursor.file
            progress.rows = cursor.rowsByStream[task.index]
            progress.keys = cursor.keys
            progress.stoppedAt = RFC3339.format(now())
            progress.done = complete
            try await put(key, try progress.json())
        } catch {
            // The cursor still stands where this invocation began: Lambda's retry reads the segment again.
            await release(claimKey, logger: context.logger)
            throw error
        }
        guard complete else {
            plan.stoppedAt = progress.stoppedAt
            try await save(plan)
            return .stopped(task, rows: progress.rows)
        }
        return try await finishIfEveryStreamIsDone(plan, context: context, rows: progress.rows)
    }

    /// When every stream of the plan is done: the total checked, the run tidied, the partition moved, the state
    /// written and the plan and stream cursors removed.
    private func finishIfEveryStreamIsDone(_ plan: ExportCursor, context: LambdaContext, rows: Int64) async throws -> StreamOutcome {
        let day = plan.day
        let prefix = layout.streamCursorsPrefix(property: day.property, date: day.date)
        var done: [Int: ExportStreamCursor] = [:]
        do {
            for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
                guard let data = try await get(object.key) else { continue }
                let stream = try ExportStreamCursor.decode(data, source: "s3://\(bucket)/\(object.key)")
                if stream.done && stream.session == plan.session && plan.streams.indices.contains(stream.index) { done[stream.index] = stream }
            }
        } catch let error as AWSError {
            throw GA4IngestError(.storage, "cannot list the stream cursors under s3://\(bucket)/\(prefix): \(error.description)")
        }
        guard done.count == plan.streams.count else {
            return .streamDone(rows: rows, waiting: plan.streams.count - done.count)
        }
        var cursor = plan
        cursor.rowsByStream = plan.streams.indices.map { done[$0]!.rows }
        cursor.keys = plan.streams.indices.flatMap { done[$0]!.keys }
        let state = try await finish(cursor, day: day)
        let partition = try await point(state, day: day, context: context)
        try await removeStreamState(day)
        return .written(state, partition: partition)
    }
}
