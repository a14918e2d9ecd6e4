import CZlib
import JSONText
import LambdaEvents

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a Kinesis record into clean `WebEvent`s, or says exactly why it cannot: base64, then, for a record
/// aggregated by the Kinesis Producer Library (`KPLAggregate`), its user records one by one; then for each
/// payload gzip when it starts with the gzip magic bytes, UTF-8, one JSON object, and the schema's rules.
///
/// Cleaning: text is trimmed and empty text is null; `event_type` and `device_type` are lower-cased and
/// `country` upper-cased; ids may be strings or whole numbers. Required: `session_id`, `event_type` and a
/// timestamp (`timestamp`, or `event_time` when there is no `timestamp`). A missing `user_id` becomes the
/// session's anonymous id and a missing `event_id` becomes `<shard id>-<sequence number>` (with
/// `-<sub-sequence number>` for a user record of an aggregate). Unknown members are
/// kept verbatim in `extra_fields`.
public struct ClickstreamRecordDecoder: Sendable {
    /// Largest payload accepted, after gzip decompression (Kinesis itself caps a record at 1 MiB).
    public var maximumPayloadBytes: Int
    public var timestampRule: EventTimestampRule

    public init(maximumPayloadBytes: Int = 1 << 20, timestampRule: EventTimestampRule = EventTimestampRule()) {
        self.maximumPayloadBytes = maximumPayloadBytes
        self.timestampRule = timestampRule
    }

    public func decode(_ record: KinesisEventRecord) -> DecodedRecord {
        decode(record, shardID: record.shardId)
    }

    /// `decode(_:)` for a caller that already holds the record's shard id (`record.shardId`).
    public func decode(_ record: KinesisEventRecord, shardID: String) -> DecodedRecord {
        var data = record.kinesis.data
        let decoded = data.withUTF8 { StrictBase64.decode($0) }
        let arrivalSeconds = record.kinesis.approximateArrivalTimestamp
        // Kinesis stamps every record; a time no Int64 of milliseconds can hold is a broken event, rejected
        // (under 1970-01-01 in failed/) rather than trapping on the conversion.
        let arrivalIsTime = arrivalSeconds.isFinite && abs(arrivalSeconds) < 9.0e12
        let arrival = arrivalIsTime ? Int64((arrivalSeconds * 1000).rounded()) : 0
        // A user record re-submitted alone out of a KPL aggregate carries its index there (pipeline-ops sets it).
        let resubmittedIndex = record.kinesis.subSequenceNumber
        func reject(_ code: RejectedRecord.Code, _ reason: String) -> DecodedRecord {
            .rejected(RejectedRecord(
                code: code, reason: reason, shardID: shardID, sequenceNumber: record.sequenceNumber,
                subSequenceNumber: resubmittedIndex, arrivalTimeMilliseconds: arrival, originalData: record.kinesis.data))
        }
        guard arrivalIsTime else {
            return reject(.invalidField, "approximateArrivalTimestamp \(arrivalSeconds) is not a time")
        }
        guard let payload = decoded else {
            return reject(.notBase64, "data is not valid base64 (\(record.kinesis.data.utf8.count) characters)")
        }
        if let resubmittedIndex, resubmittedIndex < 0 {
            return reject(.invalidField, "subSequenceNumber \(resubmittedIndex) is negative")
        }
        var source = Source(shardID: shardID, sequenceNumber: record.sequenceNumber, arrival: arrival)
        source.subSequenceNumber = resubmittedIndex
        guard KPLAggregate.hasMagic(payload) else {
            switch userRecord(payload, source: source) {
            case .success(let event): return .event(event)
            case .failure(let problem): return reject(problem.code, problem.reason)
            }
        }
        guard resubmittedIndex == nil else {
            return reject(.badAggregate, "a user record re-submitted with a subSequenceNumber cannot itself be a KPL aggregate")
        }
        let aggregate: KPLAggregate
        do throws(KPLAggregate.Problem) {
            aggregate = try KPLAggregate(payload)
        } catch {
            return reject(.badAggregate, "KPL aggregate: \(error.description)")
        }
        return .aggregate(aggregate.records.enumerated().map { index, user in
            var source = source
            source.subSequenceNumber = Int64(index)
            let bytes = Array(payload[user.data])
            switch userRecord(bytes, source: source) {
            case .success(let event): return .success(event)
            case .failure(let problem):
                // The user record's own bytes: re-submitted alone, it cannot duplicate its siblings.
                return .failure(RejectedRecord(
                    code: problem.code, reason: "user record \(index): \(problem.reason)", shardID: shardID,
                    sequenceNumber: record.sequenceNumber, subSequenceNumber: Int64(index), arrivalTimeMilliseconds: arrival,
                    originalData: Data(bytes).base64EncodedString()))
            }
        })
    }

