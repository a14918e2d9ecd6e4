import DelimitedText

/// How the UNLOAD wrote its files, as the route declares it (never sniffed: a guess that goes wrong turns a broken
/// file into a silently different table). Compression is not part of it: gzip, zstd and bzip2 are told from
/// the first bytes.
enum UnloadFormat: Sendable, Equatable {
    /// Delimited text: UNLOAD's default (pipe, no quotes) with its `DELIMITER`, `ESCAPE`, `ADDQUOTES`, `NULL AS`
    /// and `HEADER` options, or `FORMAT AS CSV`.
    case delimited(DelimitedLayout)
    /// `FIXEDWIDTH 'name:width,...'`: each line cut into fields of so many characters, trailing spaces trimmed.
    case fixedWidth(FixedWidthLayout)
    /// `FORMAT AS PARQUET`.
    case parquet

    struct DelimitedLayout: Sendable, Equatable {
        var dialect: DelimitedDialect
        /// `NULL AS`: the field text that stands for NULL (UNLOAD's default is the empty field).
        var nullMarker: [UInt8]
        /// CSV: a quoted field is data even when its text is the marker (`""` is an empty string).
        var quotedIsNeverNull: Bool
        /// The marker as it reads after unescaping, and whether it holds an escape (then only a field that had an
        /// escape can match it: `\N` is NULL, the data `N` is not).
        var unescapedMarker: [UInt8]
        var markerIsEscaped: Bool
    }

    struct FixedWidthLayout: Sendable, Equatable {
        var names: [String]
        /// Widths in characters.
        var widths: [Int]
        var nullMarker: String
    }

    /// The file itself names its columns (header row or Parquet schema).
    var namesColumns: Bool {
        switch self {
        case .delimited(let layout): layout.dialect.header
        case .fixedWidth: false
        case .parquet: true
        }
    }

    init(
        name: String, delimiter: String?, escape: Bool?, addQuotes: Bool?, nullAs: String?, header: Bool?, fixedWidth: String?
    ) throws(RouteConfigurationError.Problem) {
        func refuse(_ option: String, _ value: Any?) throws(RouteConfigurationError.Problem) {
            if value != nil { throw .init("\"\(option)\" does not apply to format \(name)") }
        }
        switch name {
        case "text", "csv":
            try refuse("fixedWidth", fixedWidth)
            let csv = name == "csv"
            if csv { try refuse("escape", escape); try refuse("addQuotes", addQuotes) }
            let delimiterByte = try Self.delimiter(delimiter ?? (csv ? "," : "|"))
            let escapeByte: UInt8? = escape == true ? UInt8(ascii: "\\") : nil
            let quoted = csv || addQuotes == true
            let dialect = DelimitedDialect(
                delimiter: delimiterByte, quote: quoted ? UInt8(ascii: "\"") : nil, doubleQuote: csv, escape: escapeByte,
                header: header ?? false, loneCarriageReturnEndsLine: false, skipBlankLines: false)
            let marker = Array((nullAs ?? "").utf8)
            if marker.contains(0x0A) || marker.contains(0x0D) || marker.contains(delimiterByte) {
                throw .init("\"nullAs\" must not contain a line break or the delimiter")
            }
            var unescaped: [UInt8] = []
            var escaped = false
            var index = 0
            while index < marker.count {
                if let escapeByte, marker[index] == escapeByte, index + 1 < marker.count {
                    escaped = true
                    index += 1
                }
                unescaped.append(marker[index])
                index += 1
            }
            self = .delimited(DelimitedLayout(
                dialect: dialect, nullMarker: marker, quotedIsNeverNull: csv, unescapedMarker: unescaped, markerIsEscaped: escaped))
        case "fixedwidth":
            for (option, value) in [("delimiter", delimiter as Any?), ("escape", escape), ("addQuotes", addQuotes), ("header", header)] {
                try refuse(option, value)
            }
            guard let fixedWidth else { throw .init("format fixedwidth needs \"fixedWidth\": \"name:width,...\"") }
            self = .fixedWidth(try Self.fixedWidthLayout(fixedWidth, nullMarker: nullAs ?? ""))
        case "parquet":
            for (option, value) in [("delimiter", delimiter as Any?), ("escape", escape), ("addQuotes", addQuotes), ("nullAs", nullAs),
                                    ("header", header), ("fixedWidth", fixedWidth)] {
                try refuse(option, value)
            }
            self = .parquet
        default:
            throw .init("\"format\" must be text, csv, fixedwidth or parquet, not \"\(name)\"")
        }
    }

    private static func delimiter(_ text: String) throws(RouteConfigurationError.Problem) -> UInt8 {
        let bytes = Array(text.utf8)
        guard bytes.count == 1, bytes[0] < 0x80, ![0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "\\")].contains(bytes[0]) else {
            throw .init("\"delimiter\" must be one ASCII character other than a line break, a quote or a backslash")
        }
        return bytes[0]
    }

    /// Redshift's FIXEDWIDTH spec: `name:width` pairs separated by commas.
    static func fixedWidthLayout(_ spec: String, nullMarker: String) throws(RouteConfigurationError.Problem) -> FixedWidthLayout {
        var names: [String] = []
        var widths: [Int] = []
        for item in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let width = Int(parts[1]), (1...65_535).contains(width) else {
                throw .init("\"fixedWidth\" item \"\(item)\" is not name:width (width 1 to 65535)")
            }
            names.append(String(parts[0]))
            widths.append(width)
        }
        return FixedWidthLayout(names: names, widths: widths, nullMarker: nullMarker)
    }
}
