import CZlib
import LambdaEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a Kinesis record into a clean `WebEvent`, or says exactly why it cannot: base64, then gzip when the
/// payload starts with the gzip magic bytes, then UTF-8, then one JSON object, then the schema's rules.
///
/// Cleaning: text is trimmed and empty text is null; `event_type` and `device_type` are lower-cased and
/// `country` upper-cased; ids may be strings or whole numbers. Required: `session_id`, `event_type` and a
/// timestamp (`timestamp`, or `event_time` when there is no `timestamp`). A missing `user_id` becomes the
/// session's anonymous id and a missing `event_id` becomes `<shard id>-<sequence number>`. Unknown members are
/// kept verbatim in `extra_fields`.
public struct ClickstreamRecordDecoder: Sendable {
    /// Largest payload accepted, after gzip decompression (Kinesis itself caps a record at 1 MiB).
    public var maximumPayloadBytes: Int
    public var timestampRule: EventTimestampRule

    public init(maximumPayloadBytes: Int = 1 << 20, timestampRule: EventTimestampRule = EventTimestampRule()) {
        self.maximumPayloadBytes = maximumPayloadBytes
        self.timestampRule = timestampRule
    }

    /// The members the schema knows; everything else goes to `extra_fields`.
    static let knownMembers: Set<String> = [
        "event_id", "session_id", "user_id", "event_type", "page_url", "referrer", "timestamp", "device_type",
        "browser", "os", "country", "duration_ms",
    ]

    public func decode(_ record: KinesisEventRecord) -> Result<WebEvent, RejectedRecord> {
        let shardID = record.shardId
        let sequenceNumber = record.sequenceNumber
        let arrival = Int64((record.kinesis.approximateArrivalTimestamp * 1000).rounded())
        func reject(_ code: RejectedRecord.Code, _ reason: String) -> Result<WebEvent, RejectedRecord> {
            .failure(RejectedRecord(
                code: code, reason: reason, shardID: shardID, sequenceNumber: sequenceNumber,
                arrivalTimeMilliseconds: arrival, originalData: record.kinesis.data))
        }

        guard let decoded = Data(base64Encoded: record.kinesis.data) else {
            return reject(.notBase64, "data is not valid base64 (\(record.kinesis.data.utf8.count) characters)")
        }
        var payload = [UInt8](decoded)
        if payload.count >= 2, payload[0] == 0x1F, payload[1] == 0x8B {
            switch gunzip(payload) {
            case .success(let inflated): payload = inflated
            case .failure(let problem): return reject(problem.code, problem.reason)
            }
        }
        guard payload.count <= maximumPayloadBytes else {
            return reject(.tooLarge, "payload is \(payload.count) bytes, over the limit of \(maximumPayloadBytes)")
        }
        guard !payload.isEmpty else { return reject(.notJSON, "payload is empty") }
        guard let text = String(validating: payload, as: UTF8.self) else {
            return reject(.invalidUTF8, "payload is not valid UTF-8 (first bad byte at offset \(Self.firstInvalidUTF8Offset(payload)))")
        }

        var scanner = JSONObjectScanner(text)
        let members: [JSONObjectScanner.Member]
        do {
            members = try scanner.members()
        } catch {
            if error.message.hasPrefix("expected a JSON object") {
                return reject(.notAnObject, "payload is not a JSON object: \(error)")
            }
            return reject(.notJSON, "payload is not valid JSON: \(error)")
        }

        var fields: [String: JSONObjectScanner.Member] = [:]
        var extra: [JSONObjectScanner.Member] = []
        for member in members {
            guard fields[member.name] == nil, !extra.contains(where: { $0.name == member.name }) else {
                return reject(.invalidField, "member \"\(member.name.prefix(64))\" appears more than once")
            }
            if Self.knownMembers.contains(member.name) {
                fields[member.name] = member
            } else if member.name == "event_time", fields["timestamp"] == nil, !members.contains(where: { $0.name == "timestamp" }) {
                fields["timestamp"] = member
            } else {
                extra.append(member)
            }
        }

        do throws(FieldProblem) {
            guard let sessionID = try Self.identifier(fields["session_id"], "session_id") else {
                return reject(.missingField, "session_id is missing or empty")
            }
            guard let eventType = try Self.text(fields["event_type"], "event_type")?.lowercased() else {
                return reject(.missingField, "event_type is missing or empty")
            }
            guard let timeMember = fields["timestamp"], timeMember.value != .null else {
                return reject(.missingField, "timestamp is missing (expected timestamp or event_time)")
            }
            let eventTime: Int64
            do throws(EventTimestampRule.Problem) {
                switch timeMember.value {
                case .number(let number): eventTime = try timestampRule.milliseconds(number: number, arrivalMilliseconds: arrival)
                case .string(let text): eventTime = try timestampRule.milliseconds(text: text, arrivalMilliseconds: arrival)
                default: throw .unreadable(String(timeMember.rawValue))
                }
            } catch {
                return reject(.invalidField, "\(timeMember.name): \(error)")
            }
            let userID = try Self.identifier(fields["user_id"], "user_id") ?? AnonymousUserID.forSession(sessionID)
            let eventID = try Self.identifier(fields["event_id"], "event_id") ?? "\(shardID)-\(sequenceNumber)"
            let duration = try Self.duration(fields["duration_ms"])
            let extraFields = extra.isEmpty
                ? nil : "{" + extra.map { "\($0.rawName):\($0.rawValue)" }.joined(separator: ",") + "}"
            return .success(WebEvent(
                eventID: eventID, sessionID: sessionID, userID: userID, eventType: eventType,
                pageURL: try Self.text(fields["page_url"], "page_url"),
                referrer: try Self.text(fields["referrer"], "referrer"),
                eventTimeMilliseconds: eventTime,
                deviceType: try Self.text(fields["device_type"], "device_type")?.lowercased(),
                browser: try Self.text(fields["browser"], "browser"),
                os: try Self.text(fields["os"], "os"),
                country: try Self.text(fields["country"], "country")?.uppercased(),
                durationMilliseconds: duration, extraFields: extraFields,
                shardID: shardID, sequenceNumber: sequenceNumber, arrivalTimeMilliseconds: arrival))
        } catch {
            return reject(.invalidField, error.description)
        }
    }

