import JSONText
import Clickstream

/// The SNS message about one batch: how many records were rejected and why (by code), where they were
/// written, which objects could not be written, and the checkpoint Lambda re-delivers from.
struct BatchSummary {
    let subject: String
    let json: String
    let rejectedCount: Int

    init(plan: BatchPlan, failedGroups: [(BatchPlan.Group, String)], checkpoints: [SequenceNumber], bucket: String) {
        let rejected = plan.rejected
        rejectedCount = rejected.count
        var counts: [String: Int] = [:]
        for record in rejected { counts[record.code.rawValue, default: 0] += 1 }
        let failedKeys = Set(failedGroups.map(\.0.key))
        let rejectedObjects = plan.groups.filter {
            if case .rejected = $0.content { return !failedKeys.contains($0.key) }
            return false
        }

        subject = failedGroups.isEmpty
            ? "Clickstream: \(rejected.count) of \(plan.eventCount + rejected.count) records rejected"
            : "Clickstream: \(failedGroups.count) objects not written, batch to be re-delivered"
        var text = "{\"records\":\(plan.recordCount),\"events\":\(plan.eventCount),\"rejected\":\(rejected.count),\"rejectedByCode\":{"
        text += counts.sorted { $0.key < $1.key }.map { "\(JSONString.quoted($0.key)):\($0.value)" }.joined(separator: ",")
        text += "},\"rejectedObjects\":["
        text += rejectedObjects.map { JSONString.quoted("s3://\(bucket)/\($0.key)") }.joined(separator: ",")
        text += "],\"failedObjects\":["
        text += failedGroups.map { group, error in
            "{\"key\":\(JSONString.quoted(group.key)),\"records\":\(group.recordCount),\"error\":\(JSONString.quoted(String(error.prefix(500))))}"
        }.joined(separator: ",")
        text += "],\"redeliverFrom\":["
        text += checkpoints.map { JSONString.quoted($0.text) }.joined(separator: ",")
        text += "]}"
        // SNS takes at most 256 KiB; the failed-object list is the only part that can grow large.
        if text.utf8.count > 250_000 {
            text = "{\"records\":\(plan.recordCount),\"rejected\":\(rejected.count),\"failedObjects\":\(failedGroups.count),\"truncated\":true}"
        }
        json = text
    }
}
