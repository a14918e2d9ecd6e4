/// How a delimited text file is written. Pinned per contract or per pipeline, never sniffed: a sniffer that
/// guesses wrong turns a broken file into a silently different table.
///
/// The presets cover the two shapes the pipeline meets:
/// - `csv`: RFC 4180 (comma, `"` quotes, `""` for a quote inside a quoted field, header row).
/// - `redshiftEscaped`: Redshift `UNLOAD ... DELIMITER '|' ESCAPE`: no quoting, a backslash before a delimiter,
///   CR, LF, backslash or quote makes it data (Python's `csv` with `escapechar='\\'`, `quoting=QUOTE_NONE`).
public struct DelimitedDialect: Sendable, Equatable {
    /// Field separator (one byte; ASCII in practice).
    public var delimiter: UInt8
    /// Quote byte; nil when quoting is not used (quotes are then ordinary data). A quote is only special at
    /// the start of a field; inside an unquoted field it is data and counted as a stray quote.
    public var quote: UInt8?
    /// Inside a quoted field, two quotes stand for one (RFC 4180). Without it a quote ends the field.
    public var doubleQuote: Bool
    /// Escape byte: the byte after it is data wherever it appears (quoted or not). nil: no escaping.
    public var escape: UInt8?
    /// The first record names the columns.
    public var header: Bool
    /// A CR not followed by LF ends a line too (old Mac files). Off by default: a lone CR is then data.
    /// LF and CRLF always end a record outside quotes, and both may appear in one file.
    public var loneCarriageReturnEndsLine: Bool
    /// Lines with no bytes at all are skipped (and counted) instead of becoming a one-empty-field record,
    /// except in a one-column file (known from the header or the first record), where they are that record.
    public var skipBlankLines: Bool

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8? = UInt8(ascii: "\""), doubleQuote: Bool = true,
        escape: UInt8? = nil, header: Bool = true, loneCarriageReturnEndsLine: Bool = false, skipBlankLines: Bool = true
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.doubleQuote = doubleQuote
        self.escape = escape
        self.header = header
        self.loneCarriageReturnEndsLine = loneCarriageReturnEndsLine
        self.skipBlankLines = skipBlankLines
    }

    /// RFC 4180 CSV with a header row.
    public static let csv = DelimitedDialect()

    /// Redshift UNLOAD's default text output with `ESCAPE` (pipe-delimited, no quotes, backslash escapes).
    /// Set `header` when the UNLOAD used `HEADER`.
    public static let redshiftEscaped = DelimitedDialect(
        delimiter: UInt8(ascii: "|"), quote: nil, doubleQuote: false, escape: UInt8(ascii: "\\"), header: false)
}