    // MARK: fields

    struct FieldProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// Optional text: a JSON string, trimmed; null, absent or empty is nil.
    static func text(_ member: JSONObjectScanner.Member?, _ name: String) throws(FieldProblem) -> String? {
        guard let member else { return nil }
        switch member.value {
        case .null: return nil
        case .string(let value):
            let trimmed = value.trimmingASCIIWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        default:
            throw FieldProblem(description: "\(name): expected a string, found \(kind(member.value))")
        }
    }

    /// An id: text, or a whole number written as its decimal text.
    static func identifier(_ member: JSONObjectScanner.Member?, _ name: String) throws(FieldProblem) -> String? {
        guard let member else { return nil }
        if case .number(let number) = member.value {
            guard Int64(number) != nil else {
                throw FieldProblem(description: "\(name): expected a string or a whole number, found \(number.prefix(32))")
            }
            return String(number)
        }
        return try text(member, name)
    }

    /// A non-negative whole number of milliseconds, or null.
    static func duration(_ member: JSONObjectScanner.Member?) throws(FieldProblem) -> Int64? {
        guard let member else { return nil }
        switch member.value {
        case .null: return nil
        case .number(let number):
            if let whole = Int64(number), whole >= 0 { return whole }
            if let value = Double(number), value >= 0, value < 9.0e15, value == value.rounded() { return Int64(value) }
            throw FieldProblem(description: "duration_ms: \(number.prefix(32)) is not a whole number of milliseconds ≥ 0")
        default:
            throw FieldProblem(description: "duration_ms: expected a number, found \(kind(member.value))")
        }
    }

    static func kind(_ value: JSONObjectScanner.Value) -> String {
        switch value {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        }
    }

    // MARK: bytes

    private struct PayloadProblem: Error {
        let code: RejectedRecord.Code
        let reason: String
    }

    private func gunzip(_ compressed: [UInt8]) -> Result<[UInt8], PayloadProblem> {
        // One byte more than the limit tells "too large" apart from "exactly at the limit".
        var output = [UInt8](repeating: 0, count: maximumPayloadBytes + 1)
        var message = [CChar](repeating: 0, count: 256)
        let written = compressed.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                message.withUnsafeMutableBufferPointer { error in
                    czlib_gunzip(source.baseAddress, source.count, destination.baseAddress, destination.count,
                                 error.baseAddress, error.count)
                }
            }
        }
        guard written >= 0 else {
            let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // zlib answers Z_BUF_ERROR (-5) both when the input ends early and when the output does not fit.
            if detail.contains("-5") {
                return .failure(PayloadProblem(
                    code: .badGzip, reason: "gzip payload is truncated or decompresses to more than \(maximumPayloadBytes) bytes"))
            }
            return .failure(PayloadProblem(code: .badGzip, reason: "gzip payload cannot be decompressed (\(detail))"))
        }
        guard written <= maximumPayloadBytes else {
            return .failure(PayloadProblem(code: .tooLarge, reason: "gzip payload decompresses to more than \(maximumPayloadBytes) bytes"))
        }
        output.removeSubrange(written...)
        return .success(output)
    }

    /// Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            for offset in 1..<length {
                guard index + offset < bytes.count else { return index }
                let byte = bytes[index + offset]
                let range = offset == 1 ? lower...upper : 0x80...0xBF
                guard range.contains(byte) else { return index }
            }
            index += length
        }
        return bytes.count
    }
}
