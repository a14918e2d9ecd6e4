/// A message type that reads and writes itself in the wire format. Decoding follows protobuf's rules for
/// parsers: fields in any order, the last value of a scalar wins, a message field seen twice is merged, and a
/// field of unknown number or of an unexpected wire type is skipped.
public protocol ProtobufMessage: Sendable {
    init()
    /// Reads the value of field `number` into `self`; returns false for a field (or wire type) the type does
    /// not know, which the caller then skips.
    mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    func encode(to writer: inout ProtobufWriter)
}

extension ProtobufMessage {
    /// Decodes a whole buffer.
    public init(protobuf bytes: [UInt8]) throws(ProtobufReader.Problem) {
        self.init()
        var reader = ProtobufReader(bytes)
        try merge(from: &reader)
    }

    /// Reads fields until the reader's end.
    public mutating func merge(from reader: inout ProtobufReader) throws(ProtobufReader.Problem) {
        while !reader.isAtEnd {
            let (number, wireType) = try reader.field()
            if try !decodeField(number, wireType, from: &reader) {
                try reader.skip(wireType, number: number)
            }
        }
    }

    public var protobufBytes: [UInt8] {
        var writer = ProtobufWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension ProtobufReader {
    /// A reader over the next length-delimited value: an embedded message.
    public mutating func embedded() throws(Problem) -> ProtobufReader {
        ProtobufReader(bytes, range: try lengthDelimited())
    }

    /// Merges the next length-delimited value into `message`.
    public mutating func merge<Message: ProtobufMessage>(into message: inout Message) throws(Problem) {
        var inner = try embedded()
        try message.merge(from: &inner)
    }

    /// Decodes the next length-delimited value as a new message (one element of a repeated field).
    public mutating func message<Message: ProtobufMessage>(_ type: Message.Type = Message.self) throws(Problem) -> Message {
        var message = Message()
        try merge(into: &message)
        return message
    }
}

extension ProtobufWriter {
    public mutating func messageField(_ number: Int, _ message: some ProtobufMessage) {
        var inner = ProtobufWriter()
        message.encode(to: &inner)
        messageField(number, inner)
    }
}
