import DelimitedText

/// Checks the rows of one file against one contract object, streaming: `begin(columns:)` with the file's
/// columns, `check(_:)` per record (or per block of records, column by column, with the same outcome),
/// `finish()` for the results. State is O(1) per check except the uniqueness
/// sets (bounded by `ValidationSettings.maximumUniqueKeys`).
///
/// Semantics (ODCS, with the decisions of the reference note §1.2):
/// - **Null**: a cell is null when the source says so (JSON `null`, a missing JSON key) or its text equals one
///   of the null markers (property `customProperties.nullMarkers`, else the dialect's, default `[""]`). With
///   `quotedNullMarkers: false` a quoted cell is never null, so `""` and an empty cell differ. An empty
///   string that is not a marker is a value (it passes `required`, and is checked for type and pattern).
/// - **Property constraints are hard**: `required`, `unique`, `primaryKey`, `logicalType`, and every
///   `logicalTypeOptions` entry are checks with threshold `= 0` failing rows, as datacontract-cli makes
///   them. Tolerances belong in `quality[]` rules.
/// - **Type and options skip nulls**: a null cell is only judged by `required`/`nullValues`/`missingValues`.
///   Options (pattern, minimum, length…) are checked on values that have the declared type.
/// - **Percentages** (`unit: percent`) divide failing rows by all rows of the file, nulls included.
/// - **Duplicates**: `unique` and `duplicateValues` count rows repeating an earlier key (`duplicate_rows`);
///   null keys are not compared (SQL UNIQUE); the number of distinct repeated keys is reported too.
///   A primary key (composite in `primaryKeyPosition` order) also fails rows whose key has a null.
/// - **Ranges**: `mustBeBetween` is inclusive; `minimum`/`maximum` inclusive, `exclusive…` strict.
/// - **Patterns** search (unanchored) unless anchored with `^…$`.
/// - **Rows with the wrong field count** fail `field_count` and are not checked cell by cell (their columns
///   cannot be trusted).
/// - **Typed files (Parquet)**: a null is a null the file stores; the dialect's null markers do not apply (an
///   empty string is a value), only a property's own `nullMarkers`. The declared `logicalType` is judged against
///   the stored type once per column (`TypeVerdict`): an INT64 column is an `integer` without reading text, a
///   text column holding numbers is parsed cell by cell as in CSV, FLOAT/DOUBLE/DECIMAL against `integer` must
///   hold whole numbers, and a stored type that cannot hold the declared one (a DATE for `integer`) fails every
///   non-null value. Other rules see each value's text (`ParquetCellText`) and, for numeric columns, its number.
///   `line` is the 1-based row number.
public final class ContractValidator {
    public let contract: DataContract
    public let object: ContractObject
    public let settings: ValidationSettings

    private var checks: [CheckState] = []
    private var plans: [PropertyPlan] = []
    private var keySets: [KeyFingerprintSet] = []
    private var keyChecks: [KeyCheck] = []
    /// Per key check: the current row's key hash (nil: a null key), computed before the cell checks.
    private var keyHashes: [UInt64?] = []
    private var sqlChecks: [(check: Int, rule: BusinessRule)] = []
    /// Scratch space of the business rules' evaluation, kept between rows.
    private var sqlStack: [SQLValue] = []
    /// Per business rule: its numeric form when every column it reads is a number or boolean (set at init),
    /// evaluated on `numericStack`.
    private var numericPrograms: [NumericSQLProgram?] = []
    private var numericStack: UnsafeMutablePointer<NumericSQLProgram.Value>
    private var rowCountChecks: [Int] = []
    private var fieldCountCheck = 0
    private var columnsCheck = 0
    private var fileCheck = 0
    /// Per property: its column in the file (nil when missing).
    private(set) var columnIndex: [Int?] = []
    private var expectedFieldCount: Int?
    private var rows = 0
    private var rowFailures: [Int] = []
    public private(set) var failingRows: [FailingRow] = []
    /// Per-property counters written on every cell: allocated once, so a write is a store, not a uniqueness
    /// check of an array.
    private let nonNull: UnsafeMutableBufferPointer<Int>
    /// Per property: how a cell is found null (copied out of the plans for the per-cell test).
    private var nullTests: [NullTest] = []
    enum NullTest {
        /// No markers (typed files): only the source's own nulls.
        case sourceOnly
        /// The markers are exactly `[""]`, the default.
        case empty
        /// Walk the marker list.
        case markers
    }
    /// Per property: how its values are judged against `logicalType` (set by `begin`).
    private var verdicts: [TypeVerdict] = []
    /// Per file column: whether the source passes a number beside the text (`check(_:numbers:)`).
    private var numericColumns: [Bool] = []
    /// The current record's numbers, valid only during `check(_:numbers:)`.
    private var numbers: UnsafeBufferPointer<Double>?
    /// Per property: the number its cell held in the current row (valid when the stamp equals `rows`), so a
    /// business rule reads what the type check parsed instead of parsing again.
    private let rowNumbers: UnsafeMutableBufferPointer<Double>
    private let rowNumberStamps: UnsafeMutableBufferPointer<Int>
    /// What `begin` found about stored column types (mismatches), for the report's input notes.
    public private(set) var typeNotes: [String] = []
    /// Copied out of the contract so the per-cell null test touches no nested struct.
    private let quotedNullMarkers: Bool
    /// Typed sources: per file column, whether the source left its text out (`deferText(of:to:)`), and where
    /// that text is asked for when a sample or failing row shows it.
    private var deferredText: [Bool] = []
    private weak var deferredCellText: (any DeferredCellText)?
    /// Working memory of `check(_: TextRecordBlock)`, and the block's failures as found (column by column):
    /// the row and the check of each.
    private var scratch = BlockScratch()
    private var blockFailureRows: [Int] = []
    private var blockFailureChecks: [Int] = []
    /// Per check: its place in the order `check(_:)` finds a row's failures in (field count; per property its
    /// missing, required, null, invalid, type and option checks; keys; business rules), by which a block's
    /// failures, found column by column, are put back in that order.
    private var rowOrder: [Int] = []
    /// Per property: a numeric business rule reads it (its per-row value is prepared for the rules).
    private var feedsNumericRule: [Bool] = []
    /// The deepest stack a numeric business rule needs.
    private var numericRuleDepth = 0

    /// A row listed in the report with the checks it failed.
    public struct FailingRow: Sendable {
        public var line: Int
        public var checks: [String]
        public var values: [String]
    }

    struct CheckState {
        var result: CheckResult
        var failed = 0
    }

    struct KeyCheck {
        var check: Int
        var set: Int
        var columns: [Int]
        var nullFails: Bool
    }

    /// What to check in one column, compiled once. A class so the per-cell lookup is one reference, not a
    /// copy of every field.
    final class PropertyPlan {
        let property: ContractProperty
        let nullMarkers: [[UInt8]]
        /// The markers are exactly `[""]` (the default): a cell is null when it is empty, no list to walk.
        let onlyEmptyIsNull: Bool
        var type: Int?
        var dateFormat: DateTimeFormat?
        var required: Int?
        var pattern: PatternCheck?
        var minimum: Bound?
        var maximum: Bound?
        var minLength: (check: Int, length: Int)?
        var maxLength: (check: Int, length: Int)?
        var precision: (check: Int, precision: Int?, scale: Int?)?
        var nullValues: [Int] = []
        var missingValues: [(check: Int, values: [[UInt8]])] = []
        var invalidValues: [ValueCheck] = []
        /// Keeps alive the matchers, value sets and bound texts the checks above reach through unowned(unsafe)
        /// references: read per cell, those cost no reference counting.
        var owned: [AnyObject] = []

