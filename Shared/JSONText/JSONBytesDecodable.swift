/// A type that reads itself straight from the bytes of a JSON document with `JSONReader`, for payloads where
/// `JSONDecoder` would be the largest cost (a 6 MB Kinesis batch). The Lambda runtime uses this in place of
/// `Decodable` when an event type offers it; the type keeps its `Decodable` conformance for everything else,
/// and both must agree (their tests check the same documents through both).
public protocol JSONBytesDecodable {
    init(jsonBytes: UnsafeBufferPointer<UInt8>) throws(JSONFieldError)
}

/// Why a document could not be decoded, and where: the path of the failing field in the same form as the
/// `Decodable` path (`Records[3].kinesis.data`), empty for the document as a whole.
public struct JSONFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
