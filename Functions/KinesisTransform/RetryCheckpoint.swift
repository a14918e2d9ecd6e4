import Clickstream

/// Where Lambda must re-deliver a shard from after some objects of a batch could not be written, chosen so the
/// re-delivery can neither duplicate nor lose a row.
///
/// Lambda re-delivers from the lowest sequence number reported, to some end of its choosing. A re-delivery
/// starting at `s` regroups every record from `s` on. For a group whose first record is at or after `s`, the
/// re-delivered group of the same shard and hour starts at the same record (the group held every record of its
/// hour from its first one to the end of the batch), so it gets the same key and replaces the object. A group
/// written successfully that starts before `s` but reaches past it would be split: its rows from `s` on would
/// land again under another key. So `s` starts at the smallest first sequence number among the groups that
/// failed and is lowered to the first sequence number of any written group that straddles it, until none does.
/// Groups wholly before `s` are then final; everything from `s` on is rewritten under the same keys.
///
/// When hours follow one another in the stream (the usual case), only the failed hours and what follows them
/// are re-delivered; when hours interleave (late events), the checkpoint can fall back to the batch's start,
/// which is always safe.
enum RetryCheckpoint {
    struct Outcome: Equatable {
        let first: SequenceNumber
        let last: SequenceNumber
        let written: Bool
    }

    /// The sequence number to report in `batchItemFailures`, or nil when every group was written.
    static func checkpoint(_ outcomes: [Outcome]) -> SequenceNumber? {
        guard var checkpoint = outcomes.filter({ !$0.written }).map(\.first).min() else { return nil }
        var lowered = true
        while lowered {
            lowered = false
            for outcome in outcomes where outcome.written && outcome.first < checkpoint && outcome.last >= checkpoint {
                checkpoint = outcome.first
                lowered = true
            }
        }
        return checkpoint
    }
}