        /// The cell's text judged as the declared type (`TypeVerdict.parseText`), with the number it holds for
        /// integers and numbers (and its digit counts, for precision checks).
        @inline(__always)
        func parse(_ cell: UnsafeBufferPointer<UInt8>) -> (conforms: Bool, number: (value: Double, digits: Int, fractionDigits: Int)?) {
            switch property.logicalType {
            case .integer:
                guard let value = CellValue.integer(cell) else { return (false, nil) }
                return (true, (Double(value), CellValue.significantDigits(value), 0))
            case .number:
                let number = CellValue.number(cell)
                return (number != nil, number)
            case .boolean: return (CellValue.boolean(cell) != nil, nil)
            case .date: return (dateFormat.map { $0.matches(cell) } ?? DateTimeFormat.isISODate(cell), nil)
            case .timestamp: return (dateFormat.map { $0.matches(cell) } ?? DateTimeFormat.isTimestamp(cell), nil)
            case .time: return (dateFormat.map { $0.matches(cell) } ?? DateTimeFormat.isTime(cell, allowOffset: true), nil)
            case .string, .object, .array: return (true, nil)
            }
        }

        /// Whether a parsed number fits the `precision`/`scale` options (false when the text is no number).
        func fitsPrecision(_ parsed: (value: Double, digits: Int, fractionDigits: Int)?) -> Bool {
            guard let check = precision, let parsed else { return false }
            let scale = check.scale ?? 0
            let integerDigits = max(parsed.digits - parsed.fractionDigits, 0)
            return parsed.digits <= (check.precision ?? .max) && parsed.fractionDigits <= (check.scale ?? .max)
                && integerDigits <= (check.precision ?? .max) - scale
        }

        struct PatternCheck {
            let check: Int
            unowned(unsafe) let matcher: PatternMatcher
        }

        struct ValueCheck {
            let check: Int
            let valid: Unmanaged<ByteStringSet>?
            let pattern: Unmanaged<PatternMatcher>?
        }

        init(property: ContractProperty, nullMarkers: [[UInt8]]) {
            self.property = property
            self.nullMarkers = nullMarkers
            onlyEmptyIsNull = nullMarkers.count == 1 && nullMarkers[0].isEmpty
        }
    }

    public init(contract: DataContract, object: ContractObject, settings: ValidationSettings = ValidationSettings()) throws(ContractError) {
        self.contract = contract
        self.object = object
        self.settings = settings
        nonNull = .allocate(capacity: object.properties.count)
        nonNull.initialize(repeating: 0)
        rowNumbers = .allocate(capacity: object.properties.count)
        rowNumbers.initialize(repeating: 0)
        rowNumberStamps = .allocate(capacity: object.properties.count)
        rowNumberStamps.initialize(repeating: -1)
        quotedNullMarkers = contract.dialect.quotedNullMarkers
        numericStack = .allocate(capacity: 1)
        try plan()
        let properties = object.properties
        numericPrograms = sqlChecks.map { sql in
            NumericSQLProgram(sql.rule.program) { [.integer, .number, .boolean].contains(properties[$0].logicalType) }
        }
        numericStack.deallocate()
        numericStack = .allocate(capacity: max(1, numericPrograms.map { $0?.depth ?? 0 }.max() ?? 0))
        var order = [fieldCountCheck]
        for plan in plans {
            order += plan.missingValues.map(\.check) + (plan.required.map { [$0] } ?? []) + plan.nullValues + plan.invalidValues.map(\.check)
            order += [plan.type, plan.pattern?.check, plan.minimum?.check, plan.maximum?.check, plan.minLength?.check, plan.maxLength?.check,
                      plan.precision?.check].compactMap { $0 }
        }
        order += keyChecks.map(\.check) + sqlChecks.map(\.check)
        rowOrder = Array(repeating: order.count, count: checks.count)
        for (rank, check) in order.enumerated() where rowOrder[check] == order.count { rowOrder[check] = rank }
        numericRuleDepth = numericPrograms.map { $0?.depth ?? 0 }.max() ?? 0
        feedsNumericRule = Array(repeating: false, count: properties.count)
        for (sql, program) in zip(sqlChecks, numericPrograms) where program != nil {
            for index in sql.rule.columns { feedsNumericRule[index] = true }
        }
    }

    deinit {
        nonNull.deallocate()
        rowNumbers.deallocate()
        rowNumberStamps.deallocate()
        numericStack.deallocate()
        scratch.deallocate()
    }

    // MARK: planning

    private func add(_ type: String, _ name: String, id: String, property: String? = nil, dimension: String?, severity: Severity = .error,
                     metric: String? = nil, threshold: Threshold? = .equal(0), unit: ThresholdUnit = .rows, rowLevel: Bool = true) -> Int {
        checks.append(CheckState(result: CheckResult(
            id: id, type: type, name: name, object: object.name, property: property, dimension: dimension, severity: severity,
            outcome: .passed, reason: nil, metric: metric, value: nil, threshold: threshold, unit: unit, rowCount: 0, failedCount: 0,
            nonNullRows: nil, samples: [], isRowLevel: rowLevel)))
        return checks.count - 1
    }

    private func fail(_ node: Int, _ rule: String, _ message: String) -> ContractError {
        ContractError(contract: contract.sourceName, line: node, rule: rule, message: message)
    }

    private func plan() throws(ContractError) {
        let o = object.name
        fileCheck = add("file_decodes", "File \(o) decodes as \(contract.dialect.format.rawValue)", id: "\(o).file_decodes", dimension: nil, threshold: nil, rowLevel: false)
        columnsCheck = add("fields_are_present", "Declared columns of \(o) are present (\(object.columnPolicy.rawValue))", id: "\(o).columns", dimension: "conformity", threshold: nil, rowLevel: false)
        fieldCountCheck = add("field_count", "Every row of \(o) has the declared number of fields", id: "\(o).field_count", dimension: "conformity")
        for property in object.properties {
            let p = property.name
            let base = "\(o).\(p)"
            let markers = property.nullMarkers ?? (contract.dialect.format == .parquet ? [] : contract.dialect.nullMarkers)
            let plan = PropertyPlan(property: property, nullMarkers: markers.map { Array($0.utf8) })
            if property.required || property.primaryKeyPosition != nil {
                plan.required = add("field_required", "Check that field \(p) has no missing values", id: "\(base).required", property: p, dimension: "completeness")
            }
            if ![LogicalType.string, .object, .array].contains(property.logicalType) || property.options.format != nil {
                plan.type = add("field_type", "Check that field \(p) is \(property.logicalType.rawValue)\(property.options.format.map { " (\($0))" } ?? "")",
                                id: "\(base).type", property: p, dimension: "conformity")
                if let format = property.options.format, [.date, .timestamp, .time].contains(property.logicalType) {
                    do { plan.dateFormat = try DateTimeFormat(format) } catch { throw fail(property.line, "\(base).logicalTypeOptions.format", "\(error)") }
                }
            }
            let options = property.options
            if let pattern = options.pattern {
                do {
                    let matcher = try PatternMatcher(pattern)
                    plan.owned.append(matcher)
                    plan.pattern = PropertyPlan.PatternCheck(
                        check: add("field_pattern", "Check that field \(p) matches the pattern \(pattern)", id: "\(base).pattern", property: p, dimension: "conformity"),
                        matcher: matcher)
                } catch { throw fail(property.line, "\(base).logicalTypeOptions.pattern", "\(error)") }
            }
            if let bound = options.minimum ?? options.exclusiveMinimum {
                let exclusive = options.minimum == nil
                plan.minimum = Bound(check: add("field_minimum", "Check that field \(p) is \(exclusive ? ">" : ">=") \(bound)", id: "\(base).minimum", property: p, dimension: "accuracy"), bound: bound, exclusive: exclusive, owner: &plan.owned)
            }
            if let bound = options.maximum ?? options.exclusiveMaximum {
                let exclusive = options.maximum == nil
                plan.maximum = Bound(check: add("field_maximum", "Check that field \(p) is \(exclusive ? "<" : "<=") \(bound)", id: "\(base).maximum", property: p, dimension: "accuracy"), bound: bound, exclusive: exclusive, owner: &plan.owned)
            }
            if let length = options.minLength {
                plan.minLength = (add("field_min_length", "Check that field \(p) has a minimum length of \(length)", id: "\(base).min_length", property: p, dimension: "conformity"), length)
            }
            if let length = options.maxLength {
                plan.maxLength = (add("field_max_length", "Check that field \(p) has a maximum length of \(length)", id: "\(base).max_length", property: p, dimension: "conformity"), length)
            }
            if options.precision != nil || options.scale != nil {
                plan.precision = (add("field_precision", "Check that field \(p) fits precision \(options.precision.map(String.init) ?? "-") scale \(options.scale.map(String.init) ?? "-")",
                                      id: "\(base).precision", property: p, dimension: "conformity"), options.precision, options.scale)
            }
            let index = plans.count
            if property.unique {
                let check = add("field_unique", "Check that unique field \(p) has no duplicate values", id: "\(base).unique", property: p, dimension: "uniqueness")
                addKeyCheck(check: check, columns: [index], nullFails: false)
            }
            for (position, rule) in property.quality.enumerated() {
                try planQuality(rule, position: position, plan: plan, propertyIndex: index)
            }
            plans.append(plan)
            nullTests.append(plan.nullMarkers.isEmpty ? .sourceOnly : (plan.onlyEmptyIsNull ? .empty : .markers))
        }
        let keyColumns = object.properties.indices.filter { object.properties[$0].primaryKeyPosition != nil }
            .sorted { object.properties[$0].primaryKeyPosition! < object.properties[$1].primaryKeyPosition! }
        if !keyColumns.isEmpty {
            let names = keyColumns.map { object.properties[$0].name }
            let check = add("primary_key", "Check that the primary key (\(names.joined(separator: ", "))) is unique and complete", id: "\(o).primary_key", dimension: "uniqueness")
            addKeyCheck(check: check, columns: keyColumns, nullFails: true)
        }
        for (position, rule) in object.quality.enumerated() {
            let unused = PropertyPlan(property: ContractProperty(name: "", line: 0, logicalType: .string, required: false, unique: false, primaryKeyPosition: nil, options: LogicalTypeOptions(), quality: [], nullMarkers: nil), nullMarkers: [])
            try planQuality(rule, position: position, plan: unused, propertyIndex: nil)
        }
    }

