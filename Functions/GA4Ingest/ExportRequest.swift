#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GA4
import LambdaRuntime

/// One export day of one property: the unit one invocation reads.
struct ExportDay: Codable, Sendable, Hashable, CustomStringConvertible {
    var property: PropertyID
    var date: CivilDate

    var description: String { "property \(property.number) \(date.isoString)" }
}

/// What an export invocation asks for, as the `export` member of a direct invoke or the detail of an EventBridge
/// event with `detail-type` `GA4 Export`:
///
/// - `{}`: the schedule: D-1…D-n of every exported property, each in its own time zone, a day read again only
///   when its table's `lastModifiedTime` changed.
/// - `{"properties": ["123"], "startDate": "2024-01-01", "endDate": "2024-01-31"}`: a backfill (properties
///   optional: all exported ones), each day read unless its table is the one read last time; `"force": true`
///   reads them again anyway.
/// - `{"resume": {"property": "123", "date": "2024-01-01"}, "pending": [...]}`: the continuation a run sends
///   itself at the deadline: the day's cursor is in S3; the days after it follow.
/// - `{"stream": {"day": {...}, "run": …, "session": "…", "index": 2}}`: one stream of a fanned-out day's read
///   session (`ExportStreamTask`), sent by the invocation that planned the day, and by the stream's own
///   invocation when it stops at the deadline.
struct ExportRequest: Codable, Sendable, Equatable {
    var properties: [PropertyID]?
    var startDate: CivilDate?
    var endDate: CivilDate?
    var force: Bool?
    var resume: ExportDay?
    var pending: [ExportDay]?
    var stream: ExportStreamTask?

    static let detailType = "GA4 Export"

    init(
        properties: [PropertyID]? = nil, startDate: CivilDate? = nil, endDate: CivilDate? = nil, force: Bool? = nil,
        resume: ExportDay? = nil, pending: [ExportDay]? = nil, stream: ExportStreamTask? = nil
    ) {
        self.properties = properties
        self.startDate = startDate
        self.endDate = endDate
        self.force = force
        self.resume = resume
        self.pending = pending
        self.stream = stream
    }

    private enum CodingKeys: String, CodingKey {
        case properties, startDate, endDate, force, resume, pending, stream
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        properties = try container.decodeIfPresent([PropertyID].self, forKey: .properties)
        startDate = try container.decodeIfPresent(CivilDate.self, forKey: .startDate)
        endDate = try container.decodeIfPresent(CivilDate.self, forKey: .endDate)
        force = try container.decodeIfPresent(Bool.self, forKey: .force)
        resume = try container.decodeIfPresent(ExportDay.self, forKey: .resume)
        pending = try container.decodeIfPresent([ExportDay].self, forKey: .pending)
        stream = try container.decodeIfPresent(ExportStreamTask.self, forKey: .stream)
        if stream != nil && (startDate != nil || properties != nil || resume != nil || pending != nil) {
            throw DecodingError.dataCorruptedError(forKey: .stream, in: container, debugDescription: "a stream task names nothing else")
        }
        if properties?.isEmpty == true {
            throw DecodingError.dataCorruptedError(forKey: .properties, in: container, debugDescription: "names no property")
        }
        if endDate != nil && startDate == nil {
            throw DecodingError.dataCorruptedError(forKey: .startDate, in: container, debugDescription: "endDate needs a startDate")
        }
        if let startDate, let endDate, endDate < startDate {
            throw DecodingError.dataCorruptedError(forKey: .endDate, in: container, debugDescription: "\(endDate) is before startDate \(startDate)")
        }
        if resume != nil && (startDate != nil || properties != nil) {
            throw DecodingError.dataCorruptedError(forKey: .resume, in: container, debugDescription: "a resume names no dates or properties")
        }
    }

    /// The largest range one event may ask for, per property.
    static let maxDays = 3_660

    /// The days to read, oldest first per property; an unknown property or a too-long range is refused.
    func days(exported: [ExportConfiguration.Property], lookbackDays: Int, now: Date) throws(InvalidEventError) -> [ExportDay] {
        if stream != nil { return [] }
        if resume != nil || pending != nil { return (resume.map { [$0] } ?? []) + (pending ?? []) }
        let chosen: [ExportConfiguration.Property]
        if let properties {
            chosen = try properties.map { (id) throws(InvalidEventError) in
                guard let property = exported.first(where: { $0.id == id }) else {
                    throw InvalidEventError("property \(id.number) is not in GA4_EXPORT_DATASETS")
                }
                return property
            }
        } else {
            chosen = exported
        }
        var days: [ExportDay] = []
        for property in chosen {
            let first: CivilDate
            let last: CivilDate
            if let startDate {
                first = startDate
                last = endDate ?? startDate
            } else {
                let today = property.setting.timeZone.localDate(atUnixSeconds: Int64(now.timeIntervalSince1970.rounded(.down)))
                first = today.adding(days: -lookbackDays)
                last = today.adding(days: -1)
            }
            guard last.daysSinceEpoch - first.daysSinceEpoch < Self.maxDays else {
                throw InvalidEventError("\(first)…\(last) is more than \(Self.maxDays) days")
            }
            for day in first.daysSinceEpoch...last.daysSinceEpoch {
                days.append(ExportDay(property: property.id, date: CivilDate(daysSinceEpoch: day)))
            }
        }
        return days
    }
}
