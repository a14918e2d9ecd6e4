import ProtocolBuffers

/// `google.cloud.bigquery.storage.v1.ReadSession`: a consistent snapshot of a table split into streams.
/// The caller fills `table`, `dataFormat`, `readOptions` and `snapshotTime`; the service adds the rest.
public struct ReadSession: ProtobufMessage, Equatable {
    /// `DataFormat`; unspecified is refused by the service.
    public struct DataFormat: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public static let unspecified = DataFormat(rawValue: 0)
        public static let avro = DataFormat(rawValue: 1)
        public static let arrow = DataFormat(rawValue: 2)
    }

    /// `projects/{project}/locations/{location}/sessions/{session}`.
    public var name = ""
    /// When the session expires (6 hours after creation on BigQuery).
    public var expireTime: ProtobufTimestamp?
    public var dataFormat = DataFormat.unspecified
    /// The Avro schema (JSON text) of every stream's rows, for `dataFormat == .avro`.
    public var avroSchema: String?
    /// `projects/{project}/datasets/{dataset}/tables/{table}`.
    public var table = ""
    /// `table_modifiers.snapshot_time`: the instant the session reads; absent means "now".
    public var snapshotTime: ProtobufTimestamp?
    public var readOptions = TableReadOptions()
    public var streams: [ReadStream] = []
    public var estimatedTotalBytesScanned: Int64 = 0
    public var estimatedTotalPhysicalFileSize: Int64 = 0
    public var estimatedRowCount: Int64 = 0
    public var traceID = ""

    public init() {}

    public init(table: String, dataFormat: DataFormat = .avro, readOptions: TableReadOptions = TableReadOptions(),
                snapshotTime: ProtobufTimestamp? = nil) {
        self.table = table
        self.dataFormat = dataFormat
        self.readOptions = readOptions
        self.snapshotTime = snapshotTime
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited): name = try reader.string()
        case (2, .lengthDelimited):
            var time = expireTime ?? ProtobufTimestamp()
            try reader.merge(into: &time)
            expireTime = time
        case (3, .varint): dataFormat = DataFormat(rawValue: Int64(try reader.int32()))
        case (4, .lengthDelimited):
            var schema = TextMessage(text: avroSchema ?? "")
            try reader.merge(into: &schema)
            avroSchema = schema.text
        case (6, .lengthDelimited): table = try reader.string()
        case (7, .lengthDelimited):
            var modifiers = TableModifiers(snapshotTime: snapshotTime)
            try reader.merge(into: &modifiers)
            snapshotTime = modifiers.snapshotTime
        case (8, .lengthDelimited): try reader.merge(into: &readOptions)
        case (10, .lengthDelimited): streams.append(try reader.message())
        case (12, .varint): estimatedTotalBytesScanned = try reader.int64()
        case (13, .lengthDelimited): traceID = try reader.string()
        case (14, .varint): estimatedRowCount = try reader.int64()
        case (15, .varint): estimatedTotalPhysicalFileSize = try reader.int64()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, name)
        if let expireTime { writer.messageField(2, expireTime) }
        writer.varintFieldIfNotDefault(3, dataFormat.rawValue)
        if let avroSchema { writer.messageField(4, TextMessage(text: avroSchema)) }
        writer.stringFieldIfNotEmpty(6, table)
        if let snapshotTime { writer.messageField(7, TableModifiers(snapshotTime: snapshotTime)) }
        if readOptions != TableReadOptions() { writer.messageField(8, readOptions) }
        for stream in streams { writer.messageField(10, stream) }
        writer.varintFieldIfNotDefault(12, estimatedTotalBytesScanned)
        writer.stringFieldIfNotEmpty(13, traceID)
        writer.varintFieldIfNotDefault(14, estimatedRowCount)
        writer.varintFieldIfNotDefault(15, estimatedTotalPhysicalFileSize)
    }
}

/// `ReadSession.TableReadOptions`: which columns and rows a session reads.
public struct TableReadOptions: ProtobufMessage, Equatable {
    /// Column names; `a.b` selects a sub-field. Selecting a RECORD selects all of its fields.
    public var selectedFields: [String] = []
    /// A SQL predicate like a WHERE clause (at most 1 MB); empty reads every row.
    public var rowRestriction = ""
    /// Percentage of rows to sample (proto3 `optional double`).
    public var samplePercentage: Double?

    public init() {}

    public init(selectedFields: [String] = [], rowRestriction: String = "", samplePercentage: Double? = nil) {
        self.selectedFields = selectedFields
        self.rowRestriction = rowRestriction
        self.samplePercentage = samplePercentage
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited): selectedFields.append(try reader.string())
        case (2, .lengthDelimited): rowRestriction = try reader.string()
        case (5, .fixed64): samplePercentage = try reader.double()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        for field in selectedFields { writer.stringField(1, field) }
        writer.stringFieldIfNotEmpty(2, rowRestriction)
        if let samplePercentage { writer.doubleField(5, samplePercentage) }
    }
}

/// `ReadStream`: one part of a session's rows, read with ReadRows.
public struct ReadStream: ProtobufMessage, Hashable {
    /// `projects/{project}/locations/{location}/sessions/{session}/streams/{stream}`.
    public var name = ""

    public init() {}
    public init(name: String) { self.name = name }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 1, wireType == .lengthDelimited else { return false }
        name = try reader.string()
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, name)
    }
}

/// `ReadSession.TableModifiers`.
struct TableModifiers: ProtobufMessage {
    var snapshotTime: ProtobufTimestamp?

    init() {}
    init(snapshotTime: ProtobufTimestamp?) { self.snapshotTime = snapshotTime }

    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 1, wireType == .lengthDelimited else { return false }
        var time = snapshotTime ?? ProtobufTimestamp()
        try reader.merge(into: &time)
        snapshotTime = time
        return true
    }

    func encode(to writer: inout ProtobufWriter) {
        if let snapshotTime { writer.messageField(1, snapshotTime) }
    }
}

/// A message whose field 1 is a string: `AvroSchema` (its JSON text).
struct TextMessage: ProtobufMessage {
    var text = ""

    init() {}
    init(text: String) { self.text = text }

    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 1, wireType == .lengthDelimited else { return false }
        text = try reader.string()
        return true
    }

    func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, text)
    }
}