    private func addKeyCheck(check: Int, columns: [Int], nullFails: Bool) {
        keySets.append(KeyFingerprintSet(maximumKeys: settings.maximumUniqueKeys))
        keyChecks.append(KeyCheck(check: check, set: keySets.count - 1, columns: columns, nullFails: nullFails))
        keyHashes.append(nil)
    }

    private func planQuality(_ rule: QualityRule, position: Int, plan: PropertyPlan, propertyIndex: Int?) throws(ContractError) {
        let owner = propertyIndex.map { "\(object.name).\(object.properties[$0].name)" } ?? object.name
        let id = rule.id ?? "\(owner).quality[\(position)]"
        let property = propertyIndex.map { object.properties[$0].name }
        let where_ = "\(owner).quality[\(position)]\(rule.id.map { " (\($0))" } ?? "")"
        switch rule.kind {
        case .text:
            let check = add("quality", rule.name ?? "Text rule \(id)", id: id, property: property, dimension: rule.dimension, severity: rule.severity, threshold: nil, rowLevel: false)
            skip(check, "a text rule is documentation; nothing to evaluate")
        case .custom(let engine):
            let check = add("quality", rule.name ?? "Custom rule \(id)", id: id, property: property, dimension: rule.dimension, severity: rule.severity, threshold: nil, rowLevel: false)
            skip(check, "unsupported: custom engine `\(engine)` is not run by this validator")
        case .dqdl(let text, let line):
            guard propertyIndex == nil else { throw fail(rule.line, where_, "a DQDL ruleset names its columns: put it in the schema object's quality") }
            let ruleset: DQDLRuleset
            do {
                ruleset = try DQDLRuleset(text)
            } catch {
                throw self.fail(line + error.line - 1, "\(where_) DQDL ruleset line \(error.line): \(error.rule)", error.message)
            }
            for (index, dqdl) in ruleset.rules.enumerated() {
                try planDQDL(dqdl, id: "\(id).dqdl[\(index)]", severity: rule.severity, dimension: rule.dimension,
                             at: (line + dqdl.line - 1, "\(where_) DQDL ruleset line \(dqdl.line): \(dqdl.text)"))
            }
        case .sql(let query):
            let check = add("quality", rule.name ?? "SQL rule \(id)", id: id, property: property, dimension: rule.dimension ?? "consistency",
                            severity: rule.severity, metric: "rowCount", threshold: rule.threshold ?? .equal(0), unit: rule.unit)
            do {
                sqlChecks.append((check, try BusinessRule.parse(query, object: object)))
            } catch let error as BusinessRule.Unsupported {
                skip(check, "unsupported: \(error.description)")
            } catch {
                throw fail(rule.line, where_, "the business rule does not parse: \(error)")
            }
        case .library(let metric):
            let dimension = rule.dimension ?? Self.defaultDimension(metric)
            let threshold = rule.threshold ?? (metric == .rowCount ? nil : .equal(0))
            guard let threshold else { throw fail(rule.line, where_, "rowCount needs a threshold (mustBe…)") }
            let check = add("quality", rule.name ?? "\(metric.rawValue) of \(owner)", id: id, property: property, dimension: dimension,
                            severity: rule.severity, metric: metric.rawValue, threshold: threshold, unit: rule.unit, rowLevel: metric != .rowCount)
            switch metric {
            case .rowCount:
                rowCountChecks.append(check)
            case .nullValues:
                guard propertyIndex != nil else { throw fail(rule.line, where_, "nullValues applies to a property") }
                plan.nullValues.append(check)
            case .missingValues:
                guard propertyIndex != nil else { throw fail(rule.line, where_, "missingValues applies to a property") }
                plan.missingValues.append((check, (rule.values ?? []).map { Array($0.utf8) }))
            case .invalidValues:
                guard propertyIndex != nil else { throw fail(rule.line, where_, "invalidValues applies to a property") }
                guard rule.values != nil || rule.pattern != nil else { throw fail(rule.line, where_, "invalidValues needs arguments.validValues or arguments.pattern") }
                var matcher: PatternMatcher?
                if let pattern = rule.pattern {
                    do { matcher = try PatternMatcher(pattern) } catch { throw fail(rule.line, "\(where_).arguments.pattern", "\(error)") }
                }
                let valid = rule.values.map { ByteStringSet($0.map { Array($0.utf8) }) }
                plan.owned += [valid as AnyObject?, matcher as AnyObject?].compactMap { $0 }
                plan.invalidValues.append(PropertyPlan.ValueCheck(
                    check: check, valid: valid.map { Unmanaged.passUnretained($0) }, pattern: matcher.map { Unmanaged.passUnretained($0) }))
            case .duplicateValues:
                var columns: [Int]
                if let names = rule.properties {
                    columns = []
                    for name in names {
                        guard let index = object.properties.firstIndex(where: { $0.name == name }) else {
                            throw fail(rule.line, where_, "duplicateValues names unknown property \(name)")
                        }
                        columns.append(index)
                    }
                } else if let propertyIndex {
                    columns = [propertyIndex]
                } else {
                    throw fail(rule.line, where_, "duplicateValues on an object needs arguments.properties")
                }
                addKeyCheck(check: check, columns: columns, nullFails: false)
            }
        }
    }

