/// An IANA time zone name as AppFlow takes it for a schedule (`UTC`, `Europe/Berlin`,
/// `America/Argentina/Buenos_Aires`, `Etc/GMT+2`): checked by shape, since the Lambda image has no zone database;
/// AppFlow rejects a well-formed name it does not know with a ValidationException that names it.
enum TimeZoneName {
    static func problem(_ name: String) -> String? {
        if name == "UTC" || name == "GMT" { return nil }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let areas: Set<Substring> = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"]
        let wellFormed = (2...3).contains(parts.count) && areas.contains(parts[0]) && parts.dropFirst().allSatisfy { part in
            (1...30).contains(part.utf8.count) && part.utf8.first.map({ (65...90).contains($0) || (parts[0] == "Etc") }) == true
                && part.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        }
        return wellFormed ? nil : "\"\(name)\" is not an IANA time zone name (UTC, or Area/Location such as Europe/Berlin)"
    }
}
