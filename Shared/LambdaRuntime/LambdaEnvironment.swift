/// Typed access to a function's configuration in environment variables, read once at init. Every failure
/// is a `ConfigurationError` naming the variable, so a misconfigured function fails at init with a clear
/// message instead of on some later invocation.
public struct LambdaEnvironment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw ConfigurationError(variable: name, problem: "is not set") }
        return value
    }

    public func string(_ name: String, default fallback: String) -> String {
        self[name] ?? fallback
    }

    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = self[name] else { return fallback }
        guard let value = Int(text) else {
            throw ConfigurationError(variable: name, problem: "\"\(text)\" is not an integer")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    public func boolean(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = self[name] else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "\"\(text)\" is not a boolean (true or false)")
        }
    }

    /// A value that must be one of a fixed set, e.g. a registrar kind.
    public func choice(_ name: String, default fallback: String, allowed: [String]) throws(ConfigurationError) -> String {
        let value = self[name] ?? fallback
        guard allowed.contains(value) else {
            throw ConfigurationError(variable: name, problem: "\"\(value)\" is not one of \(allowed.joined(separator: ", "))")
        }
        return value
    }

    /// Settings another module reads from the whole environment (the AWS region, credentials and endpoints, say),
    /// with any failure reported as a `ConfigurationError` that names what was being read.
    public func settings<Settings>(_ what: String, _ read: ([String: String]) throws -> Settings) throws(ConfigurationError)
        -> Settings
    {
        do {
            return try read(values)
        } catch {
            throw ConfigurationError(variable: what, problem: "\(error)")
        }
    }

    /// An S3 key prefix: no leading slash, a trailing slash added, nothing that walks up the tree.
    public func keyPrefix(_ name: String, default fallback: String) throws(ConfigurationError) -> String {
        var value = self[name] ?? fallback
        while value.hasPrefix("/") { value.removeFirst() }
        if value.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            throw ConfigurationError(variable: name, problem: "\"\(value)\" must not contain . or .. segments")
        }
        if !value.isEmpty && !value.hasSuffix("/") { value += "/" }
        return value
    }
}