    /// One DQDL rule as the checks this validator runs (the mapping is documented on `DQDLRuleset`).
    private func planDQDL(_ rule: DQDLRule, id: String, severity: Severity, dimension: String?, at place: (line: Int, rule: String)) throws(ContractError) {
        func property(_ name: String) throws(ContractError) -> Int {
            guard let index = object.properties.firstIndex(where: { $0.name == name }) else {
                throw fail(place.line, place.rule, "the column \(name) is not a property of \(object.name)")
            }
            return index
        }
        func check(_ type: String, _ defaultDimension: String, metric: String, threshold: Threshold, unit: ThresholdUnit, property: String?, rowLevel: Bool = true) -> Int {
            add(type, rule.text, id: id, property: property, dimension: dimension ?? defaultDimension, severity: severity,
                metric: metric, threshold: threshold, unit: unit, rowLevel: rowLevel)
        }
        switch rule.kind {
        case .rowCount(let threshold):
            rowCountChecks.append(check("dqdl", "completeness", metric: "rowCount", threshold: threshold, unit: .rows, property: nil, rowLevel: false))
        case .isComplete(let name), .completeness(let name, _):
            let index = try property(name)
            var threshold = Threshold.equal(0), unit = ThresholdUnit.rows
            if case .completeness(_, let expected) = rule.kind { (threshold, unit) = (expected, .passingFraction) }
            plans[index].nullValues.append(check("dqdl", "completeness", metric: "completeness", threshold: threshold, unit: unit, property: name))
        case .isUnique(let names), .isPrimaryKey(let names), .uniqueness(let names, _):
            var columns: [Int] = []
            for name in names { columns.append(try property(name)) }
            var threshold = Threshold.equal(0), unit = ThresholdUnit.rows
            if case .uniqueness(_, let expected) = rule.kind { (threshold, unit) = (expected, .passingFraction) }
            let nullFails = if case .isPrimaryKey = rule.kind { true } else { false }
            addKeyCheck(check: check("dqdl", "uniqueness", metric: "uniqueness", threshold: threshold, unit: unit, property: names.count == 1 ? names[0] : nil),
                        columns: columns, nullFails: nullFails)
        case .columnValues(let name, let condition, let passing):
            let index = try property(name)
            let failing = DQDLPredicates.failing(.column(index), condition)
            let checkIndex = check("dqdl", "conformity", metric: "columnValues", threshold: passing ?? .equal(0), unit: passing == nil ? .rows : .passingFraction, property: name)
            sqlChecks.append((checkIndex, BusinessRule(predicate: failing, columns: [index])))
        case .columnLength(let name, let threshold):
            let index = try property(name)
            let length = SQLExpression.function(.length, [.function(.coalesce, [.column(index), .literal(.text(""))])])
            let checkIndex = check("dqdl", "conformity", metric: "columnLength", threshold: .equal(0), unit: .rows, property: name)
            sqlChecks.append((checkIndex, BusinessRule(predicate: .not(DQDLPredicates.holds(length, threshold)), columns: [index])))
        case .customSql(let query, let threshold):
            // `primary` is DQDL's name for the dataset under test; the object plays that part here.
            let statement = DQDLPredicates.replacingPrimary(in: query)
            let checkIndex = check("dqdl", "consistency", metric: "rowCount", threshold: threshold, unit: .rows, property: nil)
            do {
                sqlChecks.append((checkIndex, try BusinessRule.parse(statement, object: object)))
            } catch {
                throw fail(place.line, place.rule, "unsupported CustomSql: only `select count(*) from primary where <predicate>` is evaluated (\(error))")
            }
        }
    }

    static func defaultDimension(_ metric: LibraryMetric) -> String {
        switch metric {
        case .rowCount, .nullValues, .missingValues: "completeness"
        case .invalidValues: "conformity"
        case .duplicateValues: "uniqueness"
        }
    }

    private func skip(_ check: Int, _ reason: String) {
        checks[check].result.outcome = .skipped
        checks[check].result.reason = reason
    }

    // MARK: reading

    /// The file's columns: header names, or nil for a headerless file (columns then match by position).
    /// Checks presence, order and extra columns per the object's `columnPolicy`. A typed source passes each
    /// column's stored type (`storedTypes`, parallel to `columns`).
    public func begin(columns: [String]?, storedTypes: [StoredColumnType]? = nil) {
        let declared = object.properties.map(\.name)
        verdicts = Array(repeating: .parseText, count: declared.count)
        guard let columns else {
            columnIndex = declared.indices.map { $0 }
            expectedFieldCount = declared.count
            numericColumns = Array(repeating: false, count: declared.count)
            checks[columnsCheck].result.reason = "no header row: columns are matched by position"
            return
        }
        defer { judgeStoredTypes(storedTypes) }
        expectedFieldCount = columns.count
        var position: [String: Int] = [:]
        for (index, name) in columns.enumerated() where position[name] == nil { position[name] = index }
        columnIndex = declared.map { position[$0] }
        let missing = declared.filter { position[$0] == nil }
        let extra = columns.filter { !declared.contains($0) }
        var problems: [String] = []
        if !missing.isEmpty { problems.append("missing columns: \(missing.joined(separator: ", "))") }
        if !extra.isEmpty && object.columnPolicy != .superset { problems.append("columns not in the contract: \(extra.joined(separator: ", "))") }
        if object.columnPolicy == .exact && missing.isEmpty && extra.isEmpty && columns != declared {
            problems.append("columns are in the order \(columns.joined(separator: ", ")), the contract declares \(declared.joined(separator: ", "))")
        }
        if Set(columns).count != columns.count { problems.append("a column name appears twice in the header") }
        if !problems.isEmpty {
            checks[columnsCheck].result.outcome = .failed
            checks[columnsCheck].result.reason = problems.joined(separator: "; ")
        }
        for (index, plan) in plans.enumerated() where columnIndex[index] == nil {
            for check in plan.checkIndexes { skip(check, "column \(plan.property.name) is missing from the file") }
        }
        for keyCheck in keyChecks where keyCheck.columns.contains(where: { columnIndex[$0] == nil }) {
            skip(keyCheck.check, "a key column is missing from the file")
        }
        for sql in sqlChecks where sql.rule.columns.contains(where: { columnIndex[$0] == nil }) {
            skip(sql.check, "a column the rule reads is missing from the file")
        }
    }

    private func judgeStoredTypes(_ storedTypes: [StoredColumnType]?) {
        numericColumns = (0..<(expectedFieldCount ?? 0)).map { storedTypes?.indices.contains($0) == true && storedTypes![$0].isNumeric }
        guard let storedTypes else { return }
        for (index, property) in object.properties.enumerated() {
            guard let column = columnIndex[index], storedTypes.indices.contains(column) else { continue }
            let stored = storedTypes[column]
            verdicts[index] = TypeVerdict.judge(property.logicalType, stored)
            if verdicts[index] == .mismatch, plans[index].type != nil {
                typeNotes.append("column \(property.name) is stored as \(stored.description), which cannot hold \(property.logicalType.rawValue): every value fails its type check")
            }
        }
    }

    /// Columns of the file some check reads (the rest need not be decoded by a typed source).
    public var columnsRead: Set<Int> { Set(columnIndex.compactMap { $0 }) }

    /// The file could not be read to the end (decompression, quoting, UTF-8): the whole validation fails with
    /// an `error` on `file_decodes`.
    public func fileFailed(_ reason: String) {
        checks[fileCheck].result.outcome = .error
        checks[fileCheck].result.reason = reason
    }

    /// A JSON line that is not an object, or a record the reader rejected but could skip: counted as a row
    /// failing `field_count`.
    public func rejected(line: Int, reason: String) {
        rows += 1
        recordFailure(fieldCountCheck, line: line, column: nil, value: reason)
        finishRow(line: line, values: [])
    }

    /// Checks one record of a typed source: `numbers[column]` is the value of each numeric column
    /// (`StoredColumnType.isNumeric`) when the cell is not null.
    @discardableResult
    public func check(_ record: TextRecord, numbers: UnsafeBufferPointer<Double>) -> Bool {
        self.numbers = numbers
        defer { self.numbers = nil }
        return check(record)
    }

    /// Checks one record; true when it failed no check.
    @discardableResult
    public func check(_ record: TextRecord) -> Bool {
        rows += 1
        let line = record.line
        if let expected = expectedFieldCount, record.count != expected {
            recordFailure(fieldCountCheck, line: line, column: nil, value: "\(record.count) fields, expected \(expected)")
            finishRow(line: line, record: record)
            return false
        }
        // Keys are hashed first and their table slots prefetched: the cell checks run while the loads are in flight.
        for position in keyChecks.indices {
            keyHashes[position] = keyHash(position, record)
            if let hash = keyHashes[position] { keySets[keyChecks[position].set].prefetch(hash) }
        }
        for index in plans.indices {
            guard let column = columnIndex[index] else { continue }
            checkCell(index, record, column, line)
        }
        for position in keyChecks.indices {
            let keyCheck = keyChecks[position]
            guard !keySets[keyCheck.set].overflowed && checks[keyCheck.check].result.outcome != .skipped else { continue }
            guard let hash = keyHashes[position] else {
                if keyCheck.nullFails { recordFailure(keyCheck.check, line: line, column: nil, value: "null key") }
                continue
            }
            if !keySets[keyCheck.set].insert(hash) {
                let (columns, value) = duplicateSample(keyCheck, record)
                recordFailure(keyCheck.check, line: line, column: columns, value: value)
            }
        }
        for sql in sqlChecks.indices where checks[sqlChecks[sql].check].result.outcome != .skipped {
            let holds: Bool
            if let numeric = numericPrograms[sql] {
                holds = numeric.evaluate(stack: numericStack) { index in self.sqlNumber(index, record) } == true
            } else {
                holds = sqlChecks[sql].rule.program.evaluate(stack: &sqlStack) { index in self.sqlValue(index, record) }.truth == true
            }
            if holds {
                recordFailure(sqlChecks[sql].check, line: line, column: nil, value: nil)
            }
        }
        let passed = rowFailures.isEmpty
        finishRow(line: line, record: record)
        return passed
    }

