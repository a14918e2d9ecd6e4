/// gRPC's length-prefixed messages on an HTTP/2 body (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md):
/// a compressed-flag byte, a 4-byte big-endian length, then the message. Messages arrive split across DATA
/// frames and several in one frame, so the reader keeps what it has until a message is complete.
public enum GRPCMessageFraming {
    /// The frame of an uncompressed message.
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let length = UInt32(message.count)
        var framed: [UInt8] = [0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        framed.append(contentsOf: message)
        return framed
    }
}

/// Why the bytes of a gRPC body are not a sequence of messages.
public struct GRPCFramingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Cuts a gRPC body, fed in arbitrary pieces, into messages.
public struct GRPCMessageDeframer: Sendable {
    /// Messages longer than this are refused before they are buffered (BigQuery's are at most 100 MiB,
    /// plus the protobuf envelope).
    public let maxMessageLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes taken in so far: the position a framing error refers to.
    public private(set) var bytesConsumed = 0

    public init(maxMessageLength: Int = 128 << 20) {
        self.maxMessageLength = maxMessageLength
    }

    /// Bytes of an unfinished message are waiting; at the end of a body this means it was cut short.
    public var hasPartialMessage: Bool { start < buffer.count }

    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16, start > buffer.count / 2 {
            // Drop what was handed out, at most once per doubling: linear overall.
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, or nil until more bytes arrive.
    public mutating func next() throws(GRPCFramingError) -> [UInt8]? {
        let available = buffer.count - start
        guard available >= 5 else { return nil }
        let flag = buffer[start]
        let length = Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8 | Int(buffer[start + 4])
        guard flag == 0 else {
            throw GRPCFramingError(
                reason: flag == 1
                    ? "message at byte \(bytesConsumed) is compressed, but no compression was negotiated"
                    : "message at byte \(bytesConsumed) has flag byte \(flag) (0 or 1 expected)")
        }
        guard length <= maxMessageLength else {
            throw GRPCFramingError(reason: "message at byte \(bytesConsumed) is \(length) bytes long, over the limit of \(maxMessageLength)")
        }
        guard available - 5 >= length else {
            buffer.reserveCapacity(start + 5 + length)
            return nil
        }
        let message = Array(buffer[(start + 5)..<(start + 5 + length)])
        start += 5 + length
        bytesConsumed += 5 + length
        return message
    }
}
