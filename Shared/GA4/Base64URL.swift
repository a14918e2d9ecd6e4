#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Unpadded base64url (RFC 4648 §5), as JWTs use it.
enum Base64URL {
    static func encode(_ data: some DataProtocol) -> String {
        var text = ""
        for scalar in Data(data).base64EncodedString().unicodeScalars {
            switch scalar {
            case "+": text.unicodeScalars.append("-")
            case "/": text.unicodeScalars.append("_")
            case "=": continue
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
