/// One cleaned web event: a row of the clickstream table. Times are milliseconds since the Unix epoch (UTC).
public struct WebEvent: Sendable, Equatable {
    public var eventID: String
    public var sessionID: String
    /// The producer's user id, or an anonymous id derived from the session (see `AnonymousUserID`).
    public var userID: String
    public var eventType: String
    public var pageURL: String?
    public var referrer: String?
    public var eventTimeMilliseconds: Int64
    public var deviceType: String?
    public var browser: String?
    public var os: String?
    public var country: String?
    public var durationMilliseconds: Int64?
    /// Fields the schema does not know, as a JSON object of their source text, so nothing is lost.
    public var extraFields: String?
    public var shardID: String
    /// Decimal text of up to 128 digits.
    public var sequenceNumber: String
    public var arrivalTimeMilliseconds: Int64
    /// The user record's index within its KPL aggregate; nil for a plain record.
    public var subSequenceNumber: Int64?

    public init(
        eventID: String, sessionID: String, userID: String, eventType: String, pageURL: String? = nil,
        referrer: String? = nil, eventTimeMilliseconds: Int64, deviceType: String? = nil, browser: String? = nil,
        os: String? = nil, country: String? = nil, durationMilliseconds: Int64? = nil, extraFields: String? = nil,
        shardID: String, sequenceNumber: String, arrivalTimeMilliseconds: Int64,
        subSequenceNumber: Int64? = nil
    ) {
        self.eventID = eventID
        self.sessionID = sessionID
        self.userID = userID
        self.eventType = eventType
        self.pageURL = pageURL
        self.referrer = referrer
        self.eventTimeMilliseconds = eventTimeMilliseconds
        self.deviceType = deviceType
        self.browser = browser
        self.os = os
        self.country = country
        self.durationMilliseconds = durationMilliseconds
        self.extraFields = extraFields
        self.shardID = shardID
        self.sequenceNumber = sequenceNumber
        self.arrivalTimeMilliseconds = arrivalTimeMilliseconds
        self.subSequenceNumber = subSequenceNumber
    }

    /// The UTC hour the event belongs to, which decides its partition.
    public var hour: HourPartition { HourPartition(millisecondsSinceEpoch: eventTimeMilliseconds) }
}
