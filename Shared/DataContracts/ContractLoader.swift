import YAML

/// Reads an ODCS v3.x YAML contract (YAML parsed by libyaml through the YAML module, never by hand) into a
/// `DataContract`.
///
/// Strictness, so that no rule is silently ignored: unknown `logicalType`s, unknown library metrics, unknown
/// threshold keys (`mustBe…`), unknown `logicalTypeOptions` and malformed values are `ContractError`s naming the
/// contract, the YAML line and the rule. Elements ODCS defines that file validation does not use (team,
/// support, SLAs, pricing, descriptions, authoritative definitions, tags) are read past.
public enum ContractLoader {
    public static func load(yaml: String, name: String) throws(ContractError) -> DataContract {
        let parsed: YAMLNode?
        do throws(YAMLError) {
            parsed = try YAMLDocument.parse(yaml)
        } catch {
            throw ContractError(contract: name, line: error.line, rule: "document", message: "not valid YAML: \(error.message)")
        }
        guard let root = parsed else {
            throw ContractError(contract: name, line: 1, rule: "document", message: "the contract is empty")
        }
        return try Reader(contract: name).contract(root)
    }
}

/// The walk over the YAML tree; `path` names where errors happen.
private struct Reader {
    let contract: String

    func fail(_ node: YAMLNode?, _ rule: String, _ message: String) -> ContractError {
        ContractError(contract: contract, line: node?.line ?? 0, rule: rule, message: message)
    }

    func mapping(_ node: YAMLNode, _ rule: String) throws(ContractError) -> YAMLNode.Mapping {
        guard let mapping = node.mapping else { throw fail(node, rule, "expected a mapping") }
        return mapping
    }

    func string(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else { throw fail(node, rule, "expected a text value") }
        return scalar.string
    }

    func bool(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else { throw fail(node, rule, "expected true or false") }
        return value
    }

