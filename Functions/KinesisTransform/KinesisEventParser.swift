import Clickstream
import LambdaEvents
import LambdaRuntime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the Kinesis event Lambda sends in one pass with the hand-written JSON scanner instead of `JSONDecoder`,
/// which spends most of a 10,000-record batch's decoding time on containers and keys. Checks the same fields as
/// `KinesisEventRecord`'s decoder; an error names the field path.
enum KinesisEventParser {
    static func records(from payload: Data) throws(InvalidEventError) -> [KinesisEventRecord] {
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw InvalidEventError("the event is not valid UTF-8")
        }
        var root = JSONObjectScanner(text)
        let top: [JSONObjectScanner.Member]
        do { top = try root.members() } catch { throw InvalidEventError("the event is not valid JSON: \(error)") }
        guard let recordsText = top.first(where: { $0.name == "Records" })?.rawValue else {
            throw InvalidEventError("Records: missing; this is not a Kinesis event")
        }
        var list = JSONObjectScanner(recordsText)
        let elements: [Substring]
        do { elements = try list.elements() } catch { throw InvalidEventError("Records: \(error)") }
        var records: [KinesisEventRecord] = []
        records.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            records.append(try record(element, path: "Records[\(index)]"))
        }
        return records
    }

    private static func record(_ text: Substring, path: String) throws(InvalidEventError) -> KinesisEventRecord {
        let fields = try members(text, path: path)
        let kinesis = try members(try field(fields, "kinesis", path: path, object: true), path: path + ".kinesis")
        let eventID = try string(fields, "eventID", path: path)
        guard let colon = eventID.firstIndex(of: ":"), colon != eventID.startIndex else {
            throw InvalidEventError("\(path).eventID: \"\(eventID.prefix(64))\" is not of the form <shard id>:<sequence number>")
        }
        let arrivalText = try field(kinesis, "approximateArrivalTimestamp", path: path + ".kinesis")
        guard let arrival = Double(arrivalText), arrival.isFinite else {
            throw InvalidEventError("\(path).kinesis.approximateArrivalTimestamp: expected a number")
        }
        var record = KinesisEventRecord(
            kinesis: KinesisRecord(
                kinesisSchemaVersion: try optionalString(kinesis, "kinesisSchemaVersion", path: path + ".kinesis"),
                partitionKey: try string(kinesis, "partitionKey", path: path + ".kinesis"),
                sequenceNumber: try string(kinesis, "sequenceNumber", path: path + ".kinesis"),
                data: try string(kinesis, "data", path: path + ".kinesis"),
                approximateArrivalTimestamp: arrival,
                encryptionType: try optionalString(kinesis, "encryptionType", path: path + ".kinesis")),
            eventSource: try string(fields, "eventSource", path: path),
            eventVersion: try optionalString(fields, "eventVersion", path: path),
            shardId: String(eventID[..<colon]),
            eventName: try optionalString(fields, "eventName", path: path),
            invokeIdentityArn: try optionalString(fields, "invokeIdentityArn", path: path),
            awsRegion: try string(fields, "awsRegion", path: path),
            eventSourceARN: try string(fields, "eventSourceARN", path: path))
        record.eventID = eventID
        return record
    }

    private static func members(_ text: Substring, path: String) throws(InvalidEventError) -> [JSONObjectScanner.Member] {
        var scanner = JSONObjectScanner(text)
        do { return try scanner.members() } catch { throw InvalidEventError("\(path): \(error)") }
    }

    private static func field(_ members: [JSONObjectScanner.Member], _ name: String, path: String, object: Bool = false)
        throws(InvalidEventError) -> Substring
    {
        guard let member = members.first(where: { $0.name == name }) else { throw InvalidEventError("\(path).\(name): missing") }
        if object, member.value != .object { throw InvalidEventError("\(path).\(name): expected an object") }
        return member.rawValue
    }

    private static func string(_ members: [JSONObjectScanner.Member], _ name: String, path: String) throws(InvalidEventError) -> String {
        guard let value = try optionalString(members, name, path: path) else { throw InvalidEventError("\(path).\(name): missing") }
        return value
    }

    private static func optionalString(_ members: [JSONObjectScanner.Member], _ name: String, path: String)
        throws(InvalidEventError) -> String?
    {
        guard let member = members.first(where: { $0.name == name }) else { return nil }
        switch member.value {
        case .string(let text): return text
        case .null: return nil
        default: throw InvalidEventError("\(path).\(name): expected a string")
        }
    }
}
