#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import LambdaEvents
import LambdaRuntime

/// Registers a GA4 → Redshift data flow from a `RegisterDataFlow` event: validates it whole before any call, reads
/// the settings secret, creates the Redshift schema and tables, then creates, updates or leaves each AppFlow flow
/// and starts or activates it, so a re-delivered event changes nothing. Publishes the result (or the failure).
struct AppFlowRegistrationHandler: LambdaHandler {
    static let detailType = "RegisterDataFlow"

    let configuration: AppFlowRegistrationConfiguration
    let settings: RegistrationSettingsCache
    let redshift: RedshiftDataClient
    let appflow: AppFlowClient
    let sns: SNSClient
    let metrics: MetricsLogger

    func handle(_ event: EventBridgeEvent<JSONValue>, context: LambdaContext) async throws -> RegistrationResult {
        let request: RegisterDataFlowRequest
        do {
            request = try validate(event)
        } catch {
            context.logger.error("RegisterDataFlow event rejected", ["eventId": .string(event.id), "problems": .int(error.problems.count)])
            await finish(failure: error.errorMessage, errorType: error.errorType, flowName: event.detail.member("flowName")?.stringValue,
                         eventID: event.id, context: context)
            throw error
        }
        do {
            let result = try await register(request, eventID: event.id, context: context)
            context.logger.info("data flow registered", [
                "flowName": .string(request.flowName), "created": .int(result.count(.created)), "updated": .int(result.count(.updated)),
                "unchanged": .int(result.count(.unchanged)), "statementId": .string(result.redshift.statementId),
            ])
            metrics.emit([
                ("FlowsCreated", Double(result.count(.created)), .count), ("FlowsUpdated", Double(result.count(.updated)), .count),
                ("FlowsUnchanged", Double(result.count(.unchanged)), .count),
                ("FlowsStarted", Double(result.flows.filter { $0.executionId != nil || $0.activated }.count), .count),
                ("RegistrationsFailed", 0, .count),
            ], properties: [("requestId", context.requestID), ("flowName", request.flowName)])
            await publish(subject: "succeeded", flowName: request.flowName, message: Self.json(result), context: context)
            return result
        } catch {
            let failure = error
            if failure.kind == .settings { await settings.forget(request.settingsSecretID) }
            context.logger.error("data flow registration failed", ["flowName": .string(request.flowName), "errorType": .string(failure.errorType)])
            await finish(failure: failure.errorMessage, errorType: failure.errorType, flowName: request.flowName, eventID: event.id, context: context)
            throw failure
        }
    }

    func validate(_ event: EventBridgeEvent<JSONValue>) throws(InvalidRegistrationError) -> RegisterDataFlowRequest {
        guard event.detailType == Self.detailType else {
            throw InvalidRegistrationError(problems: [
                EventFieldError(path: "detail-type", problem: "\"\(event.detailType)\" is not \(Self.detailType)"),
            ])
        }
        return try configuration.validator.validate(event.detail).get()
    }

    func register(_ request: RegisterDataFlowRequest, eventID: String, context: LambdaContext) async throws(RegistrationFailure)
        -> RegistrationResult
    {
        let settings = try await self.settings.settings(request.settingsSecretID)
        let (statementID, drift) = try await createTables(request, settings: settings, context: context)
        let builder = FlowDefinitionBuilder(request: request, settings: settings)
        var outcomes: [RegistrationResult.FlowOutcome] = []
        for (object, flow) in builder.definitions() {
            let outcome = try await apply(flow, table: object.table.name, onDemand: request.schedule == nil, eventID: eventID)
            context.logger.info("flow reconciled", [
                "flow": .string(outcome.flowName), "action": .string(outcome.action.rawValue),
                "started": .bool(outcome.executionId != nil), "activated": .bool(outcome.activated),
            ])
            outcomes.append(outcome)
        }
        return RegistrationResult(
            status: "registered", flowName: request.flowName, eventId: eventID,
            redshift: .init(
                schema: request.redshift.schema.name, tables: request.objects.map(\.table.name), statementId: statementID,
                tableDifferences: drift.isEmpty ? nil : drift),
            flows: outcomes)
    }

    /// Runs the schema and table DDL as one batch and waits for it; a FAILED or ABORTED batch is an error with
    /// Redshift's reason and the failing statement. Then reads the tables' columns back and returns how existing
    /// tables differ from the event (reported, never altered).
    private func createTables(_ request: RegisterDataFlowRequest, settings: RegistrationSettings, context: LambdaContext)
        async throws(RegistrationFailure) -> (statementID: String, drift: [String: [String]])
    {
        let target = try settings.redshiftTarget(request.redshift, secret: request.settingsSecretID)
        let ddl = RedshiftTableDDL(schema: request.redshift.schema, objects: request.objects)
        let location = "schema \(request.redshift.schema) in database \(request.redshift.database)"
        do {
            // A fresh token: the DDL is IF NOT EXISTS, and a batch that failed must run again once the cause is fixed.
            let id = try await redshift.batchExecuteStatement(
                ddl.statements, database: request.redshift.database.name, target: target, statementName: "appflow-registration")
            context.logger.info("Redshift DDL submitted", ["statementId": .string(id), "statements": .int(ddl.statements.count)])
            _ = try await redshift.waitForStatement(id, polling: configuration.redshiftPolling)
            let query = try await redshift.executeStatement(
                RedshiftTableDrift.columnsQuery, database: request.redshift.database.name, target: target,
                parameters: [RedshiftSQLParameter(name: "schema", value: request.redshift.schema.name)],
                statementName: "appflow-registration-columns")
            _ = try await redshift.waitForStatement(query, polling: configuration.redshiftPolling)
            let drift = RedshiftTableDrift.differences(ddl, rows: try await redshift.statementResult(query))
            for (table, problems) in drift.sorted(by: { $0.key < $1.key }) {
                context.logger.warn("existing table differs from the registration", [
                    "table": .string("\(request.redshift.schema).\(table)"), "differences": .string(problems.joined(separator: "; ")),
                ])
            }
            return (id, drift)
        } catch {
            switch error.kind {
            case .jobFailed, .pollingTimedOut:
                throw RegistrationFailure(.redshift, "Redshift DDL for \(location) did not finish: \(error.description)")
            default:
                throw RegistrationFailure(.aws, "Redshift DDL for \(location) could not be submitted: \(error.description)")
            }
        }
    }

