#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Clickstream
import GA4
import LambdaEvents

/// Checks a `RegisterDataFlow` detail against the rules of `schemas/register-data-flow.schema.json` and the ones a
/// schema cannot state (a filter's field must be one of the object's, table and column names must not collide),
/// and returns the request or every problem with its path. Nothing is called before this passes.
struct RegisterDataFlowValidator: Sendable {
    /// Every flow name must start with this (the function's IAM policy covers only `flow/<prefix>*`).
    var flowNamePrefix: String
    /// Every settings secret must be under this name prefix (the IAM policy covers only `secret:<prefix>*`).
    var secretPrefix: String

    static let maximumDimensions = 9
    static let maximumMetrics = 10
    static let maximumObjects = 20

    func validate(_ detail: JSONValue, path: String = "detail") -> Result<RegisterDataFlowRequest, InvalidRegistrationError> {
        var problems: [EventFieldError] = []
        let reader = EventFieldReader(
            detail, path: path,
            allowed: ["flowName", "description", "settingsSecretId", "ga4", "redshift", "objects", "schedule", "errorBucket",
                      "errorPrefix", "tags"],
            required: ["flowName", "settingsSecretId", "ga4", "redshift", "objects", "errorBucket"], problems: &problems)

        let flowName = reader.string("flowName", &problems) { name in
            AppFlowNamePatterns.flowNameProblem(name, maxLength: 128)
                ?? (name.hasPrefix(flowNamePrefix) ? nil : "\"\(name)\" must start with \"\(flowNamePrefix)\" (the flows this function may manage)")
        }
        let description = reader.string("description", &problems, check: AppFlowNamePatterns.descriptionProblem)
        let secret = reader.string("settingsSecretId", &problems) { id in
            Self.secretNameProblem(id)
                ?? (Self.secretName(id).hasPrefix(secretPrefix) ? nil : "the settings secret must be named \(secretPrefix)…")
        }
        let ga4 = reader.value("ga4").flatMap { ga4Source($0, path: "\(path).ga4", &problems) }
        let redshift = reader.value("redshift").flatMap { redshiftDestination($0, path: "\(path).redshift", &problems) }
        let objects = reader.array("objects", count: 1...Self.maximumObjects, &problems) { value, itemPath, problems in
            flowObject(value, path: itemPath, &problems)
        }
        let schedule = reader.value("schedule").flatMap { flowSchedule($0, path: "\(path).schedule", &problems) }
        let errorBucket = reader.string("errorBucket", &problems) { name in
            BucketName.isValid(name) ? nil : "\"\(name)\" is not an S3 bucket name"
        }
        let errorPrefix = reader.string("errorPrefix", &problems, check: AppFlowNamePatterns.bucketPrefixProblem)
        let tags = reader.value("tags").flatMap { tagMap($0, path: "\(path).tags", &problems) }

        if let objects {
            problems += crossObjectProblems(objects, path: "\(path).objects")
        }
        guard problems.isEmpty, let flowName, let secret, let ga4, let redshift, let objects, let errorBucket else {
            return .failure(InvalidRegistrationError(problems: problems))
        }
        return .success(RegisterDataFlowRequest(
            flowName: flowName, description: description, settingsSecretID: secret, ga4: ga4, redshift: redshift,
            objects: objects, schedule: schedule, errorBucket: errorBucket, errorPrefix: errorPrefix ?? "\(flowName)/",
            tags: tags ?? [:]))
    }

    // MARK: - members

    private func ga4Source(_ value: JSONValue, path: String, _ problems: inout [EventFieldError]) -> RegisterDataFlowRequest.GA4Source? {
        let reader = EventFieldReader(
            value, path: path, allowed: ["propertyId", "connectorProfileName"], required: ["propertyId", "connectorProfileName"],
            problems: &problems)
        let property = reader.string("propertyId", &problems) { text in
            do throws(GA4Error) { _ = try PropertyID(text); return nil } catch { return "\(error)" }
        }
        let profile = reader.string("connectorProfileName", &problems, check: AppFlowNamePatterns.connectorProfileProblem)
        guard let property, let profile, let id = try? PropertyID(property) else { return nil }
        return .init(propertyID: id.number, connectorProfileName: profile)
    }

