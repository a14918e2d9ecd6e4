/// An ODCS v3.1.0 data contract (`apiVersion: v3.1.0`, `kind: DataContract`), reduced to what file
/// validation uses. Read with `ContractLoader`; every element keeps the YAML line it came from so errors and
/// reports can point at it.
public struct DataContract: Sendable {
    public var id: String
    public var name: String
    public var version: String
    public var apiVersion: String
    /// The contract's source text hash (SHA-256 hex is computed by callers that have it; empty otherwise).
    public var sourceName: String
    /// Schema objects (tables); a file is validated against one of them (`object(named:)`).
    public var objects: [ContractObject]
    /// The file dialect from the first server's `customProperties.csvDialect` (a project convention: ODCS
    /// servers carry no CSV dialect).
    public var dialect: FileDialect
    /// Dimension thresholds from `customProperties.dimensionThresholds` (row fractions, 0...1).
    public var dimensionThresholds: [String: Double]

    /// The object a file is checked against: the named one, else the only one.
    public func object(named name: String?) -> ContractObject? {
        if let name { return objects.first { $0.name == name } }
        return objects.count == 1 ? objects[0] : nil
    }
}

/// One schema object (a table) and its columns.
public struct ContractObject: Sendable {
    public var name: String
    public var line: Int
    public var properties: [ContractProperty]
    /// Object-level quality rules (`rowCount`, multi-column `duplicateValues`, SQL business rules).
    public var quality: [QualityRule]
    /// How the header must relate to `properties` (`customProperties.columnPolicy`).
    public var columnPolicy: ColumnPolicy
}

/// How a file's columns must match the declared properties.
public enum ColumnPolicy: String, Sendable {
    /// Same columns, same order, nothing else (default).
    case exact
    /// Every declared column present, in any order, no others.
    case anyOrder
    /// Every declared column present; extra columns allowed (ignored).
    case superset
}

/// One declared column.
public struct ContractProperty: Sendable {
    public var name: String
    public var line: Int
    public var logicalType: LogicalType
    public var required: Bool
    public var unique: Bool
    /// Position in a (possibly composite) primary key; nil when not part of it.
    public var primaryKeyPosition: Int?
    public var options: LogicalTypeOptions
    public var quality: [QualityRule]
    /// Overrides the dialect's null markers for this column (`customProperties.nullMarkers`).
    public var nullMarkers: [String]?
}

/// ODCS logical types.
public enum LogicalType: String, Sendable {
    case string, date, timestamp, time, number, integer, object, array, boolean
}

/// `logicalTypeOptions` that are checked per value.
public struct LogicalTypeOptions: Sendable {
    public var format: String?
    public var pattern: String?
    public var minimum: ContractNumber?
    public var maximum: ContractNumber?
    public var exclusiveMinimum: ContractNumber?
    public var exclusiveMaximum: ContractNumber?
    public var minLength: Int?
    public var maxLength: Int?
    /// Total significant digits (numbers); `scale` the digits after the decimal point.
    public var precision: Int?
    public var scale: Int?

    public init() {}
}

/// A bound from a contract: numeric, or text for dates and timestamps (compared as ISO text).
public enum ContractNumber: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .text(let value): value
        }
    }
}

/// The file format settings validation needs beyond the delimited-text dialect.
public struct FileDialect: Sendable {
    public enum Format: String, Sendable { case csv, jsonLines = "json", parquet }
    public var format: Format
    public var delimiter: UInt8
    public var quote: UInt8?
    public var escape: UInt8?
    public var doubleQuote: Bool
    public var header: Bool
    /// Cell texts that mean null (default `[""]`: an empty cell is null). A quoted `""` matches too unless
    /// `quotedNullMarkers` is false (then only unquoted cells can be null, as in PostgreSQL's COPY).
    public var nullMarkers: [String]
    public var quotedNullMarkers: Bool

    public init(format: Format = .csv) {
        self.format = format
        delimiter = UInt8(ascii: ",")
        quote = UInt8(ascii: "\"")
        escape = nil
        doubleQuote = true
        header = true
        nullMarkers = [""]
        quotedNullMarkers = true
    }
}
