import GA4

/// Where the export source writes. Data keys are deterministic in (property, day, run, stream, file), so a
/// re-delivered or resumed invocation rewrites the same objects; the run is the table's `lastModifiedTime`,
/// so a changed table lands beside the previous run and readers keep seeing the old one until the catalog
/// is pointed at the new run.
struct ExportLakeLayout: Sendable {
    let eventsPrefix: String
    let hashedPrefix: String
    let statePrefix: String

    /// `<events>property_id=<id>/dt=YYYY-MM-DD/run=<lastModifiedTime>/`
    func eventsRunPrefix(property: PropertyID, date: CivilDate, run: Int64) -> String {
        Self.runPrefix(eventsPrefix, property: property, date: date, run: run)
    }

    /// `<hashed>property_id=<id>/dt=YYYY-MM-DD/run=<lastModifiedTime>/`
    func hashedRunPrefix(property: PropertyID, date: CivilDate, run: Int64) -> String {
        Self.runPrefix(hashedPrefix, property: property, date: date, run: run)
    }

    /// `part-<stream>-<k>.parquet`, both five digits: the k-th file of the session's stream.
    static func partName(stream: Int, file: Int) -> String {
        "part-\(padded(stream))-\(padded(file)).parquet"
    }

    /// The last run of the day that completed (its `lastModifiedTime`, rows, location).
    func stateKey(property: PropertyID, date: CivilDate) -> String {
        "\(statePrefix)property_id=\(property.number)/dt=\(date.isoString)/state.json"
    }

    /// The resume point of a run stopped at the deadline (one a day: a new run replaces it).
    func cursorKey(property: PropertyID, date: CivilDate) -> String {
        "\(statePrefix)property_id=\(property.number)/dt=\(date.isoString)/cursor.json"
    }

    /// The stream cursors of a fanned-out run (`ExportStreamCursor`).
    func streamCursorsPrefix(property: PropertyID, date: CivilDate) -> String {
        "\(statePrefix)property_id=\(property.number)/dt=\(date.isoString)/streams/"
    }

    func streamCursorKey(property: PropertyID, date: CivilDate, stream: Int) -> String {
        "\(streamCursorsPrefix(property: property, date: date))stream-\(Self.padded(stream)).json"
    }

    /// `<base>property_id=<id>/dt=YYYY-MM-DD/`: where the day's runs are, events or hashed.
    static func dayPrefix(_ base: String, property: PropertyID, date: CivilDate) -> String {
        "\(base)property_id=\(property.number)/dt=\(date.isoString)/"
    }

    /// The run a key under `dayPrefix` belongs to (`run=<n>/…`), nil for anything else.
    static func run(ofKey key: Substring) -> Int64? {
        guard key.hasPrefix("run="), let slash = key.firstIndex(of: "/") else { return nil }
        return Int64(key[key.index(key.startIndex, offsetBy: 4)..<slash])
    }

    /// Claims on stream segments of a fanned-out run (`ExportStreamClaim`).
    func streamClaimsPrefix(property: PropertyID, date: CivilDate) -> String {
        "\(statePrefix)property_id=\(property.number)/dt=\(date.isoString)/claims/"
    }

    /// The claim on stream `stream` from its file `file` on: one invocation reads a stream from a given point.
    func streamClaimKey(property: PropertyID, date: CivilDate, stream: Int, file: Int) -> String {
        "\(streamClaimsPrefix(property: property, date: date))stream-\(Self.padded(stream))-file-\(Self.padded(file)).json"
    }

    private static func runPrefix(_ base: String, property: PropertyID, date: CivilDate, run: Int64) -> String {
        "\(dayPrefix(base, property: property, date: date))run=\(run)/"
    }

    private static func padded(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }
}
