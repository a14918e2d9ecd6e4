import JSONText
import MySQL

/// The rows of one input that were not written, as JSON lines for the rejects object:
/// `{"source":"s3://bucket/key","line":12,"column":"amount","reason":"...","row":["7","x",null]}` (`line` is the
/// Parquet row number for Parquet files; `column` is null when no single column is to blame; a value that is not
/// UTF-8 shows as `{"hex":"..."}`). Bounded: past `limit` rows the load stops, since a file that bad is a mapping
/// problem, not a few bad rows.
struct RejectsDocument {
    let source: String
    let limit: Int
    private(set) var count = 0
    private(set) var text = ""

    init(source: String, limit: Int) {
        self.source = source
        self.limit = limit
    }

    mutating func add(position: Int, column: String?, reason: String, values: [UpsertValue]) throws(TooManyRejects) {
        count += 1
        guard count <= limit else { throw TooManyRejects(limit: limit) }
        text += "{\"source\":"
        JSONString.append(source, to: &text)
        text += ",\"line\":\(position),\"column\":"
        if let column { JSONString.append(column, to: &text) } else { text += "null" }
        text += ",\"reason\":"
        JSONString.append(reason, to: &text)
        text += ",\"row\":["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            switch value {
            case .null: text += "null"
            case .text(let string): JSONString.append(string, to: &text)
            case .bytes(let bytes):
                if let string = String(validating: bytes, as: UTF8.self) {
                    JSONString.append(string, to: &text)
                } else {
                    text += "{\"hex\":\"" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\"}"
                }
            }
        }
        text += "]}\n"
    }

    mutating func add(_ row: RejectedRow) throws(TooManyRejects) {
        try add(position: row.position, column: row.column, reason: row.reason, values: row.values)
    }
}

struct TooManyRejects: Error, CustomStringConvertible {
    let limit: Int
    var description: String {
        "more than \(limit) rows were rejected (MAX_REJECTED_ROWS): the table mapping or the UNLOAD's options are probably wrong"
    }
}
