import ProtocolBuffers

/// `SplitReadStreamRequest`: split a stream at `fraction` of its rows into a primary and a remainder.
public struct SplitReadStreamRequest: ProtobufMessage, Equatable {
    public var name = ""
    public var fraction: Double = 0

    public init() {}
    public init(name: String, fraction: Double) {
        self.name = name
        self.fraction = fraction
    }

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited): name = try reader.string()
        case (2, .fixed64): fraction = try reader.double()
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.stringFieldIfNotEmpty(1, name)
        if fraction.bitPattern != 0 { writer.doubleField(2, fraction) }
    }
}

/// `SplitReadStreamResponse`; both streams are absent when the stream cannot be split any more.
public struct SplitReadStreamResponse: ProtobufMessage, Equatable {
    public var primaryStream: ReadStream?
    public var remainderStream: ReadStream?

    public init() {}

    public mutating func decodeField(_ number: UInt64, _ wireType: ProtobufReader.WireType, from reader: inout ProtobufReader)
        throws(ProtobufReader.Problem) -> Bool
    {
        switch (number, wireType) {
        case (1, .lengthDelimited):
            var stream = primaryStream ?? ReadStream()
            try reader.merge(into: &stream)
            primaryStream = stream
        case (2, .lengthDelimited):
            var stream = remainderStream ?? ReadStream()
            try reader.merge(into: &stream)
            remainderStream = stream
        default: return false
        }
        return true
    }

    public func encode(to writer: inout ProtobufWriter) {
        if let primaryStream { writer.messageField(1, primaryStream) }
        if let remainderStream { writer.messageField(2, remainderStream) }
    }
}