    private func redshiftDestination(_ value: JSONValue, path: String, _ problems: inout [EventFieldError])
        -> RegisterDataFlowRequest.RedshiftDestination?
    {
        let reader = EventFieldReader(
            value, path: path, allowed: ["connectorProfileName", "clusterIdentifier", "workgroupName", "database", "schema"],
            required: ["connectorProfileName", "database", "schema"], problems: &problems)
        let profile = reader.string("connectorProfileName", &problems, check: AppFlowNamePatterns.connectorProfileProblem)
        let cluster = reader.string("clusterIdentifier", &problems, check: Self.clusterIdentifierProblem)
        let workgroup = reader.string("workgroupName", &problems, check: Self.workgroupProblem)
        if reader.has("clusterIdentifier") == reader.has("workgroupName") {
            problems.append(EventFieldError(path: path, problem: "name exactly one of clusterIdentifier (provisioned) and workgroupName (serverless)"))
        }
        let database = reader.string("database", &problems, check: Self.identifierProblem)
        let schema = reader.string("schema", &problems) { name in
            Self.identifierProblem(name) ?? (name.hasPrefix("pg_") ? "\"\(name)\": schema names starting with pg_ are reserved" : nil)
        }
        guard let profile, let database = database.flatMap(RedshiftIdentifier.init), let schema = schema.flatMap(RedshiftIdentifier.init)
        else { return nil }
        let target: RegisterDataFlowRequest.RedshiftDestination.Target
        switch (cluster, workgroup) {
        case (let cluster?, nil): target = .cluster(cluster)
        case (nil, let workgroup?): target = .workgroup(workgroup)
        default: return nil
        }
        return .init(connectorProfileName: profile, target: target, database: database, schema: schema)
    }

    private func flowObject(_ value: JSONValue, path: String, _ problems: inout [EventFieldError]) -> RegisterDataFlowRequest.FlowObject? {
        let reader = EventFieldReader(
            value, path: path,
            allowed: ["entity", "table", "dimensions", "metrics", "filters", "validations", "dimensionLength"],
            required: ["entity", "table", "metrics"], problems: &problems)
        let entity = reader.string("entity", &problems, check: AppFlowNamePatterns.entityProblem)
        let table = reader.string("table", &problems, check: Self.identifierProblem)
        let dimensions = reader.array("dimensions", count: 0...Self.maximumDimensions, unique: true, &problems) { value, itemPath, problems in
            EventFieldReader.string(value, path: itemPath, &problems) { name in
                DataAPIFieldCatalog.isDimension(name) ? nil : "unknown GA4 dimension \"\(name)\""
            }
        }
        let metrics = reader.array("metrics", count: 1...Self.maximumMetrics, unique: true, &problems) { value, itemPath, problems in
            EventFieldReader.string(value, path: itemPath, &problems) { name in
                DataAPIFieldCatalog.isMetric(name) ? nil : "unknown GA4 metric \"\(name)\""
            }
        }
        let fields = Set((dimensions ?? []) + (metrics ?? []))
        let filters = reader.array("filters", count: 0...20, &problems) { value, itemPath, problems in
            fieldFilter(value, path: itemPath, fields: fields, &problems)
        }
        let validations = reader.array("validations", count: 0...20, &problems) { value, itemPath, problems in
            fieldValidation(value, path: itemPath, fields: fields, metrics: Set(metrics ?? []), &problems)
        }
        let length = reader.integer("dimensionLength", range: 1...65535, &problems)
        guard let entity, let table = table.flatMap(RedshiftIdentifier.init), let metrics,
            reader.has("dimensions") ? dimensions != nil : true, reader.has("filters") ? filters != nil : true,
            reader.has("validations") ? validations != nil : true, reader.has("dimensionLength") ? length != nil : true
        else { return nil }
        return .init(
            entity: entity, table: table, dimensions: dimensions ?? [], metrics: metrics, filters: filters ?? [], validations: validations ?? [],
            dimensionLength: length ?? 256)
    }