    /// A repeated key's sample: the key's column names and its values.
    private func duplicateSample(_ keyCheck: KeyCheck, _ record: TextRecord) -> (columns: String, value: String) {
        (keyCheck.columns.map { object.properties[$0].name }.joined(separator: ","),
         keyCheck.columns.compactMap { columnIndex[$0].map { record.string($0) } }.joined(separator: ","))
    }

    /// The hash of key check `position`'s key in `record`, nil when a key column is null or missing.
    private func keyHash(_ position: Int, _ record: TextRecord) -> UInt64? {
        var hasher = KeyHasher()
        for index in keyChecks[position].columns {
            guard let column = columnIndex[index], !isNull(index, record, column) else { return nil }
            hasher.combine(record.field(column))
        }
        return hasher.finalized
    }

    /// Whether property `index`'s cell (in file column `column`) is null by the contract's rules.
    func isNull(_ index: Int, _ record: TextRecord, _ column: Int) -> Bool {
        switch nullTests[index] {
        case .sourceOnly: return record.isNull(column)
        case .empty: return record.isNull(column) || (record.field(column).isEmpty && (quotedNullMarkers || !record.isQuoted(column)))
        case .markers: return isNull(plans[index], record, column)
        }
    }

    private func isNull(_ plan: PropertyPlan, _ record: TextRecord, _ column: Int) -> Bool {
        if record.isNull(column) { return true }
        if !quotedNullMarkers && record.isQuoted(column) { return false }
        let cell = record.field(column)
        if plan.onlyEmptyIsNull { return cell.isEmpty }
        for marker in plan.nullMarkers where marker.count == cell.count && marker.elementsEqual(cell) { return true }
        return false
    }

    private func sqlValue(_ index: Int, _ record: TextRecord) -> SQLValue {
        guard let column = columnIndex[index], !isNull(index, record, column) else { return .null }
        if let numbers, numericColumns[column] { return .number(numbers[column]) }
        if rowNumberStamps[index] == rows { return .number(rowNumbers[index]) }
        return textSQLValue(index, record.field(column))
    }

    /// A non-null cell's text as a business rule reads it, when the type check left no number for it.
    private func textSQLValue(_ index: Int, _ cell: UnsafeBufferPointer<UInt8>) -> SQLValue {
        switch object.properties[index].logicalType {
        case .integer, .number: return CellValue.number(cell).map { .number($0.value) } ?? .null
        case .boolean: return CellValue.boolean(cell).map { .boolean($0) } ?? .null
        default: return .text(String(decoding: cell, as: UTF8.self))
        }
    }

    /// `sqlValue` for a column a numeric rule reads (a number or boolean property).
    private func sqlNumber(_ index: Int, _ record: TextRecord) -> NumericSQLProgram.Value {
        guard let column = columnIndex[index], !isNull(index, record, column) else { return .null }
        if let numbers, numericColumns[column] { return .number(numbers[column]) }
        if rowNumberStamps[index] == rows { return .number(rowNumbers[index]) }
        return textSQLNumber(index, record.field(column))
    }

    /// `textSQLValue` for a number or boolean property.
    private func textSQLNumber(_ index: Int, _ cell: UnsafeBufferPointer<UInt8>) -> NumericSQLProgram.Value {
        if object.properties[index].logicalType == .boolean { return CellValue.boolean(cell).map { .boolean($0) } ?? .null }
        return CellValue.number(cell).map { .number($0.value) } ?? .null
    }

    private func checkCell(_ index: Int, _ record: TextRecord, _ column: Int, _ line: Int) {
        // The plans live as long as the validator: no reference counting per cell.
        unowned(unsafe) let plan = plans[index]
        let name = index
        let null = isNull(index, record, column)
        let cell = record.field(column)
        if !plan.missingValues.isEmpty {
            for check in plan.missingValues where null || check.values.contains(where: { $0.count == cell.count && $0.elementsEqual(cell) }) {
                recordFailure(check.check, line: line, column: name, cell: null ? nil : cell)
            }
        }
        if null {
            if let check = plan.required { recordFailure(check, line: line, column: name, cell: nil) }
            if !plan.nullValues.isEmpty {
                for check in plan.nullValues { recordFailure(check, line: line, column: name, cell: nil) }
            }
            return
        }
        nonNull[index] += 1
        if !plan.invalidValues.isEmpty {
            for check in plan.invalidValues {
                let valid = (check.valid?._withUnsafeGuaranteedRef { $0.contains(cell) } ?? true)
                    && (check.pattern?._withUnsafeGuaranteedRef { $0.matches(cell) } ?? true)
                if !valid { recordFailure(check.check, line: line, column: name, cell: cell) }
            }
        }
        var number: (value: Double, digits: Int, fractionDigits: Int)?
        var conforms = true
        switch verdicts[index] {
        case .parseText:
            (conforms, number) = plan.parse(cell)
        case .conforms:
            // Digit counts are only needed by precision checks, which parse the text themselves.
            if let numbers, numericColumns[column] { number = (numbers[column], 0, 0) }
        case .wholeNumbers:
            let value = numbers.map { $0[column] } ?? .nan
            conforms = value.isFinite && value == value.rounded(.towardZero) && abs(value) < 9.3e18
            number = (value, 0, 0)
        case .mismatch:
            conforms = false
        }
        if let check = plan.type, !conforms {
            recordFailure(check, line: line, column: name, cell: cell)
            return
        }
        if let number {
            rowNumbers[index] = number.value
            rowNumberStamps[index] = rows
        }
        if let check = plan.pattern, !check.matcher.matches(cell) { recordFailure(check.check, line: line, column: name, cell: cell) }
        if let check = plan.minimum, !check.admits(cell, number?.value, lower: true) {
            recordFailure(check.check, line: line, column: name, cell: cell)
        }
        if let check = plan.maximum, !check.admits(cell, number?.value, lower: false) {
            recordFailure(check.check, line: line, column: name, cell: cell)
        }
        if plan.minLength != nil || plan.maxLength != nil {
            let length = CellValue.characterCount(cell)
            if let check = plan.minLength, length < check.length { recordFailure(check.check, line: line, column: name, cell: cell) }
            if let check = plan.maxLength, length > check.length { recordFailure(check.check, line: line, column: name, cell: cell) }
        }
        if let check = plan.precision {
            let parsed = verdicts[index] == .parseText ? (number ?? CellValue.number(cell)) : CellValue.number(cell)
            if !plan.fitsPrecision(parsed) { recordFailure(check.check, line: line, column: name, cell: cell) }
        }
    }

    /// A `minimum`/`maximum` bound, unpacked once: numeric bounds compare numbers; text bounds (dates,
    /// timestamps) compare ISO text byte by byte.
    struct Bound {
        let check: Int
        let exclusive: Bool
        let number: Double?
        /// The text bound's bytes, owned by a `BoundText` the plan keeps (so copying a bound counts no reference).
        let text: UnsafeBufferPointer<UInt8>

        init(check: Int, bound: ContractNumber, exclusive: Bool, owner: inout [AnyObject]) {
            self.check = check
            self.exclusive = exclusive
            let storage: BoundText
            switch bound {
            case .number(let limit): number = limit; storage = BoundText([])
            case .text(let limit): number = nil; storage = BoundText(Array(limit.utf8))
            }
            owner.append(storage)
            text = UnsafeBufferPointer(storage.bytes)
        }

