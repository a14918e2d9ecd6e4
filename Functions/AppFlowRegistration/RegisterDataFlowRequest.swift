/// A validated `RegisterDataFlow` detail: every name in it has passed the checks in
/// `RegisterDataFlowValidator`, so the DDL, flow definitions and resource names built from it are safe.
/// The JSON shape is documented in `schemas/register-data-flow.schema.json`.
struct RegisterDataFlowRequest: Sendable, Equatable {
    /// Base of every flow name; each object's flow is `<flowName>-<table>` (with `_` kept).
    var flowName: String
    var description: String?
    /// The Secrets Manager secret (name or ARN) holding the registration settings.
    var settingsSecretID: String
    var ga4: GA4Source
    var redshift: RedshiftDestination
    var objects: [FlowObject]
    /// nil: the flows run on demand and are started once when created or changed.
    var schedule: FlowSchedule?
    var errorBucket: String
    var errorPrefix: String
    var tags: [String: String]

    struct GA4Source: Sendable, Equatable {
        /// Numeric property id.
        var propertyID: String
        var connectorProfileName: String
    }

    struct RedshiftDestination: Sendable, Equatable {
        enum Target: Sendable, Equatable {
            case cluster(String)
            case workgroup(String)
        }
        var connectorProfileName: String
        var target: Target
        var database: RedshiftIdentifier
        var schema: RedshiftIdentifier
    }

    struct FlowObject: Sendable, Equatable {
        /// The GA4 connector's entity path.
        var entity: String
        var table: RedshiftIdentifier
        var dimensions: [String]
        var metrics: [String]
        var filters: [FieldFilter]
        var validations: [FieldValidation]
        /// VARCHAR length of dimension columns.
        var dimensionLength: Int

        var fields: [String] { dimensions + metrics }
    }

    struct FieldFilter: Sendable, Equatable {
        enum Operator: String, Sendable, CaseIterable {
            case equalTo = "EQUAL_TO", notEqualTo = "NOT_EQUAL_TO", contains = "CONTAINS", lessThan = "LESS_THAN"
            case lessThanOrEqualTo = "LESS_THAN_OR_EQUAL_TO", greaterThan = "GREATER_THAN"
            case greaterThanOrEqualTo = "GREATER_THAN_OR_EQUAL_TO", between = "BETWEEN"
        }
        var field: String
        var `operator`: Operator
        /// One value, or the lower and upper bound of BETWEEN.
        var values: [String]
    }

    struct FieldValidation: Sendable, Equatable {
        enum Rule: String, Sendable, CaseIterable {
            case nonNull, nonZero, nonNegative, numeric, range
        }
        enum Action: String, Sendable, CaseIterable {
            case dropRecord, terminateFlow
        }
        var field: String
        var rule: Rule
        var action: Action
        /// Bounds of `range`, as decimal text.
        var minimum: String?
        var maximum: String?
    }

    struct FlowSchedule: Sendable, Equatable {
        enum PullMode: String, Sendable, CaseIterable {
            case incremental = "Incremental", complete = "Complete"
        }
        var expression: String
        /// Epoch seconds of the first run, from an RFC 3339 time.
        var startTime: Double?
        var timeZone: String
        var pullMode: PullMode
    }

    func flowName(for object: FlowObject) -> String { "\(flowName)-\(object.table.name)" }
}
