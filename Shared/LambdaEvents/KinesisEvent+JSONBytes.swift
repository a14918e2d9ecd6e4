import JSONText

/// Reads a Kinesis batch in one pass over the invocation's bytes. A 10,000-record batch is 6 MB of JSON, and
/// through `JSONDecoder` its envelope alone cost more than decoding and cleaning every record inside it. The
/// result, the accepted documents and the error paths and reasons are the same as `Decodable`'s; the strings
/// every record repeats (region, stream ARN, role) are shared between records instead of copied.
extension KinesisEvent: JSONBytesDecodable {
    public init(jsonBytes: UnsafeBufferPointer<UInt8>) throws(JSONFieldError) {
        var json = JSONFieldReader(jsonBytes, documentName: "the event")
        var root = try json.object(at: "")
        var records: [KinesisEventRecord]?
        while let name = try json.nextMember(&root) {
            guard json.matches(name, "Records") else {
                try json.skipValue()
                continue
            }
            var repeated = RepeatedFields()
            var array = try json.array(at: "Records")
            var decoded: [KinesisEventRecord] = []
            while try json.nextElement(&array) {
                decoded.append(try KinesisEventRecord(json: &json, index: decoded.count, repeated: &repeated))
            }
            records = decoded
        }
        try json.end()
        guard let records else { throw json.missing("Records") }
        self.init(records: records)
    }

    /// The last text of each field that usually repeats across a batch's records.
    struct RepeatedFields {
        var eventSource = JSONRepeatedString()
        var eventVersion = JSONRepeatedString()
        var eventName = JSONRepeatedString()
        var invokeIdentityArn = JSONRepeatedString()
        var awsRegion = JSONRepeatedString()
        var eventSourceARN = JSONRepeatedString()
        var kinesisSchemaVersion = JSONRepeatedString()
        var encryptionType = JSONRepeatedString()
    }
}

extension KinesisEventRecord {
    init(json: inout JSONFieldReader, index: Int, repeated: inout KinesisEvent.RepeatedFields) throws(JSONFieldError) {
        func path(_ field: String) -> String { "Records[\(index)].\(field)" }
        var object = try json.object(at: "Records[\(index)]")
        var kinesis: KinesisRecord?
        var eventSource: String?
        var eventVersion: String?
        var eventID: String?
        var eventName: String?
        var invokeIdentityArn: String?
        var awsRegion: String?
        var eventSourceARN: String?
        while let name = try json.nextMember(&object) {
            if json.matches(name, "kinesis") {
                kinesis = try KinesisRecord(json: &json, index: index, repeated: &repeated)
            } else if json.matches(name, "eventSource") {
                eventSource = try json.string(at: path("eventSource"), reusing: &repeated.eventSource)
            } else if json.matches(name, "eventVersion") {
                eventVersion = try json.optionalString(at: path("eventVersion"), reusing: &repeated.eventVersion)
            } else if json.matches(name, "eventID") {
                eventID = try json.string(at: path("eventID"))
            } else if json.matches(name, "eventName") {
                eventName = try json.optionalString(at: path("eventName"), reusing: &repeated.eventName)
            } else if json.matches(name, "invokeIdentityArn") {
                invokeIdentityArn = try json.optionalString(at: path("invokeIdentityArn"), reusing: &repeated.invokeIdentityArn)
            } else if json.matches(name, "awsRegion") {
                awsRegion = try json.string(at: path("awsRegion"), reusing: &repeated.awsRegion)
            } else if json.matches(name, "eventSourceARN") {
                eventSourceARN = try json.string(at: path("eventSourceARN"), reusing: &repeated.eventSourceARN)
            } else {
                try json.skipValue()
            }
        }
        // Missing fields are reported in the order `init(from:)` decodes them.
        guard let kinesis else { throw json.missing(path("kinesis")) }
        guard let eventSource else { throw json.missing(path("eventSource")) }
        guard let eventID else { throw json.missing(path("eventID")) }
        guard let awsRegion else { throw json.missing(path("awsRegion")) }
        guard let eventSourceARN else { throw json.missing(path("eventSourceARN")) }
        guard Self.shardSeparator(in: eventID) != nil else {
            throw JSONFieldError(path: path("eventID"), reason: Self.malformedEventID(eventID))
        }
        self.init(
            kinesis: kinesis, eventSource: eventSource, eventVersion: eventVersion, eventID: eventID,
            eventName: eventName, invokeIdentityArn: invokeIdentityArn, awsRegion: awsRegion,
            eventSourceARN: eventSourceARN)
    }
}

extension KinesisRecord {
    init(json: inout JSONFieldReader, index: Int, repeated: inout KinesisEvent.RepeatedFields) throws(JSONFieldError) {
        let path = { "Records[\(index)].kinesis" }
        var object = try json.object(at: path())
        var kinesisSchemaVersion: String?
        var partitionKey: String?
        var sequenceNumber: String?
        var data: String?
        var arrival: Double?
        var encryptionType: String?
        var subSequenceNumber: Int64?
        while let name = try json.nextMember(&object) {
            if json.matches(name, "data") {
                data = try json.string(at: path() + ".data")
            } else if json.matches(name, "sequenceNumber") {
                sequenceNumber = try json.string(at: path() + ".sequenceNumber")
            } else if json.matches(name, "partitionKey") {
                partitionKey = try json.string(at: path() + ".partitionKey")
            } else if json.matches(name, "approximateArrivalTimestamp") {
                arrival = try json.double(at: path() + ".approximateArrivalTimestamp")
            } else if json.matches(name, "kinesisSchemaVersion") {
                kinesisSchemaVersion = try json.optionalString(at: path() + ".kinesisSchemaVersion", reusing: &repeated.kinesisSchemaVersion)
            } else if json.matches(name, "encryptionType") {
                encryptionType = try json.optionalString(at: path() + ".encryptionType", reusing: &repeated.encryptionType)
            } else if json.matches(name, "subSequenceNumber") {
                subSequenceNumber = try json.optionalInt64(at: path() + ".subSequenceNumber")
            } else {
                try json.skipValue()
            }
        }
        guard let partitionKey else { throw json.missing(path() + ".partitionKey") }
        guard let sequenceNumber else { throw json.missing(path() + ".sequenceNumber") }
        guard let data else { throw json.missing(path() + ".data") }
        guard let arrival else { throw json.missing(path() + ".approximateArrivalTimestamp") }
        self.init(
            kinesisSchemaVersion: kinesisSchemaVersion, partitionKey: partitionKey, sequenceNumber: sequenceNumber,
            data: data, approximateArrivalTimestamp: arrival, encryptionType: encryptionType,
            subSequenceNumber: subSequenceNumber)
    }
}
