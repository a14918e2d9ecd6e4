/// Why identifier hashing could not be set up. Errors name the configuration path and the rule that failed;
/// none ever holds an identifier or key bytes (row values are never errors: see `NormalizationRefusal`).
public enum IdentifierHashingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration document at `path` (e.g. `fields[2].column`) breaks `reason`.
    case configuration(path: String, reason: String)
    /// The HMAC key is missing, unexpected or too short.
    case hmacKey(reason: String)

    public var description: String {
        switch self {
        case .configuration(let path, let reason):
            path.isEmpty ? "identifier hashing configuration: \(reason)" : "identifier hashing configuration: \(path): \(reason)"
        case .hmacKey(let reason): "identifier hashing HMAC key: \(reason)"
        }
    }
}