    func int(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> Int? {
        guard let node else { return nil }
        guard let value = node.int else { throw fail(node, rule, "expected an integer") }
        return value
    }

    func double(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> Double? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let value = Double(text) else { throw fail(node, rule, "expected a number") }
        return value
    }

    func strings(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> [String]? {
        guard let node else { return nil }
        guard let sequence = node.sequence else { throw fail(node, rule, "expected a list") }
        var result: [String] = []
        for item in sequence {
            // YAML null in a value list (missingValues: [null, '']) is the null value itself.
            if item.isNull { continue }
            guard let text = item.scalar?.string else { throw fail(item, rule, "expected a list of text values") }
            result.append(text)
        }
        return result
    }

    func customProperties(_ node: YAMLNode?, _ rule: String) throws(ContractError) -> [String: YAMLNode] {
        guard let node else { return [:] }
        guard let sequence = node.sequence else { throw fail(node, rule, "expected a list of {property, value}") }
        var result: [String: YAMLNode] = [:]
        for item in sequence {
            let entry = try mapping(item, rule)
            guard let property = try string(entry["property"], "\(rule).property") else {
                throw fail(item, rule, "a custom property needs `property`")
            }
            result[property] = entry["value"]
        }
        return result
    }

    func contract(_ root: YAMLNode) throws(ContractError) -> DataContract {
        let top = try mapping(root, "document")
        let kind = try string(top["kind"], "kind")
        guard kind == "DataContract" else { throw fail(top["kind"] ?? root, "kind", "expected `kind: DataContract`, found \(kind ?? "nothing")") }
        let apiVersion = try string(top["apiVersion"], "apiVersion") ?? ""
        guard apiVersion.hasPrefix("v3.") else {
            throw fail(top["apiVersion"] ?? root, "apiVersion", "expected an ODCS v3 contract (v3.1.0), found \(apiVersion.isEmpty ? "nothing" : apiVersion)")
        }
        let custom = try customProperties(top["customProperties"], "customProperties")
        var thresholds: [String: Double] = [:]
        if let node = custom["dimensionThresholds"] {
            for (key, value) in try mapping(node, "customProperties.dimensionThresholds") {
                let dimension = try string(key, "customProperties.dimensionThresholds") ?? ""
                guard let fraction = try double(value, "customProperties.dimensionThresholds.\(dimension)"), (0...1).contains(fraction) else {
                    throw fail(value, "customProperties.dimensionThresholds.\(dimension)", "expected a fraction between 0 and 1")
                }
                thresholds[dimension] = fraction
            }
        }
        var dialect = FileDialect()
        if let servers = top["servers"]?.sequence, let server = servers.first {
            dialect = try self.dialect(server)
        }
        var objects: [ContractObject] = []
        if let schema = top["schema"] {
            guard let sequence = schema.sequence else { throw fail(schema, "schema", "expected a list of objects") }
            for node in sequence { objects.append(try object(node, dialect: dialect)) }
        }
        guard !objects.isEmpty else { throw fail(root, "schema", "the contract declares no schema object") }
        return DataContract(
            id: try string(top["id"], "id") ?? "", name: try string(top["name"], "name") ?? "",
            version: try string(top["version"], "version") ?? "", apiVersion: apiVersion, sourceName: contract,
            objects: objects, dialect: dialect, dimensionThresholds: thresholds)
    }

    func dialect(_ server: YAMLNode) throws(ContractError) -> FileDialect {
        let entry = try mapping(server, "servers")
        let formatText = try string(entry["format"], "servers.format")?.lowercased() ?? "csv"
        let format: FileDialect.Format
        switch formatText {
        case "csv", "text", "delimited": format = .csv
        case "json", "jsonl", "ndjson", "json_lines": format = .jsonLines
        case "parquet": format = .parquet
        default: throw fail(entry["format"], "servers.format", "unsupported file format `\(formatText)` (csv, json, parquet)")
        }
        var dialect = FileDialect(format: format)
        let custom = try customProperties(entry["customProperties"], "servers.customProperties")
        guard let node = custom["csvDialect"] else { return dialect }
        let rule = "servers.customProperties.csvDialect"
        let settings = try mapping(node, rule)
        for (keyNode, value) in settings {
            let key = try string(keyNode, rule) ?? ""
            switch key {
            case "delimiter": dialect.delimiter = try byte(value, "\(rule).delimiter", optional: false)!
            case "quote": dialect.quote = try byte(value, "\(rule).quote", optional: true)
            case "escape": dialect.escape = try byte(value, "\(rule).escape", optional: true)
            case "doubleQuote": dialect.doubleQuote = try bool(value, "\(rule).doubleQuote") ?? true
            case "header": dialect.header = try bool(value, "\(rule).header") ?? true
            case "nullMarkers": dialect.nullMarkers = try strings(value, "\(rule).nullMarkers") ?? [""]
            case "quotedNullMarkers": dialect.quotedNullMarkers = try bool(value, "\(rule).quotedNullMarkers") ?? true
            case "encoding":
                let encoding = try string(value, "\(rule).encoding")?.lowercased()
                guard encoding == "utf-8" || encoding == "utf8" else { throw fail(value, "\(rule).encoding", "only utf-8 is supported") }
            case "compression", "lineTerminator": continue  // compression is detected from magic bytes; LF and CRLF are both read
            default: throw fail(keyNode, "\(rule).\(key)", "unknown dialect setting")
            }
        }
        return dialect
    }

    func byte(_ node: YAMLNode, _ rule: String, optional: Bool) throws(ContractError) -> UInt8? {
        if optional, node.isNull { return nil }
        let text = try string(node, rule) ?? ""
        if optional && text.isEmpty { return nil }
        let decoded = text == "\\t" ? "\t" : text
        guard decoded.utf8.count == 1, let byte = decoded.utf8.first, byte < 0x80 else {
            throw fail(node, rule, "expected one ASCII character")
        }
        return byte
    }

    func object(_ node: YAMLNode, dialect: FileDialect) throws(ContractError) -> ContractObject {
        let entry = try mapping(node, "schema")
        let name = try string(entry["name"], "schema.name") ?? ""
        guard !name.isEmpty else { throw fail(node, "schema", "a schema object needs a `name`") }
        let path = "schema.\(name)"
        var properties: [ContractProperty] = []
        if let list = entry["properties"] {
            guard let sequence = list.sequence else { throw fail(list, "\(path).properties", "expected a list") }
            for item in sequence { properties.append(try property(item, path: path)) }
        }
        var names = Set<String>()
        for property in properties where !names.insert(property.name).inserted {
            throw ContractError(contract: contract, line: property.line, rule: "\(path).properties.\(property.name)", message: "declared twice")
        }
        let custom = try customProperties(entry["customProperties"], "\(path).customProperties")
        var policy = ColumnPolicy.exact
        if let value = custom["columnPolicy"] {
            let text = try string(value, "\(path).customProperties.columnPolicy") ?? ""
            guard let parsed = ColumnPolicy(rawValue: text) else {
                throw fail(value, "\(path).customProperties.columnPolicy", "expected exact, anyOrder or superset")
            }
            policy = parsed
        }
        return ContractObject(
            name: name, line: node.line, properties: properties,
            quality: try quality(entry["quality"], path: path), columnPolicy: policy)
    }

    func property(_ node: YAMLNode, path: String) throws(ContractError) -> ContractProperty {
        let entry = try mapping(node, "\(path).properties")
        let name = try string(entry["name"], "\(path).properties.name") ?? ""
        guard !name.isEmpty else { throw fail(node, "\(path).properties", "a property needs a `name`") }
        let rule = "\(path).properties.\(name)"
        let typeText = try string(entry["logicalType"], "\(rule).logicalType") ?? "string"
        guard let logicalType = LogicalType(rawValue: typeText) else {
            throw fail(entry["logicalType"], "\(rule).logicalType", "unknown logicalType `\(typeText)`")
        }
        var options = LogicalTypeOptions()
        if let node = entry["logicalTypeOptions"] {
            for (keyNode, value) in try mapping(node, "\(rule).logicalTypeOptions") {
                let key = try string(keyNode, "\(rule).logicalTypeOptions") ?? ""
                let at = "\(rule).logicalTypeOptions.\(key)"
                switch key {
                case "format": options.format = try string(value, at)
                case "pattern": options.pattern = try string(value, at)
                case "minimum": options.minimum = try bound(value, at)
                case "maximum": options.maximum = try bound(value, at)
                case "exclusiveMinimum": options.exclusiveMinimum = try bound(value, at)
                case "exclusiveMaximum": options.exclusiveMaximum = try bound(value, at)
                case "minLength": options.minLength = try int(value, at)
                case "maxLength": options.maxLength = try int(value, at)
                case "precision": options.precision = try int(value, at)
                case "scale": options.scale = try int(value, at)
                case "timezone", "defaultTimezone", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "multipleOf":
                    throw fail(keyNode, at, "logicalTypeOptions.\(key) is not supported by this validator")
                default:
                    throw fail(keyNode, at, "unknown logicalTypeOptions key")
                }
            }
        }
        if let pattern = options.pattern {
            do { _ = try PatternMatcher(pattern) } catch { throw fail(entry["logicalTypeOptions"], "\(rule).logicalTypeOptions.pattern", "\(error)") }
        }
        if let format = options.format, logicalType == .date || logicalType == .timestamp || logicalType == .time {
            do { _ = try DateTimeFormat(format) } catch { throw fail(entry["logicalTypeOptions"], "\(rule).logicalTypeOptions.format", "\(error)") }
        }
        let custom = try customProperties(entry["customProperties"], "\(rule).customProperties")
        let primaryKey = try bool(entry["primaryKey"], "\(rule).primaryKey") ?? false
        return ContractProperty(
            name: name, line: node.line, logicalType: logicalType,
            required: try bool(entry["required"], "\(rule).required") ?? false,
            unique: try bool(entry["unique"], "\(rule).unique") ?? false,
            primaryKeyPosition: primaryKey ? (try int(entry["primaryKeyPosition"], "\(rule).primaryKeyPosition") ?? 1) : nil,
            options: options, quality: try quality(entry["quality"], path: rule),
            nullMarkers: try custom["nullMarkers"].flatMap { node throws(ContractError) in try strings(node, "\(rule).customProperties.nullMarkers") })
    }

    func bound(_ node: YAMLNode, _ rule: String) throws(ContractError) -> ContractNumber {
        let text = try string(node, rule) ?? ""
        if let value = Double(text) { return .number(value) }
        return .text(text)
    }

    func quality(_ node: YAMLNode?, path: String) throws(ContractError) -> [QualityRule] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw fail(node, "\(path).quality", "expected a list") }
        var rules: [QualityRule] = []
        for (index, item) in sequence.enumerated() { rules.append(try qualityRule(item, path: "\(path).quality[\(index)]")) }
        return rules
    }