        func admits(_ cell: UnsafeBufferPointer<UInt8>, _ value: Double?, lower: Bool) -> Bool {
            if let limit = number {
                guard let value = value ?? CellValue.number(cell)?.value else { return false }
                return admits(value, limit, lower: lower)
            }
            return admits(order: cell.lexicographicallyPrecedes(text) ? -1 : (cell.elementsEqual(text) ? 0 : 1), lower: lower)
        }

        /// A number against a numeric bound's `limit`.
        @inline(__always)
        func admits(_ value: Double, _ limit: Double, lower: Bool) -> Bool {
            admits(order: value < limit ? -1 : (value == limit ? 0 : 1), lower: lower)
        }

        @inline(__always)
        private func admits(order: Int, lower: Bool) -> Bool {
            if lower { return exclusive ? order > 0 : order >= 0 }
            return exclusive ? order < 0 : order <= 0
        }
    }

    /// Storage of a text bound's bytes, allocated once.
    final class BoundText {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        init(_ text: [UInt8]) {
            bytes = .allocate(capacity: text.count)
            _ = bytes.initialize(from: text)
        }
        deinit { bytes.deallocate() }
    }

    /// A cell's failure; `column` is the property's index (its name is looked up only for a sample).
    private func recordFailure(_ check: Int, line: Int, column: Int, cell: UnsafeBufferPointer<UInt8>?) {
        rowFailures.append(check)
        countFailure(check, line: line, column: column, cell: cell)
    }

    /// A failure's count and sample, without the row bookkeeping (`recordFailure` adds it for one row).
    private func countFailure(_ check: Int, line: Int, column: Int, cell: UnsafeBufferPointer<UInt8>?) {
        checks[check].failed += 1
        if checks[check].result.samples.count < settings.samplesPerCheck {
            let value = cell.map { sampleText(property: column, cell: $0) }
            checks[check].result.samples.append(FailureSample(
                line: line, column: object.properties[column].name, value: value.map { String($0.prefix(settings.sampleValueLength)) }))
        }
    }

    private func recordFailure(_ check: Int, line: Int, column: String?, value: String?) {
        rowFailures.append(check)
        countFailure(check, line: line, column: column, value: value)
    }

    private func countFailure(_ check: Int, line: Int, column: String?, value: String?) {
        checks[check].failed += 1
        if checks[check].result.samples.count < settings.samplesPerCheck {
            checks[check].result.samples.append(FailureSample(line: line, column: column, value: value.map { String($0.prefix(settings.sampleValueLength)) }))
        }
    }

    private func finishRow(line: Int, record: TextRecord) {
        guard !rowFailures.isEmpty else { return }
        finishRow(line: line, values: failingRows.count < settings.failingRowLimit ? (0..<record.count).map { String(fieldText(record, $0).prefix(settings.sampleValueLength)) } : [])
    }

    private func finishRow(line: Int, values: [String]) {
        defer { rowFailures.removeAll(keepingCapacity: true) }
        guard failingRows.count < settings.failingRowLimit, !rowFailures.isEmpty else { return }
        var ids: [String] = []
        for check in rowFailures where !ids.contains(checks[check].result.id) { ids.append(checks[check].result.id) }
        failingRows.append(FailingRow(line: line, checks: ids, values: values))
    }

    // MARK: results

    /// Final results: every check with its outcome, then one `dimension` check per dimension with a score.
    public func finish() -> ValidationResult {
        for index in checks.indices {
            var result = checks[index].result
            result.rowCount = rows
            if result.outcome == .skipped || result.outcome == .error {
                checks[index].result = result
                continue
            }
            if index == fileCheck || index == columnsCheck {
                result.failedCount = result.outcome == .failed ? 1 : 0
                checks[index].result = result
                continue
            }
            result.failedCount = checks[index].failed
            if let keyCheck = keyChecks.first(where: { $0.check == index }), keySets[keyCheck.set].overflowed {
                result.outcome = .skipped
                result.reason = "skipped: too many keys (more than \(settings.maximumUniqueKeys) distinct keys; raise the uniqueness key limit)"
                checks[index].result = result
                continue
            }
            if let property = result.property, let position = object.properties.firstIndex(where: { $0.name == property }) {
                result.nonNullRows = nonNull[position]
            }
            let value: Double
            if rowCountChecks.contains(index) {
                value = Double(rows)
                result.failedCount = 0
            } else if result.unit == .percent {
                value = rows == 0 ? 0 : Double(result.failedCount) * 100 / Double(rows)
            } else if result.unit == .passingFraction {
                value = rows == 0 ? 1 : 1 - Double(min(result.failedCount, rows)) / Double(rows)
            } else {
                value = Double(result.failedCount)
            }
            result.value = value
            let met = result.threshold?.isMet(by: value) ?? (result.failedCount == 0)
            if !met {
                result.outcome = result.severity == .error ? .failed : .warning
                result.reason = "\(result.metric ?? result.type) \(Threshold.text(value))\(result.unit == .percent ? " %" : "") does not satisfy \(result.threshold?.description ?? "= 0")"
            }
            if let keyCheck = keyChecks.first(where: { $0.check == index }) {
                let set = keySets[keyCheck.set]
                result.reason = [result.reason, "duplicate_rows \(set.duplicateRows), duplicate_keys \(set.duplicateKeys)"].compactMap { $0 }.joined(separator: "; ")
            }
            checks[index].result = result
        }
        var results = checks.map(\.result)
        results += dimensionScores(results)
        return ValidationResult(contract: contract, object: object, rows: rows, checks: results, failingRows: failingRows)
    }

    private func dimensionScores(_ results: [CheckResult]) -> [CheckResult] {
        var totals: [String: (rows: Int, failed: Int)] = [:]
        for result in results where result.isRowLevel && (result.outcome != .skipped && result.outcome != .error) {
            guard let dimension = result.dimension else { continue }
            totals[dimension, default: (0, 0)].rows += result.rowCount
            totals[dimension, default: (0, 0)].failed += min(result.failedCount, result.rowCount)
        }
        return totals.keys.sorted().map { dimension in
            let total = totals[dimension]!
            let score = total.rows == 0 ? 1 : 1 - Double(total.failed) / Double(total.rows)
            let threshold = contract.dimensionThresholds[dimension] ?? settings.dimensionThresholds[dimension]
            var result = CheckResult(
                id: "\(object.name).dimension.\(dimension)", type: "dimension_score", name: "\(dimension) score", object: object.name,
                property: nil, dimension: dimension, severity: .error, outcome: .passed, reason: nil, metric: "score", value: score,
                threshold: threshold.map { .greaterOrEqual($0) }, unit: .rows, rowCount: total.rows, failedCount: total.failed,
                nonNullRows: nil, samples: [], isRowLevel: false)
            if let threshold, score < threshold {
                result.outcome = .failed
                result.reason = "\(dimension) score \(score) is below \(threshold)"
            } else if threshold == nil {
                result.reason = "no threshold configured for \(dimension)"
            }
            return result
        }
    }
}

// MARK: blocks of records

extension ContractValidator {
    /// Checks a block of records (text files) with the same outcome as `check(_:)` on each record in turn (counts,
    /// samples, failing rows and the checks they list, in the same order), each check run as a loop over one
    /// column with the plan looked up once per block. `failed(row:)` then says which records failed a check.
    public func check(_ block: TextRecordBlock) {
        let count = block.count
        guard count > 0 else { return }
        scratch.reserve(rows: count, properties: plans.count, ruleDepth: numericRuleDepth)
        let s = scratch
        guard count > 1 && !verdicts.contains(where: { $0 != .parseText }) else {
            // A record on its own (JSON lines, a record the reader assembled) costs less by the record path, which
            // typed columns (`check(_:numbers:)`) take too.
            for row in 0..<count { s.rowFailed[row] = !check(block.record(row)) }
            return
        }
        blockFailureRows.removeAll(keepingCapacity: true)
        blockFailureChecks.removeAll(keepingCapacity: true)
        for row in 0..<count {
            s.rowFailed[row] = false
            let fields = block.fieldCount(row)
            if let expected = expectedFieldCount, fields != expected {
                s.rowChecked[row] = false
                blockFailure(fieldCountCheck, row, block, column: nil, value: "\(fields) fields, expected \(expected)")
            } else {
                s.rowChecked[row] = true
            }
        }
        rows += count
        for index in plans.indices {
            guard let column = columnIndex[index] else { continue }
            checkColumn(index, column, block, s)
        }
        checkKeys(block, s)
        checkRules(block, s)
        finishBlock(block, s)
    }

