/// Why a Parquet file could not be read, and where: the byte offset in the file, the row group and the column
/// (dotted leaf path) whenever the failure lies inside one.
public struct ParquetReadFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The byte source failed or returned fewer bytes than asked for.
        case io
        /// The file is shorter than its structure says (no magic, footer or chunk past the end).
        case truncated
        /// The footer or a page header is not valid Thrift, or misses a required field.
        case malformedMetadata
        /// The schema element list does not form a tree, or a leaf has an impossible type.
        case malformedSchema
        /// A page's sizes, counts or levels contradict the header or the column chunk.
        case malformedPage
        /// Encoded values are malformed (bad run, dictionary index out of range, lengths past the page).
        case malformedValues
        /// The compressed bytes do not decompress to the size the page header declares.
        case decompressionFailed
        /// A page or a column chunk claims more than the reader's configured limits.
        case limitExceeded
        /// An encoding, codec, page type or physical type this reader does not implement.
        case unsupported
        /// A projection or row-group index that the file does not have.
        case invalidRequest
    }

    public var kind: Kind
    public var detail: String
    /// Offset in the file of the structure that failed (footer, page header, page body), when known.
    public var fileOffset: Int?
    public var rowGroup: Int?
    public var column: String?

    public init(_ kind: Kind, _ detail: String, fileOffset: Int? = nil, rowGroup: Int? = nil, column: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.fileOffset = fileOffset
        self.rowGroup = rowGroup
        self.column = column
    }

    public var description: String {
        var place: [String] = []
        if let rowGroup { place.append("row group \(rowGroup)") }
        if let column { place.append("column '\(column)'") }
        if let fileOffset { place.append("file offset \(fileOffset)") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        return "unreadable Parquet file (\(kind.rawValue)): \(prefix)\(detail)"
    }
}

extension ParquetError {
    static func unreadable(
        _ kind: ParquetReadFailure.Kind, _ detail: String, fileOffset: Int? = nil, rowGroup: Int? = nil, column: String? = nil
    ) -> ParquetError {
        .unreadable(ParquetReadFailure(kind, detail, fileOffset: fileOffset, rowGroup: rowGroup, column: column))
    }

    /// The same failure placed in a row group and column, keeping what it already knew.
    func located(rowGroup: Int?, column: String?) -> ParquetError {
        guard case .unreadable(var failure) = self else { return self }
        failure.rowGroup = failure.rowGroup ?? rowGroup
        failure.column = failure.column ?? column
        return .unreadable(failure)
    }
}