    func qualityRule(_ node: YAMLNode, path: String) throws(ContractError) -> QualityRule {
        let entry = try mapping(node, path)
        let id = try string(entry["id"], "\(path).id")
        let rule = id.map { "\(path) (\($0))" } ?? path
        let metricText = try string(entry["metric"] ?? entry["rule"], "\(rule).metric")
        let typeText = try string(entry["type"], "\(rule).type") ?? (metricText != nil ? "library" : (entry["query"] != nil ? "sql" : "text"))
        let kind: QualityRule.Kind
        switch typeText {
        case "library":
            guard let metricText else { throw fail(node, rule, "a library rule needs a `metric`") }
            guard let metric = LibraryMetric(rawValue: metricText) else {
                throw fail(entry["metric"] ?? entry["rule"], rule, "unknown library metric `\(metricText)` (rowCount, nullValues, missingValues, invalidValues, duplicateValues)")
            }
            kind = .library(metric)
        case "sql":
            guard let query = try string(entry["query"], "\(rule).query") else { throw fail(node, rule, "an sql rule needs a `query`") }
            kind = .sql(query: query)
        case "text": kind = .text
        case "custom":
            let engine = try string(entry["engine"], "\(rule).engine") ?? ""
            if engine.lowercased() == "dqdl" {
                guard let implementation = entry["implementation"], let ruleset = try string(implementation, "\(rule).implementation") else {
                    throw fail(node, rule, "a dqdl rule needs the ruleset in `implementation`")
                }
                // A block scalar (`|`) starts on the line after its indicator.
                let block = implementation.scalar.map { $0.style == .literal || $0.style == .folded } ?? false
                kind = .dqdl(ruleset: ruleset, line: implementation.line + (block ? 1 : 0))
            } else {
                kind = .custom(engine: engine)
            }
        default: throw fail(entry["type"], rule, "unknown quality type `\(typeText)` (library, sql, text, custom)")
        }
        var threshold: Threshold?
        func set(_ new: Threshold, _ key: YAMLNode?) throws(ContractError) {
            if threshold != nil { throw fail(key, rule, "more than one threshold") }
            threshold = new
        }
        for (keyNode, value) in entry {
            guard let key = keyNode.scalar?.string, key.hasPrefix("must") else { continue }
            switch key {
            case "mustBe": try set(.equal(try number(value, rule)), keyNode)
            case "mustNotBe": try set(.notEqual(try number(value, rule)), keyNode)
            case "mustBeGreaterThan": try set(.greaterThan(try number(value, rule)), keyNode)
            case "mustBeGreaterOrEqualTo", "mustBeGreaterThanOrEqualTo": try set(.greaterOrEqual(try number(value, rule)), keyNode)
            case "mustBeLessThan": try set(.lessThan(try number(value, rule)), keyNode)
            case "mustBeLessOrEqualTo", "mustBeLessThanOrEqualTo": try set(.lessOrEqual(try number(value, rule)), keyNode)
            case "mustBeBetween", "mustNotBeBetween":
                guard let pair = value.sequence, pair.count == 2 else { throw fail(value, rule, "\(key) needs two numbers") }
                let low = try number(pair[0], rule), high = try number(pair[1], rule)
                try set(key == "mustBeBetween" ? .between(low, high) : .notBetween(low, high), keyNode)
            default: throw fail(keyNode, rule, "unknown threshold `\(key)`")
            }
        }
        let unitText = try string(entry["unit"], "\(rule).unit") ?? "rows"
        guard let unit = ThresholdUnit(rawValue: unitText), unit != .passingFraction else { throw fail(entry["unit"], rule, "unit must be rows or percent") }
        let severityText = try string(entry["severity"], "\(rule).severity") ?? "error"
        guard let severity = Severity(rawValue: severityText) else { throw fail(entry["severity"], rule, "severity must be error, warning or info") }
        var values: [String]?, pattern: String?, properties: [String]?
        if let arguments = entry["arguments"] {
            for (keyNode, value) in try mapping(arguments, "\(rule).arguments") {
                let key = try string(keyNode, "\(rule).arguments") ?? ""
                switch key {
                case "validValues", "missingValues": values = try strings(value, "\(rule).arguments.\(key)")
                case "pattern":
                    pattern = try string(value, "\(rule).arguments.pattern")
                    do { _ = try PatternMatcher(pattern ?? "") } catch { throw fail(value, "\(rule).arguments.pattern", "\(error)") }
                case "properties": properties = try strings(value, "\(rule).arguments.properties")
                default: throw fail(keyNode, "\(rule).arguments.\(key)", "unknown argument")
                }
            }
        }
        let dimension = try string(entry["dimension"], "\(rule).dimension")?.lowercased()
        return QualityRule(
            id: id, name: try string(entry["name"], "\(rule).name"), line: node.line, kind: kind, threshold: threshold,
            unit: unit, dimension: dimension, severity: severity, values: values, pattern: pattern, properties: properties)
    }

    func number(_ node: YAMLNode, _ rule: String) throws(ContractError) -> Double {
        guard let value = try double(node, rule) else { throw fail(node, rule, "expected a number") }
        return value
    }
}
