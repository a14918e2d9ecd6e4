import AWS
import GA4
import LambdaRuntime

/// Old runs of a day, removed once the partition points at the new one: every `run=` prefix of the day except the
/// newest `GA4_EXPORT_KEEP_RUNS` (the current run always among them), in the events and the hashed table.
///
/// Called only after the catalog update and the day's state succeeded, so the partition never points at a deleted
/// run. An Athena query that planned its splits against the previous run before the move and reads them after
/// the delete fails (the objects are gone) and must be run again: the known cost of replacing files under a table.
/// `GA4_EXPORT_KEEP_RUNS=2` keeps the previous run until the next one lands, for readers that cannot retry.
extension ExportDayReader {
    func removeOldRuns(_ day: ExportDay, current: Int64, logger: Logger) async throws {
        var removed = 0
        for base in [layout.eventsPrefix] + (hasher == nil ? [] : [layout.hashedPrefix]) {
            let prefix = ExportLakeLayout.dayPrefix(base, property: day.property, date: day.date)
            do {
                let objects = try await s3.listAllObjects(bucket: bucket, prefix: prefix)
                var runs = Set<Int64>()
                for object in objects {
                    if let run = ExportLakeLayout.run(ofKey: object.key.dropFirst(prefix.count)) { runs.insert(run) }
                }
                // The newest runs by number, the current one kept whatever its number.
                let kept = Set([current] + runs.subtracting([current]).sorted(by: >).prefix(export.keepRuns - 1))
                for object in objects {
                    guard let run = ExportLakeLayout.run(ofKey: object.key.dropFirst(prefix.count)), !kept.contains(run) else { continue }
                    try await s3.deleteObject(bucket: bucket, key: object.key)
                    removed += 1
                }
            } catch {
                throw GA4IngestError(.storage, "cannot remove the old runs under s3://\(bucket)/\(prefix): \(error.description)")
            }
        }
        if removed > 0 {
            logger.info("old runs of the export day removed", [
                "day": .string(day.description), "current": .int(Int(current)), "objects": .int(removed), "kept": .int(export.keepRuns),
            ])
        }
    }
}

extension ExportDayReader {
    /// Every run and the state of `day` in this reader's layout: what an intraday reader does once the day's daily
    /// table has landed (GA4 deletes the intraday table then too), and the day's partition of the intraday table.
    func removeDay(_ day: ExportDay, logger: Logger) async throws {
        var removed = 0
        for prefix in [
            ExportLakeLayout.dayPrefix(layout.eventsPrefix, property: day.property, date: day.date),
            ExportLakeLayout.dayPrefix(layout.statePrefix, property: day.property, date: day.date),
        ] {
            do {
                for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
                    try await s3.deleteObject(bucket: bucket, key: object.key)
                    removed += 1
                }
            } catch {
                throw GA4IngestError(.storage, "cannot remove s3://\(bucket)/\(prefix): \(error.description)")
            }
        }
        // The partition goes too: left pointing at the emptied prefix it would read as a day without events.
        try await catalog?.remove(table: export.intradayTable, property: day.property, date: day.date)
        if removed > 0 {
            logger.info("the day's intraday runs are removed: its daily table has landed", ["day": .string(day.description), "objects": .int(removed)])
        }
    }

    /// The intraday table, when missing, is created in the shape of the daily events table over the intraday prefix.
    var intradayTableShape: ExportPartitionCatalog.SameShape {
        ExportPartitionCatalog.SameShape(
            table: export.eventsTable, location: "s3://\(bucket)/\(export.intradayPrefix)",
            description: "GA4 BigQuery export intraday events (events_intraday_YYYYMMDD), in the shape of \(export.eventsTable); a day's partition is removed once its daily table lands.")
    }
}
