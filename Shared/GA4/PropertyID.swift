/// A GA4 property's numeric id. It goes into request URLs and S3 keys, so only digits are accepted; the
/// `G-XXXX` measurement id of a web stream is a different thing and is refused with a hint.
public struct PropertyID: Sendable, Hashable, CustomStringConvertible, Codable {
    public let number: String

    /// Accepts `123456789` or `properties/123456789`.
    public init(_ text: String) throws(GA4Error) {
        let digits = text.hasPrefix("properties/") ? String(text.dropFirst("properties/".count)) : text
        guard !digits.isEmpty, digits.utf8.count <= 20, digits.utf8.allSatisfy({ (48...57).contains($0) }) else {
            let hint = text.hasPrefix("G-") ? " (that is a measurement id; use the numeric property id)" : ""
            throw .invalidConfiguration("property id \"\(text)\" is not numeric\(hint)")
        }
        number = digits
    }

    /// `properties/<id>`, as the API names the resource.
    public var resourceName: String { "properties/\(number)" }

    public var description: String { resourceName }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let number = try? container.decode(Int64.self) { text = String(number) } else { text = try container.decode(String.self) }
        do {
            self = try PropertyID(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}