    /// Sizes the uniqueness tables for about `rows` rows in all (an estimate from the object's size), so they are
    /// allocated once rather than grown by doubling.
    public func expectRows(_ rows: Int) {
        for set in keySets { set.reserve(rows) }
    }

    /// Rows checked so far.
    public var rowCount: Int { rows }

    /// Whether record `row` of the block last given to `check(_: TextRecordBlock)` failed a check.
    public func failed(row: Int) -> Bool { scratch.rowFailed[row] }

    /// Property `index`'s checks over its column: `checkCell`'s, in passes over the block's rows (the null test and
    /// the type in one, then each other check in a loop of its own).
    private func checkColumn(_ index: Int, _ column: Int, _ block: TextRecordBlock, _ s: BlockScratch) {
        unowned(unsafe) let plan = plans[index]
        let count = block.count
        let checked = s.rowChecked
        let null = s.null + index * s.rows, typed = s.typed + index * s.rows, number = s.number + index * s.rows
        let logicalType = plan.property.logicalType
        let numeric = logicalType == .integer || logicalType == .number
        let nullTest = nullTests[index]
        let quotedNullMarkers = quotedNullMarkers
        var nonNullCount = 0
        /// The value list and pattern were checked in the first pass.
        var fusedOptions = false
        /// The null test, then the type test `conforms` on each non-null cell: `typed` where it conforms.
        @inline(__always) func nullsAndType(_ typeCheck: Int?, _ conforms: (UnsafeBufferPointer<UInt8>, Int) -> Bool) {
            for row in 0..<count {
                null[row] = false
                typed[row] = false
                guard checked[row] else { continue }
                let flags = block.flags(row, column)
                let cell = block.field(row, column)
                let isNull = switch nullTest {
                case .sourceOnly: flags.contains(.null)
                case .empty: flags.contains(.null) || (cell.isEmpty && (quotedNullMarkers || !flags.contains(.quoted)))
                case .markers: self.isNull(plan, block.record(row), column)
                }
                if isNull {
                    null[row] = true
                    continue
                }
                nonNullCount += 1
                if conforms(cell, row) {
                    typed[row] = true
                } else if let typeCheck {
                    blockFailure(typeCheck, row, block, column: index, cell: cell)
                }
            }
        }
        switch (plan.type, logicalType, plan.dateFormat) {
        case (nil, _, _) where plan.invalidValues.count <= 1 && (!plan.invalidValues.isEmpty || plan.pattern != nil):
            // A text column without a type test (strings): its value list or pattern goes in the same pass, as
            // they apply to every non-null cell (then not repeated below).
            let invalid = plan.invalidValues.first, pattern = plan.pattern
            let patternMatcher = pattern.map { Unmanaged.passUnretained($0.matcher) }
            fusedOptions = true
            nullsAndType(nil) { cell, row in
                if let invalid, !self.isValid(cell, invalid) { self.blockFailure(invalid.check, row, block, column: index, cell: cell) }
                if let pattern, let matcher = patternMatcher, !matcher._withUnsafeGuaranteedRef({ $0.matchesByRanges(cell) || $0.matches(cell) }) {
                    self.blockFailure(pattern.check, row, block, column: index, cell: cell)
                }
                return true
            }
        case (nil, _, _):
            nullsAndType(nil) { _, _ in true }
        case (let check, .integer, _):
            nullsAndType(check) { cell, row in
                guard let value = CellValue.integer(cell) else { return false }
                number[row] = Double(value)
                return true
            }
        case (let check, .number, _):
            nullsAndType(check) { cell, row in
                guard let value = CellValue.number(cell) else { return false }
                number[row] = value.value
                return true
            }
        case (let check, .date, nil): nullsAndType(check) { cell, _ in DateTimeFormat.isISODate(cell) }
        case (let check, .timestamp, nil): nullsAndType(check) { cell, _ in DateTimeFormat.isTimestamp(cell) }
        case (let check, _, _): nullsAndType(check) { cell, _ in plan.parse(cell).conforms }
        }
        nonNull[index] += nonNullCount
        for check in plan.missingValues {
            for row in 0..<count where checked[row] {
                let cell = block.field(row, column)
                if null[row] || check.values.contains(where: { $0.count == cell.count && $0.elementsEqual(cell) }) {
                    blockFailure(check.check, row, block, column: index, cell: null[row] ? nil : cell)
                }
            }
        }
        if nonNullCount < count {
            if let check = plan.required {
                for row in 0..<count where null[row] { blockFailure(check, row, block, column: index, cell: nil) }
            }
            for check in plan.nullValues {
                for row in 0..<count where null[row] { blockFailure(check, row, block, column: index, cell: nil) }
            }
        }
        for check in plan.invalidValues where !fusedOptions {
            for row in 0..<count where checked[row] && !null[row] {
                let cell = block.field(row, column)
                if !isValid(cell, check) { blockFailure(check.check, row, block, column: index, cell: cell) }
            }
        }
        if let check = plan.pattern, !fusedOptions {
            // Guaranteed by the plan: calling through it counts no reference per cell.
            let matcher = Unmanaged.passUnretained(check.matcher)
            for row in 0..<count where typed[row] {
                let cell = block.field(row, column)
                if !matcher._withUnsafeGuaranteedRef({ $0.matchesByRanges(cell) || $0.matches(cell) }) {
                    blockFailure(check.check, row, block, column: index, cell: cell)
                }
            }
        }
        func checkBound(_ bound: Bound, lower: Bool) {
            if numeric, let limit = bound.number {
                // Numbers the type test parsed: the text is read again only for a failure's sample.
                for row in 0..<count where typed[row] && !bound.admits(number[row], limit, lower: lower) {
                    blockFailure(bound.check, row, block, column: index, cell: block.field(row, column))
                }
                return
            }
            for row in 0..<count where typed[row] {
                let cell = block.field(row, column)
                if !bound.admits(cell, nil, lower: lower) { blockFailure(bound.check, row, block, column: index, cell: cell) }
            }
        }
        if let bound = plan.minimum { checkBound(bound, lower: true) }
        if let bound = plan.maximum { checkBound(bound, lower: false) }
        if plan.minLength != nil || plan.maxLength != nil {
            let minimum = plan.minLength, maximum = plan.maxLength
            for row in 0..<count where typed[row] {
                let cell = block.field(row, column)
                let length = CellValue.characterCount(cell)
                if let check = minimum, length < check.length { blockFailure(check.check, row, block, column: index, cell: cell) }
                if let check = maximum, length > check.length { blockFailure(check.check, row, block, column: index, cell: cell) }
            }
        }
        if let check = plan.precision {
            for row in 0..<count where typed[row] {
                let cell = block.field(row, column)
                let parsed = logicalType == .integer ? plan.parse(cell).number : CellValue.number(cell)
                if !plan.fitsPrecision(parsed) { blockFailure(check.check, row, block, column: index, cell: cell) }
            }
        }
        if feedsNumericRule[index] {
            let values = s.ruleValue + index * s.rows
            for row in 0..<count {
                values[row] = !checked[row] || null[row] ? .null
                    : (numeric && typed[row] ? .number(number[row]) : textSQLNumber(index, block.field(row, column)))
            }
        }
    }

    /// An `invalidValues` check's verdict on a non-null cell (in the value list, matching the pattern).
    @inline(__always)
    private func isValid(_ cell: UnsafeBufferPointer<UInt8>, _ check: PropertyPlan.ValueCheck) -> Bool {
        (check.valid?._withUnsafeGuaranteedRef { $0.contains(cell) } ?? true)
            && (check.pattern?._withUnsafeGuaranteedRef { $0.matchesByRanges(cell) || $0.matches(cell) } ?? true)
    }

