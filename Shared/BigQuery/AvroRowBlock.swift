/// One block of a stream's rows as the Storage Read API sends it.
public struct AvroRowBlock: Sendable, Equatable {
    /// `rowCount` rows, each in Avro binary encoding, back to back (no container-file header).
    public var rows: [UInt8]
    public var rowCount: Int64
    /// The stream offset of the first row of this block.
    public var offset: Int64
    public var progress: StreamProgress?
    /// How much the service throttled the stream, 0…100, when it said.
    public var throttlePercent: Int32?
    /// The Avro schema JSON, in the block that carried it (the first of a ReadRows call).
    public var avroSchema: String?

    public init(rows: [UInt8], rowCount: Int64, offset: Int64, progress: StreamProgress? = nil, throttlePercent: Int32? = nil, avroSchema: String? = nil) {
        self.rows = rows
        self.rowCount = rowCount
        self.offset = offset
        self.progress = progress
        self.throttlePercent = throttlePercent
        self.avroSchema = avroSchema
    }
}
