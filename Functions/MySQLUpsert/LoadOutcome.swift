import JSONText

/// What one event's object did: the parts loaded for it (one for a part, every entry for a manifest) and their
/// totals. Its JSON is the invocation's answer and the SNS summary.
struct LoadOutcome: Sendable {
    /// The object the event named (the part, or the manifest).
    var source: String
    var eTag: String
    var table: String
    var trigger: String
    var parts: [PartResult]

    func total(_ field: KeyPath<PartResult, Int>) -> Int { parts.reduce(0) { $0 + $1[keyPath: field] } }

    /// Subscribers dedupe on this: one object version, whatever the number of deliveries.
    var dedupeKey: String { "\(source)@\(eTag)" }

    var hasProblems: Bool { total(\.rejected) > 0 || parts.contains { $0.recordCountProblem != nil } }

    static var counters: [(String, KeyPath<PartResult, Int>)] {
        [
        ("rowsRead", \.rowsRead), ("inserted", \.inserted), ("updated", \.updated), ("unchanged", \.unchanged),
        ("rejected", \.rejected), ("batches", \.batches), ("retries", \.retries), ("reconnects", \.reconnects),
        ]
    }

    var json: String {
        var out = "{\"source\":\(JSONString.quoted(source)),\"eTag\":\(JSONString.quoted(eTag)),\"dedupeKey\":\(JSONString.quoted(dedupeKey))"
        out += ",\"table\":\(JSONString.quoted(table)),\"trigger\":\(JSONString.quoted(trigger))"
        for (name, field) in Self.counters { out += ",\"\(name)\":\(total(field))" }
        out += ",\"parts\":["
        out += parts.map { part in
            var item = "{\"source\":\(JSONString.quoted(part.location)),\"eTag\":\(JSONString.quoted(part.eTag))"
            item += ",\"encoding\":\(JSONString.quoted(part.encoding)),\"method\":\(JSONString.quoted(part.method))"
            for (name, field) in Self.counters { item += ",\"\(name)\":\(part[keyPath: field])" }
            item += ",\"rejects\":\(part.rejectsLocation.map(JSONString.quoted) ?? "null")"
            item += ",\"recordCountProblem\":\(part.recordCountProblem.map(JSONString.quoted) ?? "null")}"
            return item
        }.joined(separator: ",")
        return out + "]}"
    }
}
