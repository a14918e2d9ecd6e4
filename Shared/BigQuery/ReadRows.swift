import ProtocolBuffers

/// `ReadRowsRequest`: read one stream from `offset` (rows already consumed) on.
public struct ReadRowsRequest: ProtobufMessage, Equatable {
    public var readStream = ""
    public var offset: Int64 = 0

    public init() {}
    public init(readStream: String, offset: Int64) {
        self.readStream = readStream
        self.offset = offset
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited): readStream = try reader.string()
        case (2, .varint): offset = try reader.int64()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, readStream)
        writer.varintFieldIfNotDefault(2, offset)
    }
}

/// `ReadRowsResponse`: one block of rows of a stream, with progress and throttling.
public struct ReadRowsResponse: ProtobufMessage, Equatable {
    /// `avro_rows.serialized_binary_rows`: `rowCount` Avro-encoded rows back to back (no container header).
    public var avroRows: [UInt8]?
    /// Whether the block came as Arrow (`arrow_record_batch`), which this client does not ask for.
    public var hasArrowRecordBatch = false
    public var rowCount: Int64 = 0
    /// `stats.progress`: the fraction of the stream read at the start and end of this block.
    public var progress: StreamProgress?
    /// `throttle_state.throttle_percent`: how much the service slowed this stream (0…100).
    public var throttlePercent: Int32?
    /// The Avro schema JSON; sent in the first response of a stream only.
    public var avroSchema: String?
    /// Size before `response_compression_codec` (proto3 optional; absent when not compressed).
    public var uncompressedByteSize: Int64?
    public var totalEstimatedRowCount: Int64?

    public init() {}

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (2, .lengthDelimited):
            var stats = StreamStats(progress: progress)
            try reader.merge(into: &stats)
            progress = stats.progress
        case (3, .lengthDelimited):
            var rows = AvroRowsMessage(rows: avroRows ?? [])
            try reader.merge(into: &rows)
            avroRows = rows.rows
        case (4, .lengthDelimited):
            _ = try reader.lengthDelimited()
            hasArrowRecordBatch = true
        case (5, .lengthDelimited):
            var state = ThrottleState(percent: throttlePercent ?? 0)
            try reader.merge(into: &state)
            throttlePercent = state.percent
        case (6, .varint): rowCount = try reader.int64()
        case (7, .lengthDelimited):
            var schema = TextMessage(text: avroSchema ?? "")
            try reader.merge(into: &schema)
            avroSchema = schema.text
        case (9, .varint): uncompressedByteSize = try reader.int64()
        case (10, .varint): totalEstimatedRowCount = try reader.int64()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        if let progress { writer.messageField(2, StreamStats(progress: progress)) }
        if let avroRows { writer.messageField(3, AvroRowsMessage(rows: avroRows)) }
        // Only the presence of an Arrow batch is kept (this client reads Avro): written back empty.
        if hasArrowRecordBatch { writer.messageField(4, ProtobufWriter()) }
        if let throttlePercent { writer.messageField(5, ThrottleState(percent: throttlePercent)) }
        writer.varintFieldIfNotDefault(6, rowCount)
        if let avroSchema { writer.messageField(7, TextMessage(text: avroSchema)) }
        if let uncompressedByteSize { writer.varintField(9, uncompressedByteSize) }
        if let totalEstimatedRowCount { writer.varintField(10, totalEstimatedRowCount) }
    }
}

/// `StreamStats.Progress`: fractions (0…1) of the stream's rows read, before and after a block.
public struct StreamProgress: ProtobufMessage, Equatable {
    public var atResponseStart: Double = 0
    public var atResponseEnd: Double = 0

    public init() {}
    public init(atResponseStart: Double, atResponseEnd: Double) {
        self.atResponseStart = atResponseStart
        self.atResponseEnd = atResponseEnd
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .fixed64): atResponseStart = try reader.double()
        case (2, .fixed64): atResponseEnd = try reader.double()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        if atResponseStart.bitPattern != 0 { writer.doubleField(1, atResponseStart) }
        if atResponseEnd.bitPattern != 0 { writer.doubleField(2, atResponseEnd) }
    }
}

/// `StreamStats`.
struct StreamStats: ProtobufMessage {
    var progress: StreamProgress?

    init() {}
    init(progress: StreamProgress?) { self.progress = progress }

    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 2, wireType == .lengthDelimited else { return false }
        var value = progress ?? StreamProgress()
        try reader.merge(into: &value)
        progress = value
        return true
    }

    func encode(to writer: inout ProtobufWriter) {
        if let progress { writer.messageField(2, progress) }
    }
}

/// `AvroRows` (its deprecated `row_count` is ignored: the response's `row_count` counts).
struct AvroRowsMessage: ProtobufMessage {
    var rows: [UInt8] = []

    init() {}
    init(rows: [UInt8]) { self.rows = rows }

    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 1, wireType == .lengthDelimited else { return false }
        rows = try reader.byteArray()
        return true
    }

    func encode(to writer: inout ProtobufWriter) {
        if !rows.isEmpty { writer.bytesField(1, rows) }
    }
}

/// `ThrottleState`.
struct ThrottleState: ProtobufMessage {
    var percent: Int32 = 0

    init() {}
    init(percent: Int32) { self.percent = percent }

    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        guard number == 1, wireType == .varint else { return false }
        percent = try reader.int32()
        return true
    }

    func encode(to writer: inout ProtobufWriter) {
        writer.varintFieldIfNotDefault(1, Int64(percent))
    }
}