    /// Where a payload came from: the row's record metadata.
    private struct Source {
        let shardID: String
        let sequenceNumber: String
        let arrival: Int64
        /// The index within a KPL aggregate; nil for a plain record.
        var subSequenceNumber: Int64?
    }

    /// One user record's payload (a plain record's whole data, or one record of an aggregate) to a row: gzip
    /// when it starts with the gzip magic bytes, then UTF-8, then one JSON object, then the schema's rules.
    private func userRecord(_ payload: [UInt8], source: Source) -> Result<WebEvent, PayloadProblem> {
        var payload = payload
        func reject(_ code: RejectedRecord.Code, _ reason: String) -> Result<WebEvent, PayloadProblem> {
            .failure(PayloadProblem(code: code, reason: reason))
        }
        if payload.count >= 2, payload[0] == 0x1F, payload[1] == 0x8B {
            switch gunzip(payload) {
            case .success(let inflated): payload = inflated
            case .failure(let problem): return .failure(problem)
            }
        }
        guard payload.count <= maximumPayloadBytes else {
            return reject(.tooLarge, "payload is \(payload.count) bytes, over the limit of \(maximumPayloadBytes)")
        }
        guard !payload.isEmpty else { return reject(.notJSON, "payload is empty") }
        let invalidUTF8 = Self.firstInvalidUTF8Offset(payload)
        guard invalidUTF8 == payload.count else {
            return reject(.invalidUTF8, "payload is not valid UTF-8 (first bad byte at offset \(invalidUTF8))")
        }
        return payload.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            let object: PayloadObject
            do throws(PayloadObject.Problem) {
                object = try PayloadObject(reading: &reader)
            } catch {
                switch error {
                case .notJSON(let syntax): return reject(.notJSON, "payload is not valid JSON: \(syntax)")
                case .notAnObject(let kind): return reject(.notAnObject, "payload is not a JSON object: found \(kind)")
                case .duplicate(let name): return reject(.invalidField, "member \"\(name.prefix(64))\" appears more than once")
                }
            }
            do throws(FieldProblem) {
                return try row(object, reader: reader, source: source, reject: reject)
            } catch {
                return reject(.invalidField, error.description)
            }
        }
    }

    /// The row from a payload's members, or the rejection of a missing required field.
    private func row(
        _ object: PayloadObject, reader: JSONReader, source: Source,
        reject: (RejectedRecord.Code, String) -> Result<WebEvent, PayloadProblem>
    ) throws(FieldProblem) -> Result<WebEvent, PayloadProblem> {
        let arrival = source.arrival
        let fields = FieldReader(object: object, reader: reader)
        guard let sessionID = try fields.identifier(.sessionID) else {
            return reject(.missingField, "session_id is missing or empty")
        }
        guard let eventType = try fields.text(.eventType)?.lowercased() else {
            return reject(.missingField, "event_type is missing or empty")
        }
        let timeField: PayloadObject.Field = object[.timestamp] != nil ? .timestamp : .eventTime
        guard let time = object[timeField], time.kind != .null else {
            return reject(.missingField, "timestamp is missing (expected timestamp or event_time)")
        }
        let eventTime: Int64
        do throws(EventTimestampRule.Problem) {
            switch time.kind {
            case .number:
                eventTime = try timestampRule.milliseconds(number: Substring(fields.source(time)), arrivalMilliseconds: arrival)
            case .string:
                eventTime = try timestampRule.milliseconds(text: reader.string(time.string!), arrivalMilliseconds: arrival)
            default:
                throw .unreadable(fields.source(time))
            }
        } catch {
            return reject(.invalidField, "\(timeField.name): \(error)")
        }
        let shardID = source.shardID
        let sequenceNumber = source.sequenceNumber
        let userID = try fields.identifier(.userID) ?? AnonymousUserID.forSession(sessionID)
        // A user record of an aggregate shares its Kinesis sequence number with its siblings.
        let eventID = try fields.identifier(.eventID)
            ?? (source.subSequenceNumber.map { "\(shardID)-\(sequenceNumber)-\($0)" } ?? "\(shardID)-\(sequenceNumber)")
        return .success(WebEvent(
            eventID: eventID, sessionID: sessionID, userID: userID, eventType: eventType,
            pageURL: try fields.text(.pageURL),
            referrer: try fields.text(.referrer),
            eventTimeMilliseconds: eventTime,
            deviceType: try fields.text(.deviceType)?.lowercased(),
            browser: try fields.text(.browser),
            os: try fields.text(.os),
            country: try fields.text(.country)?.uppercased(),
            durationMilliseconds: try fields.duration(),
            extraFields: object.extraFieldsJSON(reader),
            shardID: shardID, sequenceNumber: sequenceNumber, arrivalTimeMilliseconds: arrival,
            subSequenceNumber: source.subSequenceNumber))
    }

    // MARK: fields

    struct FieldProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the schema's fields from a payload's members, with the cleaning rules.
    private struct FieldReader {
        let object: PayloadObject
        let reader: JSONReader

        func source(_ value: PayloadObject.Value) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[value.source]), as: UTF8.self)
        }

        /// Optional text: a JSON string, trimmed; null, absent or empty is nil.
        func text(_ field: PayloadObject.Field) throws(FieldProblem) -> String? {
            guard let value = object[field] else { return nil }
            switch value.kind {
            case .null: return nil
            case .string: return Self.trimmedText(value.string!, reader)
            default:
                throw FieldProblem(description: "\(field.name): expected a string, found \(ClickstreamRecordDecoder.kind(value.kind))")
            }
        }

        /// An id: text, or a whole number written as its decimal text.
        func identifier(_ field: PayloadObject.Field) throws(FieldProblem) -> String? {
            guard let value = object[field] else { return nil }
            if value.kind == .number {
                guard reader.int64(value.source) != nil else {
                    throw FieldProblem(description: "\(field.name): expected a string or a whole number, found \(source(value).prefix(32))")
                }
                return source(value)
            }
            return try text(field)
        }

        /// A non-negative whole number of milliseconds, or null.
        func duration() throws(FieldProblem) -> Int64? {
            guard let value = object[.durationMilliseconds] else { return nil }
            switch value.kind {
            case .null: return nil
            case .number:
                if let whole = reader.int64(value.source), whole >= 0 { return whole }
                let number = reader.double(value.source)
                if number >= 0, number < 9.0e15, number == number.rounded() { return Int64(number) }
                throw FieldProblem(description: "duration_ms: \(source(value).prefix(32)) is not a whole number of milliseconds ≥ 0")
            default:
                throw FieldProblem(description: "duration_ms: expected a number, found \(ClickstreamRecordDecoder.kind(value.kind))")
            }
        }

        /// The decoded text of a string token without leading and trailing ASCII whitespace; nil when that
        /// leaves nothing. Text without escapes is trimmed in place, so a field costs one String.
        private static func trimmedText(_ token: JSONStringToken, _ reader: JSONReader) -> String? {
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
                var start = 0
                var end = bytes.count
                while start < end, isSpace(bytes[start]) { start += 1 }
                while end > start, isSpace(bytes[end - 1]) { end -= 1 }
                guard start < end else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            guard token.hasEscapes else { return trimmed(UnsafeBufferPointer(rebasing: reader.bytes[token.contentRange])) }
            var bytes: [UInt8] = []
            reader.appendDecoded(token, to: &bytes)
            return bytes.withUnsafeBufferPointer(trimmed)
        }
    }

    static func kind(_ kind: JSONValueKind) -> String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        case .invalid: "an invalid value"
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
            // ASCII eight bytes at a time: payloads are mostly ASCII.
            while index + 8 <= bytes.count, Self.asciiWord(bytes, at: index) { index += 8 }
            guard index < bytes.count else { break }
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

    private static func asciiWord(_ bytes: [UInt8], at index: Int) -> Bool {
        bytes.withUnsafeBytes { raw in raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 }
    }
}