    /// Brings one flow to its definition and starts (on demand) or activates (scheduled) it when needed.
    func apply(_ flow: AppFlowFlowDefinition, table: String, onDemand: Bool, eventID: String) async throws(RegistrationFailure)
        -> RegistrationResult.FlowOutcome
    {
        let name = flow.flowName
        let fingerprint = Self.fingerprint(flow)
        var existing = try await describe(name)
        var outcome = RegistrationResult.FlowOutcome(flowName: name, table: table, action: .unchanged, activated: false)
        var status = existing?.member("flowStatus")?.stringValue
        outcome.flowArn = existing?.member("flowArn")?.stringValue
        for attempt in 1...2 {
            switch FlowReconciliation.action(desired: flow, existing: existing) {
            case .unchanged:
                outcome.action = .unchanged
            case .update(let differences):
                outcome.action = .updated
                outcome.changes = differences
                status = try await call("UpdateFlow", name) { () async throws(AWSError) in
                    try await appflow.updateFlow(flow, clientToken: IdempotencyToken.make("update", [name, fingerprint]))
                }
            case .create:
                do {
                    let created = try await appflow.createFlow(flow, clientToken: IdempotencyToken.make("create", [name, fingerprint]))
                    outcome.action = .created
                    outcome.flowArn = created.flowArn
                    status = created.flowStatus
                } catch where error.code == "ConflictException" && attempt == 1 {
                    // Created meanwhile (a concurrent delivery of the same event): compare with what is there now.
                    existing = try await describe(name)
                    continue
                } catch {
                    throw RegistrationFailure(.appFlow, "CreateFlow \(name): \(error.description)")
                }
            }
            break
        }
        outcome.flowStatus = status

        let neverRan = existing?.member("lastRunExecutionDetails")?.member("mostRecentExecutionStatus") == nil
        if onDemand, outcome.action != .unchanged || neverRan {
            let token = IdempotencyToken.make("start", [eventID, name, fingerprint])
            do {
                let started = try await appflow.activateFlow(name, clientToken: token)
                outcome.executionId = started.executionId
                outcome.flowStatus = started.flowStatus ?? status
            } catch where error.code == "ConflictException" {
                // A run of this flow is already in progress: it is the run this registration wants.
            } catch {
                throw RegistrationFailure(.appFlow, "StartFlow \(name): \(error.description)")
            }
        } else if !onDemand, status != "Active" {
            let started = try await call("StartFlow", name) { () async throws(AWSError) in
                try await appflow.activateFlow(name, clientToken: IdempotencyToken.make("activate", [eventID, name, fingerprint]))
            }
            outcome.activated = true
            outcome.flowStatus = started.flowStatus ?? "Active"
        }
        return outcome
    }

    private func describe(_ name: String) async throws(RegistrationFailure) -> JSONValue? {
        do {
            return try await appflow.describeFlow(name, as: JSONValue.self)
        } catch where error.isNotFound {
            return nil
        } catch {
            throw RegistrationFailure(.appFlow, "DescribeFlow \(name): \(error.description)")
        }
    }

    private func call<T>(_ operation: String, _ name: String, _ body: () async throws(AWSError) -> T) async throws(RegistrationFailure) -> T {
        do {
            return try await body()
        } catch {
            throw RegistrationFailure(.appFlow, "\(operation) \(name): \(error.description)")
        }
    }

    // MARK: - result reporting

    private func finish(failure message: String, errorType: String, flowName: String?, eventID: String, context: LambdaContext) async {
        metrics.emit([("RegistrationsFailed", 1, .count)], properties: [("requestId", context.requestID), ("errorType", errorType)])
        struct Failure: Encodable { var status = "failed"; var flowName: String?; var eventId: String; var errorType: String; var error: String }
        let document = Self.json(Failure(flowName: flowName, eventId: eventID, errorType: errorType, error: message))
        await publish(subject: "failed", flowName: flowName ?? "(unnamed)", message: document, context: context)
    }

    /// A notice on the topic; a failed publish is logged, never thrown over the registration's own outcome.
    private func publish(subject outcome: String, flowName: String, message: String, context: LambdaContext) async {
        guard let topic = configuration.notificationTopicARN else { return }
        let subject = "AppFlow registration \(outcome): \(flowName.prefix(60))"
        do {
            _ = try await sns.publish(topicARN: topic, message: message, subject: subject)
        } catch {
            context.logger.warn("cannot publish the registration notice", ["topic": .string(topic), "error": .string(error.description)])
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// What the definition says, independent of key order.
    static func fingerprint(_ flow: AppFlowFlowDefinition) -> String {
        IdempotencyToken.make("flow", [json(flow)])
    }
}
