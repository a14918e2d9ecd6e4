#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4

/// One report request of a run: one report, one property, one day.
struct IngestUnit: Sendable, Equatable, Codable {
    var date: CivilDate
    var propertyId: PropertyID
    var report: String

    var label: String { "report \(report) for \(propertyId) on \(date)" }
}

/// Everything a run will fetch, in order: days oldest first, then properties, then reports, so a run that
/// stops leaves a contiguous finished past behind it.
struct IngestPlan: Sendable, Equatable {
    enum Mode: String, Sendable, Codable {
        case scheduled, backfill
    }

    let mode: Mode
    let units: [IngestUnit]
    /// Names the plan in the cursor key: the same event always gives the same fingerprint.
    let fingerprint: String

    /// The lookback window of a scheduled run: the `lookbackDays` complete days before `time`, counted in each
    /// property's time zone.
    static func scheduled(time: Date, properties: [PropertySetting], reports: [ReportDefinition], lookbackDays: Int) -> IngestPlan {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        var units: [IngestUnit] = []
        for property in properties {
            let today = property.timeZone.localDate(atUnixSeconds: seconds)
            for back in stride(from: lookbackDays, through: 1, by: -1) {
                let day = today.adding(days: -back)
                for report in reports { units.append(IngestUnit(date: day, propertyId: property.id, report: report.name)) }
            }
        }
        units = ordered(units, properties: properties.map(\.id), reports: reports.map(\.name))
        let stamp = RFC3339.format(unixSeconds: seconds).replacingColons
        return IngestPlan(mode: .scheduled, units: units, fingerprint: "scheduled-\(stamp)")
    }

    /// A backfill: every day of the range for every named property (which must be configured) and report.
    static func backfill(
        _ request: BackfillRequest, configured: [PropertySetting], reports: [ReportDefinition], maxRequests: Int
    ) throws(GA4IngestInputError) -> IngestPlan {
        for property in request.properties where !configured.contains(where: { $0.id == property }) {
            throw GA4IngestInputError("backfill property \(property.number) is not in GA4_PROPERTIES (\(configured.map(\.id.number).joined(separator: ",")))")
        }
        var chosen = reports
        if let names = request.reports {
            guard !names.isEmpty else { throw GA4IngestInputError("backfill reports is empty; leave it out for every report") }
            for name in names where !reports.contains(where: { $0.name == name }) {
                throw GA4IngestInputError("backfill report \"\(name)\" is not configured (\(reports.map(\.name).joined(separator: ", ")))")
            }
            chosen = reports.filter { names.contains($0.name) }
        }
        let days = request.endDate.daysSinceEpoch - request.startDate.daysSinceEpoch + 1
        let count = days * request.properties.count * chosen.count
        guard count <= maxRequests else {
            throw GA4IngestInputError(
                "backfill of \(days) days × \(request.properties.count) properties × \(chosen.count) reports is \(count) requests, over GA4_MAX_BACKFILL_REQUESTS (\(maxRequests)); split the range")
        }
        var units: [IngestUnit] = []
        for offset in 0..<days {
            let day = request.startDate.adding(days: offset)
            for property in request.properties {
                for report in chosen { units.append(IngestUnit(date: day, propertyId: property, report: report.name)) }
            }
        }
        let description = "\(request.startDate)|\(request.endDate)|\(request.properties.map(\.number).joined(separator: ","))|\(chosen.map(\.name).joined(separator: ","))"
        return IngestPlan(
            mode: .backfill, units: units,
            fingerprint: "backfill-\(request.startDate)-\(request.endDate)-\(FNV1a.hex(description))")
    }

    private static func ordered(_ units: [IngestUnit], properties: [PropertyID], reports: [String]) -> [IngestUnit] {
        units.sorted { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.propertyId != b.propertyId {
                return properties.firstIndex(of: a.propertyId)! < properties.firstIndex(of: b.propertyId)!
            }
            return reports.firstIndex(of: a.report)! < reports.firstIndex(of: b.report)!
        }
    }
}

/// An event that asks for something the configuration does not allow.
struct GA4IngestInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// 64-bit FNV-1a: a short stable name for a plan (not a security measure).
enum FNV1a {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// UTC timestamps for keys and documents.
enum RFC3339 {
    /// `2025-05-02T06:00:00Z`.
    static func format(unixSeconds: Int64) -> String {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        let seconds = Int(unixSeconds - Int64(days) * 86_400)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(CivilDate(daysSinceEpoch: days).isoString)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }

    /// With milliseconds, for fetch times.
    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let base = format(unixSeconds: milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let fraction = Int(((milliseconds % 1000) + 1000) % 1000)
        let text = String(fraction)
        return String(base.dropLast()) + "." + String(repeating: "0", count: 3 - text.count) + text + "Z"
    }
}

extension String {
    /// Colons are legal in S3 keys but awkward in shells and some tools; keys use `2025-05-02T060000Z`.
    var replacingColons: String { String(filter { $0 != ":" }) }
}
