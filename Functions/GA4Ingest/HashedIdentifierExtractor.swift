import GA4
import GA4Export
import IdentifierHashing
import Parquet

/// Turns export rows, as the events writer just decoded them (`GA4ExportDecodedRows`), into rows of the hashed
/// identifiers table (`HashedIdentifierTable`): the event's date, `event_key` and timestamp, and each configured
/// identifier normalized and hashed. The Avro block is decoded once, for both tables. Raw values live only inside
/// `rows(...)`; nothing here logs or reports them, and a refused value is counted by reason in the tally, never
/// quoted.
struct HashedIdentifierExtractor {
    let hasher: IdentifierHasher
    private(set) var tally: IdentifierHashingTally

    init(hasher: IdentifierHasher) {
        self.hasher = hasher
        tally = hasher.makeTally()
    }

    /// The table's rows for one block: events without any identifier are left out, as the table holds only events
    /// that can be joined on.
    mutating func rows(_ decoded: GA4ExportDecodedRows) throws -> [[ParquetValue?]] {
        var out: [[ParquetValue?]] = []
        var hashed = hasher.makeRow()
        for row in decoded.rows {
            let values = hasher.fields.map { value(of: $0.source, in: decoded, row: row) }
            hasher.hashRow(values, into: &hashed, tally: &tally)
            guard hashed.values.contains(where: { $0 != nil }) else { continue }
            let date = decoded.string(["event_date"], row: row).flatMap { CivilDate(compactString: $0) }
            let micros = decoded.int64("event_timestamp", row: row)
            guard let date, let micros else {
                throw GA4IngestError(
                    .data, "export row \(row - decoded.rows.lowerBound) of a block has no event_date or event_timestamp; the hashed table needs both")
            }
            let millis = micros >= 0 ? micros / 1000 : (micros + 1) / 1000 - 1
            out.append([
                .date(daysSinceEpoch: Int32(date.daysSinceEpoch)), .string(decoded.eventKey(row: row)), .timestamp(millis),
            ] + hashed.values.map { $0.map(ParquetValue.string) })
        }
        return out
    }

    private func value(of source: IdentifierSource, in decoded: GA4ExportDecodedRows, row: Int) -> String? {
        switch source {
        case .userID: return decoded.string(["user_id"], row: row)
        case .userPseudoID: return decoded.string(["user_pseudo_id"], row: row)
        case .userProperty(let key): return decoded.parameterString("user_properties", key: key, row: row)
        case .eventParam(let key): return decoded.parameterString("event_params", key: key, row: row)
        case .recordField(let path):
            let parts = path.split(separator: ".").map(String.init)
            return parts.count == 2 ? decoded.string(parts, row: row) : nil
        }
    }
}
