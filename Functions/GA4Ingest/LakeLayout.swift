import GA4

/// Where everything goes in the lake bucket. Curated keys are deterministic, so a re-run of a day replaces
/// its partition; raw keys carry the fetch time, so every pull is kept.
struct LakeLayout: Sendable {
    let rawPrefix: String
    let curatedPrefix: String

    /// `<curated>report=<name>/property_id=<id>/dt=YYYY-MM-DD/`
    func partitionPrefix(report: String, property: PropertyID, date: CivilDate) -> String {
        "\(curatedPrefix)report=\(report)/property_id=\(property.number)/dt=\(date.isoString)/"
    }

    func parquetKey(report: String, property: PropertyID, date: CivilDate) -> String {
        partitionPrefix(report: report, property: property, date: date) + "part-00000.parquet"
    }

    /// Beside the data file; Athena and Glue skip files whose names start with `_`.
    func caveatsKey(report: String, property: PropertyID, date: CivilDate) -> String {
        partitionPrefix(report: report, property: property, date: date) + "_caveats.json"
    }

    /// `<raw>report=<name>/property_id=<id>/dt=YYYY-MM-DD/fetched_at=<stamp>/page-00000.json`
    func rawPageKey(report: String, property: PropertyID, date: CivilDate, fetchStamp: String, page: Int) -> String {
        let number = String(page)
        return "\(rawPrefix)report=\(report)/property_id=\(property.number)/dt=\(date.isoString)/fetched_at=\(fetchStamp)/page-"
            + String(repeating: "0", count: max(0, 5 - number.count)) + number + ".json"
    }

    /// The resume point of a run that stopped early, keyed by what the run was asked to do.
    func cursorKey(planFingerprint: String) -> String {
        "\(rawPrefix)_cursors/\(planFingerprint).json"
    }
}
