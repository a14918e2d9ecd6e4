import GA4

/// Where a run that stopped early (quota or the Lambda deadline) resumes: the next unit of its plan. Stored in
/// S3 under the plan's fingerprint, so invoking the same event again picks up there; deleted when the plan
/// completes, so a later identical event pulls everything again.
struct BackfillCursor: StoredDocument, Sendable, Equatable {
    static let documentName = "cursor"
    static let recovery = "delete it to start the plan over"

    var plan: String
    var mode: IngestPlan.Mode
    /// Units of the plan already written.
    var completedUnits: Int
    var totalUnits: Int
    /// The unit to fetch next; checked on resume so that a changed configuration is not resumed blindly.
    var next: IngestUnit
    var stoppedAt: String
    var reason: String

    /// The index to resume from, after checking the cursor still fits the plan.
    func resumeIndex(in plan: IngestPlan, source: String) throws(GA4IngestError) -> Int {
        guard self.plan == plan.fingerprint, totalUnits == plan.units.count, completedUnits < plan.units.count,
            plan.units[completedUnits] == next
        else {
            throw GA4IngestError(.storage,
                "cursor \(source) does not match this run's plan (\(plan.units.count) requests); the reports or properties changed since it was written: delete it to start the plan over")
        }
        return completedUnits
    }
}