    /// The uniqueness checks over the block: every key hashed first, then inserted in row order
    /// (`KeyFingerprintSet.insert(rows:…)`, which loads the slots of keys a few rows ahead).
    private func checkKeys(_ block: TextRecordBlock, _ s: BlockScratch) {
        let count = block.count
        let checked = s.rowChecked
        for position in keyChecks.indices {
            let keyCheck = keyChecks[position]
            guard checks[keyCheck.check].result.outcome != .skipped else { continue }
            // A row's key is live when the row is checked and no key column is null (a column missing from the
            // file makes every key null).
            let hashes = s.keyHash, live = s.keyLive
            for row in 0..<count { live[row] = checked[row] }
            for index in keyCheck.columns {
                guard columnIndex[index] != nil else {
                    for row in 0..<count { live[row] = false }
                    break
                }
                let null = s.null + index * s.rows
                for row in 0..<count where live[row] && null[row] { live[row] = false }
            }
            if let index = keyCheck.columns.first, keyCheck.columns.count == 1, let column = columnIndex[index] {
                for row in 0..<count where live[row] {
                    var hasher = KeyHasher()
                    hasher.combine(block.field(row, column))
                    hashes[row] = hasher.finalized
                }
            } else {
                for row in 0..<count where live[row] {
                    var hasher = KeyHasher()
                    for index in keyCheck.columns { hasher.combine(block.field(row, columnIndex[index].unsafelyUnwrapped)) }
                    hashes[row] = hasher.finalized
                }
            }
            let looked = keySets[keyCheck.set].insert(rows: count, hashes: hashes, live: live, repeated: s.keyRepeated)
            for row in 0..<looked where checked[row] {
                if !live[row] {
                    if keyCheck.nullFails { blockFailure(keyCheck.check, row, block, column: nil, value: "null key") }
                } else if s.keyRepeated[row] {
                    let (columns, value) = duplicateSample(keyCheck, block.record(row))
                    blockFailure(keyCheck.check, row, block, column: columns, value: value)
                }
            }
        }
    }

    /// The business rules over the block, row by row, on the values the column checks prepared.
    private func checkRules(_ block: TextRecordBlock, _ s: BlockScratch) {
        let count = block.count
        let checked = s.rowChecked
        for sql in sqlChecks.indices where checks[sqlChecks[sql].check].result.outcome != .skipped {
            let check = sqlChecks[sql].check
            if let numeric = numericPrograms[sql] {
                numeric.evaluate(rows: count, stack: s.ruleStack, column: { UnsafePointer(s.ruleValue + $0 * s.rows) }, holds: s.ruleHolds)
                for row in 0..<count where checked[row] && s.ruleHolds[row] { blockFailure(check, row, block, column: nil, value: nil) }
            } else {
                let program = sqlChecks[sql].rule.program
                for row in 0..<count where checked[row] {
                    let holds = program.evaluate(stack: &sqlStack) { index -> SQLValue in
                        guard let column = self.columnIndex[index], !s.null[index * s.rows + row] else { return .null }
                        let type = self.plans[index].property.logicalType
                        if (type == .integer || type == .number) && s.typed[index * s.rows + row] { return .number(s.number[index * s.rows + row]) }
                        return self.textSQLValue(index, block.field(row, column))
                    }.truth == true
                    if holds { blockFailure(check, row, block, column: nil, value: nil) }
                }
            }
        }
    }

    /// The block's failing rows in row order, each with its checks in the order `check(_:)` finds them (the
    /// failures were found column by column: sorted by row, then by `rowOrder`, then by when they were found).
    private func finishBlock(_ block: TextRecordBlock, _ s: BlockScratch) {
        guard !blockFailureRows.isEmpty else { return }
        let order = blockFailureRows.indices.map { (blockFailureRows[$0], rowOrder[blockFailureChecks[$0]], $0) }.sorted { $0 < $1 }
        var position = 0
        while position < order.count {
            let row = order[position].0
            rowFailures.removeAll(keepingCapacity: true)
            while position < order.count && order[position].0 == row {
                rowFailures.append(blockFailureChecks[order[position].2])
                position += 1
            }
            s.rowFailed[row] = true
            finishRow(line: block.line(row), record: block.record(row))
        }
    }

    private func blockFailure(_ check: Int, _ row: Int, _ block: TextRecordBlock, column: Int, cell: UnsafeBufferPointer<UInt8>?) {
        blockFailureRows.append(row)
        blockFailureChecks.append(check)
        countFailure(check, line: block.line(row), column: column, cell: cell)
    }

    private func blockFailure(_ check: Int, _ row: Int, _ block: TextRecordBlock, column: String?, value: String?) {
        blockFailureRows.append(row)
        blockFailureChecks.append(check)
        countFailure(check, line: block.line(row), column: column, value: value)
    }
}

extension ContractValidator.PropertyPlan {
    var checkIndexes: [Int] {
        var result = [type, required, pattern?.check, minimum?.check, maximum?.check, minLength?.check, maxLength?.check, precision?.check].compactMap { $0 }
        result += nullValues + missingValues.map(\.check) + invalidValues.map(\.check)
        return result
    }
}

// MARK: typed sources that render text only where a check reads it

/// A typed source's text of a cell it did not render (no check of its column reads text), asked for only when
/// a failing-row sample shows it.
public protocol DeferredCellText: AnyObject {
    /// The text of file column `column` in the row being checked, as the source would have rendered it.
    func text(column: Int) -> String
}

extension ContractValidator {
    /// File columns whose checks read the cells' text (after `begin`): patterns, lengths, valid and missing
    /// values, null markers, keys, text parsed for a type, text or non-numeric bounds, precision, and business
    /// rules reading a column that has no stored number. A typed source may pass the other columns' fields empty
    /// (nulls still flagged, numbers beside them) and render their text only for a sample (`deferText`).
    public var columnsReadAsText: Set<Int> {
        var text = Set<Int>()
        for (index, plan) in plans.enumerated() {
            guard let column = columnIndex[index] else { continue }
            if propertyReadsText(index, plan, numeric: numericColumns.indices.contains(column) && numericColumns[column]) { text.insert(column) }
        }
        for keyCheck in keyChecks {
            for index in keyCheck.columns { if let column = columnIndex[index] { text.insert(column) } }
        }
        for sql in sqlChecks {
            for index in sql.rule.columns {
                guard let column = columnIndex[index] else { continue }
                if !(numericColumns.indices.contains(column) && numericColumns[column]) { text.insert(column) }
            }
        }
        return text
    }

    private func propertyReadsText(_ index: Int, _ plan: PropertyPlan, numeric: Bool) -> Bool {
        if !plan.nullMarkers.isEmpty || !plan.missingValues.isEmpty || !plan.invalidValues.isEmpty || plan.pattern != nil
            || plan.minLength != nil || plan.maxLength != nil || plan.precision != nil {
            return true
        }
        let verdict = verdicts[index]
        if verdict == .parseText && ![LogicalType.string, .object, .array].contains(plan.property.logicalType) { return true }
        // A bound compares the stored number only when the type check passed on a number.
        let numberBounds = numeric && (verdict == .conforms || verdict == .wholeNumbers)
        for bound in [plan.minimum, plan.maximum].compactMap({ $0 }) where bound.number == nil || !numberBounds { return true }
        return false
    }

    /// The source passes the fields of file columns `columns` empty; `source` renders a cell's text when a
    /// sample or a failing row needs it. Call after `begin`, with columns outside `columnsReadAsText`.
    public func deferText(of columns: Set<Int>, to source: any DeferredCellText) {
        precondition(columns.isDisjoint(with: columnsReadAsText), "a deferred column's checks read its text")
        deferredText = (0..<(expectedFieldCount ?? 0)).map { columns.contains($0) }
        deferredCellText = source
    }

    /// A failing cell's text for its sample: the record's bytes, or the source's rendering when it deferred them.
    func sampleText(property: Int, cell: UnsafeBufferPointer<UInt8>) -> String {
        if !deferredText.isEmpty, let column = columnIndex[property], deferredText[column], let source = deferredCellText {
            return source.text(column: column)
        }
        return String(decoding: cell, as: UTF8.self)
    }

    /// Field `column` of the current record as a failing row lists it.
    func fieldText(_ record: TextRecord, _ column: Int) -> String {
        if !deferredText.isEmpty, deferredText[column], !record.isNull(column), let source = deferredCellText {
            return source.text(column: column)
        }
        return record.string(column)
    }
}
