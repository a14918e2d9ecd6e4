/// What one registration did, per object: returned to the caller, logged, and published to SNS.
struct RegistrationResult: Encodable, Sendable, Equatable {
    struct RedshiftWork: Encodable, Sendable, Equatable {
        var schema: String
        var tables: [String]
        /// The Data API batch that ran the DDL.
        var statementId: String
        /// Tables that existed with other columns than the event's, and how they differ (left as they are).
        var tableDifferences: [String: [String]]?
    }

    struct FlowOutcome: Encodable, Sendable, Equatable {
        enum Action: String, Encodable, Sendable {
            case created, updated, unchanged
        }
        var flowName: String
        var table: String
        var action: Action
        /// Members that differed, for an update.
        var changes: [String]?
        var flowArn: String?
        var flowStatus: String?
        /// The run StartFlow began (on-demand flows, when created, changed or never run).
        var executionId: String?
        /// A scheduled flow that StartFlow activated.
        var activated: Bool
    }

    var status: String
    var flowName: String
    var eventId: String
    var redshift: RedshiftWork
    var flows: [FlowOutcome]

    func count(_ action: FlowOutcome.Action) -> Int { flows.filter { $0.action == action }.count }
}
