/// What one Kinesis record becomes: one row, one rejection, or, for a KPL aggregate, the outcome of each of its
/// user records in order (the index is the sub-sequence number).
///
/// A plain record, by far the most common, costs no array of its own.
public enum DecodedRecord: Sendable, Equatable {
    case event(WebEvent)
    case rejected(RejectedRecord)
    case aggregate([Result<WebEvent, RejectedRecord>])

    /// Every outcome in order: one for a plain record, one per user record for an aggregate.
    public var outcomes: [Result<WebEvent, RejectedRecord>] {
        switch self {
        case .event(let event): [.success(event)]
        case .rejected(let rejected): [.failure(rejected)]
        case .aggregate(let outcomes): outcomes
        }
    }
}