    private func fieldFilter(_ value: JSONValue, path: String, fields: Set<String>, _ problems: inout [EventFieldError])
        -> RegisterDataFlowRequest.FieldFilter?
    {
        let reader = EventFieldReader(
            value, path: path, allowed: ["field", "operator", "value", "lower", "upper"], required: ["field", "operator"],
            problems: &problems)
        let field = reader.string("field", &problems) { name in
            fields.contains(name) ? nil : "\"\(name)\" is not one of the object's dimensions or metrics"
        }
        let op = reader.string("operator", &problems) { text in
            RegisterDataFlowRequest.FieldFilter.Operator(rawValue: text) == nil
                ? "\"\(text)\" is not one of \(RegisterDataFlowRequest.FieldFilter.Operator.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        }.flatMap(RegisterDataFlowRequest.FieldFilter.Operator.init)
        let names = op == .between ? ["lower", "upper"] : ["value"]
        var values: [String] = []
        for name in names {
            guard let member = reader.value(name) else {
                if op != nil { problems.append(EventFieldError(path: "\(path).\(name)", problem: "required member is missing for this operator")) }
                continue
            }
            if let text = Self.filterValue(member, path: "\(path).\(name)", &problems) { values.append(text) }
        }
        for name in ["value", "lower", "upper"] where !names.contains(name) && reader.has(name) && op != nil {
            problems.append(EventFieldError(path: "\(path).\(name)", problem: "not used by operator \(op!.rawValue)"))
        }
        guard let field, let op, values.count == names.count else { return nil }
        return .init(field: field, operator: op, values: values)
    }

    private func fieldValidation(
        _ value: JSONValue, path: String, fields: Set<String>, metrics: Set<String>, _ problems: inout [EventFieldError]
    ) -> RegisterDataFlowRequest.FieldValidation? {
        typealias Validation = RegisterDataFlowRequest.FieldValidation
        let reader = EventFieldReader(
            value, path: path, allowed: ["field", "rule", "action", "minimum", "maximum"], required: ["field", "rule"],
            problems: &problems)
        let field = reader.string("field", &problems) { name in
            fields.contains(name) ? nil : "\"\(name)\" is not one of the object's dimensions or metrics"
        }
        let rule = reader.string("rule", &problems) { text in
            Validation.Rule(rawValue: text) == nil ? "\"\(text)\" is not one of \(Validation.Rule.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        }.flatMap(Validation.Rule.init)
        let action = reader.string("action", &problems) { text in
            Validation.Action(rawValue: text) == nil ? "\"\(text)\" is not one of dropRecord, terminateFlow" : nil
        }.flatMap(Validation.Action.init)
        var bounds: [String: Double] = [:]
        for name in ["minimum", "maximum"] {
            guard let member = reader.value(name) else {
                if rule == .range { problems.append(EventFieldError(path: "\(path).\(name)", problem: "required member is missing for rule range")) }
                continue
            }
            guard rule == .range || rule == nil else {
                problems.append(EventFieldError(path: "\(path).\(name)", problem: "only rule range takes bounds"))
                continue
            }
            guard case .number(let number) = member, number.isFinite else {
                problems.append(EventFieldError(path: "\(path).\(name)", problem: "expected a number, found \(member.typeName)"))
                continue
            }
            bounds[name] = number
        }
        if let low = bounds["minimum"], let high = bounds["maximum"], low > high {
            problems.append(EventFieldError(path: "\(path).maximum", problem: "\(JSONValue.number(high).shortText) is below the minimum \(JSONValue.number(low).shortText)"))
            return nil
        }
        if let rule, rule != .nonNull, let field, !metrics.contains(field) {
            problems.append(EventFieldError(path: "\(path).rule", problem: "\(rule.rawValue) applies to metrics; \"\(field)\" is a dimension"))
            return nil
        }
        guard let field, let rule, reader.has("action") ? action != nil : true, rule != .range || bounds.count == 2 else { return nil }
        return .init(
            field: field, rule: rule, action: action ?? .dropRecord, minimum: bounds["minimum"].map { JSONValue.number($0).shortText },
            maximum: bounds["maximum"].map { JSONValue.number($0).shortText })
    }

    private func flowSchedule(_ value: JSONValue, path: String, _ problems: inout [EventFieldError])
        -> RegisterDataFlowRequest.FlowSchedule?
    {
        typealias Schedule = RegisterDataFlowRequest.FlowSchedule
        let reader = EventFieldReader(
            value, path: path, allowed: ["expression", "startTime", "timeZone", "dataPullMode"], required: ["expression"],
            problems: &problems)
        let expression = reader.string("expression", &problems, check: FlowScheduleExpression.problem)
        var start: Double?
        _ = reader.string("startTime", &problems) { text in
            guard text.utf8.count <= 40, let date = RFC3339Timestamp.parse(text) else {
                return "\"\(text)\" is not an RFC 3339 time such as 2024-01-16T00:00:00Z"
            }
            start = date.timeIntervalSince1970.rounded(.down)
            return nil
        }
        let zone = reader.string("timeZone", &problems, check: TimeZoneName.problem)
        let mode = reader.string("dataPullMode", &problems) { text in
            Schedule.PullMode(rawValue: text) == nil ? "\"\(text)\" is not one of Incremental, Complete" : nil
        }.flatMap(Schedule.PullMode.init)
        guard let expression, reader.has("startTime") ? start != nil : true, reader.has("timeZone") ? zone != nil : true,
            reader.has("dataPullMode") ? mode != nil : true
        else { return nil }
        return .init(expression: expression, startTime: start, timeZone: zone ?? "UTC", pullMode: mode ?? .incremental)
    }

    private func tagMap(_ value: JSONValue, path: String, _ problems: inout [EventFieldError]) -> [String: String]? {
        guard case .object(let members) = value else {
            problems.append(EventFieldError(path: path, problem: "expected an object, found \(value.typeName)"))
            return nil
        }
        guard members.count <= 50 else {
            problems.append(EventFieldError(path: path, problem: "at most 50 tags, found \(members.count)"))
            return nil
        }
        var tags: [String: String] = [:]
        var failed = false
        for (key, member) in members {
            if let problem = AppFlowNamePatterns.tagKeyProblem(key) {
                problems.append(EventFieldError(path: "\(path).\(key)", problem: problem))
                failed = true
            }
            guard let text = EventFieldReader.string(member, path: "\(path).\(key)", &problems, check: AppFlowNamePatterns.tagValueProblem)
            else { failed = true; continue }
            tags[key] = text
        }
        return failed ? nil : tags
    }

    // MARK: - rules across objects

    private func crossObjectProblems(_ objects: [RegisterDataFlowRequest.FlowObject], path: String) -> [EventFieldError] {
        var problems: [EventFieldError] = []
        var tables: Set<String> = []
        for (index, object) in objects.enumerated() {
            if !tables.insert(object.table.name).inserted {
                problems.append(EventFieldError(path: "\(path)[\(index)].table", problem: "table \"\(object.table.name)\" is named by an earlier object"))
            }
            var columns: [String: String] = [:]
            for name in object.fields {
                let column = ColumnNaming.columnName(name)
                if let other = columns.updateValue(name, forKey: column) {
                    problems.append(EventFieldError(
                        path: "\(path)[\(index)]", problem: "\"\(other)\" and \"\(name)\" both become column \"\(column)\""))
                }
            }
        }
        return problems
    }

    // MARK: - single values

    static func identifierProblem(_ name: String) -> String? {
        RedshiftIdentifier.isValid(name) ? nil : RedshiftIdentifier.problem(with: name)
    }

    /// Redshift cluster identifiers: 1-63 lower-case letters, digits and hyphens, starting with a letter, no two
    /// hyphens in a row, not ending with one.
    static func clusterIdentifierProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        guard (1...63).contains(bytes.count), (97...122).contains(bytes[0]), bytes.last != UInt8(ascii: "-"), !id.contains("--"),
            bytes.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") })
        else {
            return "\"\(id)\" is not a Redshift cluster identifier (1-63 lower-case letters, digits and single hyphens, starting with a letter)"
        }
        return nil
    }

    /// Redshift Serverless workgroup names: 3-64 lower-case letters, digits and hyphens.
    static func workgroupProblem(_ name: String) -> String? {
        guard (3...64).contains(name.utf8.count), name.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") })
        else { return "\"\(name)\" is not a Redshift Serverless workgroup name (3-64 lower-case letters, digits and hyphens)" }
        return nil
    }

    /// A secret name (`[A-Za-z0-9/_+=.@-]`, 1-512) or a secret ARN.
    static func secretNameProblem(_ id: String) -> String? {
        let name = secretName(id)
        guard (1...512).contains(name.utf8.count), id.utf8.count <= 2048,
            name.utf8.allSatisfy({ (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || "/_+=.@-".utf8.contains($0) })
        else { return "\"\(id)\" is not a Secrets Manager secret name or ARN" }
        return nil
    }

    /// The name part of a secret ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random>`), or the id.
    static func secretName(_ id: String) -> String {
        let parts = id.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "secretsmanager", parts[5] == "secret" else { return id }
        return String(parts[6])
    }

    /// A filter value: a string (1-2048 characters without control characters) or a number, as AppFlow's text.
    static func filterValue(_ value: JSONValue, path: String, _ problems: inout [EventFieldError]) -> String? {
        switch value {
        case .number(let number) where number.isFinite:
            return value.shortText
        case .string(let text):
            guard (1...2048).contains(text.utf8.count), text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else {
                problems.append(EventFieldError(path: path, problem: "a filter value is 1-2048 characters without control characters"))
                return nil
            }
            return text
        default:
            problems.append(EventFieldError(path: path, problem: "expected a string or a number, found \(value.typeName)"))
            return nil
        }
    }
}
