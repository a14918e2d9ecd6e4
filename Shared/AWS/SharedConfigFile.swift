#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The INI files the AWS CLI and SDKs share (`~/.aws/credentials`, `~/.aws/config`), for running locally.
///
/// In the credentials file a section is the profile name (`[dev]`); in the config file it is `[profile dev]`,
/// except `[default]`. Comments start with `#` or `;`. Nested sub-sections (indented lines) are skipped.
struct SharedConfigFile {
    /// Section name (the profile name, already stripped of `profile `) → key → value.
    private(set) var profiles: [String: [String: String]] = [:]

    init(text: String, isConfigFile: Bool) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if let first = rawLine.first, first == " " || first == "\t" { continue }
            let line = rawLine.trimmedWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmedWhitespace()
                if isConfigFile && name != "default" {
                    guard name.hasPrefix("profile ") else {
                        current = nil  // sso-session and services sections are not profiles
                        continue
                    }
                    name = name.dropFirst("profile ".count).trimmedWhitespace()
                }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmedWhitespace().lowercased()
            var value = line[line.index(after: equals)...].trimmedWhitespace()
            if let comment = value.firstRange(of: " #") ?? value.firstRange(of: " ;") {
                value = value[..<comment.lowerBound].trimmedWhitespace()
            }
            profiles[current, default: [:]][key] = value
        }
    }

    /// Reads a file; nil when it does not exist.
    static func load(path: String, isConfigFile: Bool) throws(AWSConfigurationError) -> SharedConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw .unreadableFile(path: path, detail: "\(error)")
        }
        return SharedConfigFile(text: String(decoding: data, as: UTF8.self), isConfigFile: isConfigFile)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmedWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
