import JSONText

/// The percent-encoding and path rules SigV4 canonical requests are built from.
///
/// SigV4 encodes with the RFC 3986 unreserved set only (`A-Z a-z 0-9 - _ . ~`): a space is `%20`, never `+`,
/// and `+`, `=`, `@` and every non-ASCII byte are escaped. Getting this set wrong is the most common cause of
/// `SignatureDoesNotMatch` in hand-written signers.
public enum SigV4Encoding {
    /// Percent-encodes every byte of `value` that is not unreserved; `/` is kept when `keepingSlash`.
    public static func uriEncode(_ value: some StringProtocol, keepingSlash: Bool = false) -> String {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; other bytes (including `+`) are kept as they are. Invalid escapes are kept literally.
    public static func percentDecode(_ value: some StringProtocol) -> String {
        PercentDecoding.decode(value)
    }

    /// Removes `.` and `..` segments and collapses repeated slashes, keeping a trailing slash; the rule every
    /// service but S3 applies before signing.
    public static func normalizePath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        let endsInDirectory = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        if endsInDirectory && result != "/" { result += "/" }
        return result
    }

    /// The canonical query string: every name and value decoded from the wire form and re-encoded strictly,
    /// sorted by encoded name then encoded value, a missing value written as `name=`.
    public static func canonicalQuery(_ query: some StringProtocol) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = uriEncode(percentDecode(parts[0]))
            let value = parts.count > 1 ? uriEncode(percentDecode(parts[1])) : ""
            pairs.append((name, value))
        }
        pairs.sort { $0.0 == $1.0 ? $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// The form of a query for the wire: each name and value encoded strictly, in the given order.
    public static func queryString(_ items: [(String, String?)]) -> String {
        items.map { name, value in
            value.map { "\(uriEncode(name))=\(uriEncode($0))" } ?? uriEncode(name)
        }.joined(separator: "&")
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}

/// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
