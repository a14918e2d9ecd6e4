import AWS
import GA4

/// One AppFlow flow per object: the GA4 custom-connector source, the Redshift destination with its staging
/// bucket and the error bucket for rejected rows, the tasks (projection, filters, validations, one map per field),
/// and the trigger.
struct FlowDefinitionBuilder: Sendable {
    let request: RegisterDataFlowRequest
    let settings: RegistrationSettings

    func definitions() -> [(object: RegisterDataFlowRequest.FlowObject, flow: AppFlowFlowDefinition)] {
        request.objects.map { ($0, definition(for: $0)) }
    }

    func definition(for object: RegisterDataFlowRequest.FlowObject) -> AppFlowFlowDefinition {
        AppFlowFlowDefinition(
            flowName: request.flowName(for: object),
            description: request.description ?? "GA4 property \(request.ga4.propertyID) to \(request.redshift.schema).\(object.table)",
            kmsArn: settings.kmsKeyArn,
            triggerConfig: trigger,
            sourceFlowConfig: .googleAnalytics4(profile: request.ga4.connectorProfileName, entityName: object.entity),
            destinationFlowConfigList: [destination(for: object)],
            tasks: tasks(for: object),
            tags: request.tags.isEmpty ? nil : request.tags)
    }

    var trigger: AppFlowTriggerConfig {
        guard let schedule = request.schedule else { return .onDemand }
        return .scheduled(AppFlowScheduledTrigger(
            scheduleExpression: schedule.expression, dataPullMode: schedule.pullMode.rawValue, scheduleStartTime: schedule.startTime,
            timezone: schedule.timeZone))
    }

    func destination(for object: RegisterDataFlowRequest.FlowObject) -> AppFlowDestinationFlowConfig {
        let errorPrefix = request.errorPrefix + object.table.name
        return AppFlowDestinationFlowConfig(
            connectorType: "Redshift", connectorProfileName: request.redshift.connectorProfileName,
            destinationConnectorProperties: .init(redshift: .init(
                object: "\(request.redshift.schema.name).\(object.table.name)",
                intermediateBucketName: settings.intermediateBucket,
                bucketPrefix: (settings.intermediatePrefix ?? "appflow/") + request.flowName(for: object),
                // Rows Redshift rejects go to the error bucket; the run goes on with the others.
                errorHandlingConfig: AppFlowErrorHandlingConfig(
                    failOnFirstDestinationError: false, bucketName: request.errorBucket, bucketPrefix: errorPrefix))))
    }

    func tasks(for object: RegisterDataFlowRequest.FlowObject) -> [AppFlowTask] {
        typealias Operator = AppFlowTask.ConnectorOperator
        var tasks = [AppFlowTask(sourceFields: object.fields, connectorOperator: Operator(customConnector: "PROJECTION"), taskType: "Filter")]
        for filter in object.filters {
            var properties = ["DATA_TYPE": dataType(filter.field)]
            if filter.operator == .between {
                properties["LOWER_BOUND"] = filter.values[0]
                properties["UPPER_BOUND"] = filter.values[1]
            } else {
                properties["VALUE"] = filter.values[0]
            }
            tasks.append(AppFlowTask(
                sourceFields: [filter.field], connectorOperator: Operator(customConnector: filter.operator.rawValue), taskType: "Filter",
                taskProperties: properties))
        }
        for validation in object.validations {
            if validation.rule == .range, let low = validation.minimum, let high = validation.maximum {
                // AppFlow validates only null, zero, negative and numeric: a range keeps the rows inside it.
                tasks.append(AppFlowTask(
                    sourceFields: [validation.field], connectorOperator: Operator(customConnector: "BETWEEN"), taskType: "Filter",
                    taskProperties: ["DATA_TYPE": dataType(validation.field), "LOWER_BOUND": low, "UPPER_BOUND": high]))
                continue
            }
            let operatorName = switch validation.rule {
            case .nonNull: "VALIDATE_NON_NULL"
            case .nonZero: "VALIDATE_NON_ZERO"
            case .nonNegative: "VALIDATE_NON_NEGATIVE"
            case .numeric, .range: "VALIDATE_NUMERIC"
            }
            tasks.append(AppFlowTask(
                sourceFields: [validation.field], connectorOperator: Operator(customConnector: operatorName), taskType: "Validate",
                taskProperties: ["VALIDATION_ACTION": validation.action == .dropRecord ? "DropRecord" : "TerminateFlow"]))
        }
        for field in object.fields {
            tasks.append(AppFlowTask(
                sourceFields: [field], connectorOperator: Operator(customConnector: "NO_OP"),
                destinationField: ColumnNaming.columnName(field), taskType: "Map",
                taskProperties: ["SOURCE_DATA_TYPE": "String", "DESTINATION_DATA_TYPE": "String"]))
        }
        return tasks
    }

    /// The connector's data type of a field, for filter tasks: `integer` or `double` for metrics, `string` otherwise.
    private func dataType(_ field: String) -> String {
        guard let type = DataAPIFieldCatalog.metricType(field) else { return field == "date" ? "date" : "string" }
        return type == .integer ? "integer" : "double"
    }
}
