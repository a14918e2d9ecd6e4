import AWS
import Foundation
import Testing

@testable import AppFlowRegistration

@Suite struct FlowReconciliationTests {
    typealias F = RegistrationFixtures

    var flow: AppFlowFlowDefinition { FlowDefinitionBuilder(request: F.request, settings: F.settings).definitions()[0].flow }

    /// What DescribeFlow answers for `flow`, with the members AppFlow adds on its own.
    func described(_ flow: AppFlowFlowDefinition, edit: (inout [String: Any]) -> Void = { _ in }) -> JSONValue {
        var object = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(flow)) as! [String: Any]
        object["flowArn"] = "arn:aws:appflow:us-east-1:123456789012:flow/\(flow.flowName)"
        object["flowStatus"] = "Active"
        object["kmsArn"] = "arn:aws:kms:us-east-1:123456789012:key/aws-managed"
        object["createdAt"] = 1_705_000_000.5
        var trigger = object["triggerConfig"] as! [String: Any]
        var properties = trigger["triggerProperties"] as! [String: Any]
        var scheduled = properties["Scheduled"] as! [String: Any]
        scheduled["scheduleOffset"] = 0
        properties["Scheduled"] = scheduled
        trigger["triggerProperties"] = properties
        object["triggerConfig"] = trigger
        edit(&object)
        return F.value(object)
    }

    @Test func absentFlowIsCreated() {
        #expect(FlowReconciliation.action(desired: flow, existing: nil) == .create)
    }

    @Test func sameDefinitionWithAppFlowsOwnDefaultsIsUnchanged() {
        #expect(FlowReconciliation.action(desired: flow, existing: described(flow)) == .unchanged)
    }

    @Test func changedMembersAreNamed() {
        var changed = flow
        changed.tasks[1].taskProperties?["VALUE"] = "Germany"
        changed.triggerConfig = .scheduled(AppFlowScheduledTrigger(scheduleExpression: "rate(12hours)", dataPullMode: "Incremental",
                                                                  scheduleStartTime: 1_705_374_000, timezone: "Europe/Berlin"))
        #expect(FlowReconciliation.action(desired: changed, existing: described(flow)) == .update(differences: [
            "triggerConfig.triggerProperties.Scheduled.scheduleExpression", "tasks[1].taskProperties.VALUE",
        ]))
    }

    @Test func anAddedFieldChangesTheTaskList() {
        var changed = flow
        changed.tasks.append(changed.tasks.last!)
        #expect(FlowReconciliation.action(desired: changed, existing: described(flow)) == .update(differences: ["tasks"]))
    }

    @Test func aMissingMemberInTheDescriptionIsADifference() {
        let existing = described(flow) { $0["description"] = nil }
        #expect(FlowReconciliation.action(desired: flow, existing: existing) == .update(differences: ["description"]))
    }

    @Test func tokensAreStableAndSayWhatTheyAreFor() {
        let a = IdempotencyToken.make("start", ["event-1", "ga4-a", "f"])
        #expect(a == IdempotencyToken.make("start", ["event-1", "ga4-a", "f"]))
        #expect(a != IdempotencyToken.make("start", ["event-2", "ga4-a", "f"]))
        #expect(a.hasPrefix("start-") && a.utf8.count == 54)
        #expect(AppFlowRegistrationHandler.fingerprint(flow) == AppFlowRegistrationHandler.fingerprint(flow))
    }
}
