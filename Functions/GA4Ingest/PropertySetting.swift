import GA4
import LambdaRuntime

/// One configured GA4 property and the reporting time zone its days are counted in.
struct PropertySetting: Sendable, Equatable {
    let id: PropertyID
    /// IANA name (`America/Los_Angeles`) or `UTC`.
    let timeZoneName: String
    let timeZone: TimeZoneRules

    /// `123456789,987654321=Europe/Berlin`: ids with an optional time zone each; duplicates are refused.
    static func parseList(_ text: String, defaultTimeZone: String, variable: String) throws(ConfigurationError) -> [PropertySetting] {
        var settings: [PropertySetting] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = entry.trimmingSpaces
            guard !trimmed.isEmpty else {
                throw ConfigurationError(variable: variable, problem: "has an empty entry in \"\(text)\"")
            }
            let pieces = trimmed.split(separator: "=", maxSplits: 1)
            let id: PropertyID
            do {
                id = try PropertyID(String(pieces[0]).trimmingSpaces)
            } catch {
                throw ConfigurationError(variable: variable, problem: "entry \"\(trimmed)\": \(error.description)")
            }
            let zoneName = pieces.count == 2 ? String(pieces[1]).trimmingSpaces : defaultTimeZone
            let zone: TimeZoneRules
            do {
                zone = try TimeZoneRules.load(zoneName)
            } catch {
                throw ConfigurationError(variable: pieces.count == 2 ? variable : "GA4_TIME_ZONE", problem: error.description)
            }
            guard !settings.contains(where: { $0.id == id }) else {
                throw ConfigurationError(variable: variable, problem: "lists property \(id.number) twice")
            }
            settings.append(PropertySetting(id: id, timeZoneName: zoneName, timeZone: zone))
        }
        return settings
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
