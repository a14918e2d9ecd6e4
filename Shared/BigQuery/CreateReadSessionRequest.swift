import ProtocolBuffers

/// `CreateReadSessionRequest`.
public struct CreateReadSessionRequest: ProtobufMessage, Equatable {
    /// `projects/{billing project}`: the project billed and whose quota is used; may differ from the table's.
    public var parent = ""
    public var readSession = ReadSession()
    /// Upper bound of streams; 0 lets the service choose (at most 1,000).
    public var maxStreamCount: Int32 = 0
    /// Streams the caller would like at least (best effort).
    public var preferredMinStreamCount: Int32 = 0

    public init() {}

    public init(parent: String, readSession: ReadSession, maxStreamCount: Int32 = 0, preferredMinStreamCount: Int32 = 0) {
        self.parent = parent
        self.readSession = readSession
        self.maxStreamCount = maxStreamCount
        self.preferredMinStreamCount = preferredMinStreamCount
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited): parent = try reader.string()
        case (2, .lengthDelimited): try reader.merge(into: &readSession)
        case (3, .varint): maxStreamCount = try reader.int32()
        case (4, .varint): preferredMinStreamCount = try reader.int32()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, parent)
        writer.messageField(2, readSession)
        writer.varintFieldIfNotDefault(3, Int64(maxStreamCount))
        writer.varintFieldIfNotDefault(4, Int64(preferredMinStreamCount))
    }
}
