import AWS
import Testing

@testable import AppFlowRegistration

@Suite struct FlowDefinitionBuilderTests {
    typealias F = RegistrationFixtures

    var flows: [AppFlowFlowDefinition] { FlowDefinitionBuilder(request: F.request, settings: F.settings).definitions().map(\.flow) }

    @Test func oneFlowPerObjectWithTheGA4SourceAndTheRedshiftDestination() {
        let flow = flows[0]
        #expect(flows.map(\.flowName) == ["ga4-analytics-sessions_daily", "ga4-analytics-pages_daily"])
        #expect(flow.sourceFlowConfig == .googleAnalytics4(profile: "ga4-analytics", entityName: "accounts/1/properties/345678901/coreReport"))
        #expect(flow.destinationFlowConfigList == [AppFlowDestinationFlowConfig(
            connectorType: "Redshift", connectorProfileName: "redshift-analytics",
            destinationConnectorProperties: .init(redshift: .init(
                object: "ga4.sessions_daily", intermediateBucketName: "analytics-appflow-staging",
                bucketPrefix: "appflow/ga4-analytics-sessions_daily",
                errorHandlingConfig: .init(failOnFirstDestinationError: false, bucketName: "analytics-appflow-errors", bucketPrefix: "rejected/sessions_daily"))))])
        #expect(flow.tags == ["team": "analytics"])
        #expect(flow.description == "GA4 core reports")
        #expect(flow.kmsArn == nil)
    }

    @Test func scheduledTrigger() {
        #expect(flows[0].triggerConfig == .scheduled(AppFlowScheduledTrigger(
            scheduleExpression: "rate(1days)", dataPullMode: "Incremental", scheduleStartTime: 1_705_374_000, timezone: "Europe/Berlin")))
        let onDemand = try! F.validate(F.changed(["schedule"], to: nil)).get()
        #expect(FlowDefinitionBuilder(request: onDemand, settings: F.settings).trigger == .onDemand)
    }

    @Test func tasksProjectFilterValidateAndMapEveryField() {
        let tasks = flows[0].tasks
        #expect(tasks.map(\.taskType) == ["Filter", "Filter", "Filter", "Validate", "Validate", "Filter", "Map", "Map", "Map", "Map", "Map", "Map"])
        #expect(tasks[0].sourceFields == ["date", "country", "deviceCategory", "sessions", "engagementRate", "purchaseRevenue"])
        #expect(tasks[0].connectorOperator?.CustomConnector == "PROJECTION")
        #expect(tasks[1].connectorOperator?.CustomConnector == "NOT_EQUAL_TO")
        #expect(tasks[1].taskProperties == ["DATA_TYPE": "string", "VALUE": "(not set)"])
        #expect(tasks[2].taskProperties == ["DATA_TYPE": "integer", "LOWER_BOUND": "1", "UPPER_BOUND": "1000000"])
        #expect(tasks[3].connectorOperator?.CustomConnector == "VALIDATE_NON_NULL")
        #expect(tasks[3].taskProperties == ["VALIDATION_ACTION": "DropRecord"])
        #expect(tasks[4].connectorOperator?.CustomConnector == "VALIDATE_NON_NEGATIVE")
        #expect(tasks[4].taskProperties == ["VALIDATION_ACTION": "TerminateFlow"])
        #expect(tasks[5].connectorOperator?.CustomConnector == "BETWEEN")
        #expect(tasks[5].taskProperties == ["DATA_TYPE": "double", "LOWER_BOUND": "0", "UPPER_BOUND": "1"])
        #expect(tasks[6...].map(\.destinationField) == ["date", "country", "device_category", "sessions", "engagement_rate", "purchase_revenue"])
        #expect(tasks[6...].allSatisfy { $0.connectorOperator?.CustomConnector == "NO_OP" && $0.sourceFields.count == 1 })
    }

    /// AppFlow's model (botocore `appflow`): the enums and patterns the built definition must meet; the
    /// model-validating test server checks the same on every request the integration tests send.
    @Test func namesAndEnumsMeetAppFlowsModel() {
        let operators: Set<String> = [
            "PROJECTION", "LESS_THAN", "GREATER_THAN", "CONTAINS", "BETWEEN", "LESS_THAN_OR_EQUAL_TO", "GREATER_THAN_OR_EQUAL_TO",
            "EQUAL_TO", "NOT_EQUAL_TO", "ADDITION", "MULTIPLICATION", "DIVISION", "SUBTRACTION", "MASK_ALL", "MASK_FIRST_N",
            "MASK_LAST_N", "VALIDATE_NON_NULL", "VALIDATE_NON_ZERO", "VALIDATE_NON_NEGATIVE", "VALIDATE_NUMERIC", "NO_OP",
        ]
        let taskTypes: Set<String> = ["Arithmetic", "Filter", "Map", "Map_all", "Mask", "Merge", "Passthrough", "Truncate", "Validate", "Partition"]
        let propertyKeys: Set<String> = [
            "VALUE", "VALUES", "DATA_TYPE", "UPPER_BOUND", "LOWER_BOUND", "SOURCE_DATA_TYPE", "DESTINATION_DATA_TYPE", "VALIDATION_ACTION",
        ]
        for flow in flows {
            #expect(AppFlowNamePatterns.flowNameProblem(flow.flowName) == nil)
            #expect(flow.description.map(AppFlowNamePatterns.descriptionProblem) == .some(nil))
            for task in flow.tasks {
                #expect(taskTypes.contains(task.taskType))
                #expect(task.connectorOperator.flatMap(\.CustomConnector).map(operators.contains) == true)
                #expect(Set(task.taskProperties.map { Array($0.keys) } ?? []).isSubset(of: propertyKeys))
                #expect(task.taskProperties?.values.allSatisfy { !$0.isEmpty && $0.utf8.count <= 2048 } ?? true)
            }
            let redshift = flow.destinationFlowConfigList[0].destinationConnectorProperties.Redshift!
            #expect((3...63).contains(redshift.intermediateBucketName.utf8.count))
            #expect(redshift.object.utf8.count <= 512 && !redshift.object.contains(" "))
        }
    }
}
