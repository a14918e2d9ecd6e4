/// A dimension or metric filter (`FilterExpression`): a tree of and/or/not groups over field filters.
/// Encoded as the API's JSON oneof: exactly one member per object.
public indirect enum FilterExpression: Sendable, Equatable, Codable {
    case andGroup([FilterExpression])
    case orGroup([FilterExpression])
    case not(FilterExpression)
    case filter(Filter)

    private enum CodingKeys: String, CodingKey {
        case andGroup, orGroup, notExpression, filter
    }

    private struct Group: Codable {
        var expressions: [FilterExpression]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a filter expression needs exactly one of andGroup, orGroup, notExpression, filter"))
        }
        switch key {
        case .andGroup: self = .andGroup(try container.decode(Group.self, forKey: key).expressions)
        case .orGroup: self = .orGroup(try container.decode(Group.self, forKey: key).expressions)
        case .notExpression: self = .not(try container.decode(FilterExpression.self, forKey: key))
        case .filter: self = .filter(try container.decode(Filter.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .andGroup(let expressions): try container.encode(Group(expressions: expressions), forKey: .andGroup)
        case .orGroup(let expressions): try container.encode(Group(expressions: expressions), forKey: .orGroup)
        case .not(let expression): try container.encode(expression, forKey: .notExpression)
        case .filter(let filter): try container.encode(filter, forKey: .filter)
        }
    }

    /// Every field name the expression refers to, for validation against the property's metadata.
    public var fieldNames: [String] {
        switch self {
        case .andGroup(let expressions), .orGroup(let expressions): return expressions.flatMap(\.fieldNames)
        case .not(let expression): return expression.fieldNames
        case .filter(let filter): return [filter.fieldName]
        }
    }
}

/// A test on one field.
public struct Filter: Sendable, Equatable, Codable {
    public var fieldName: String
    public var stringFilter: StringFilter?
    public var inListFilter: InListFilter?
    public var numericFilter: NumericFilter?
    public var betweenFilter: BetweenFilter?
    public var emptyFilter: EmptyFilter?

    public init(
        fieldName: String, stringFilter: StringFilter? = nil, inListFilter: InListFilter? = nil,
        numericFilter: NumericFilter? = nil, betweenFilter: BetweenFilter? = nil, emptyFilter: EmptyFilter? = nil
    ) {
        self.fieldName = fieldName
        self.stringFilter = stringFilter
        self.inListFilter = inListFilter
        self.numericFilter = numericFilter
        self.betweenFilter = betweenFilter
        self.emptyFilter = emptyFilter
    }

    public struct StringFilter: Sendable, Equatable, Codable {
        public var matchType: MatchType?
        public var value: String
        public var caseSensitive: Bool?

        public init(matchType: MatchType? = nil, value: String, caseSensitive: Bool? = nil) {
            self.matchType = matchType
            self.value = value
            self.caseSensitive = caseSensitive
        }

        public enum MatchType: String, Sendable, Equatable, Codable {
            case exact = "EXACT"
            case beginsWith = "BEGINS_WITH"
            case endsWith = "ENDS_WITH"
            case contains = "CONTAINS"
            case fullRegexp = "FULL_REGEXP"
            case partialRegexp = "PARTIAL_REGEXP"
        }
    }

    public struct InListFilter: Sendable, Equatable, Codable {
        public var values: [String]
        public var caseSensitive: Bool?

        public init(values: [String], caseSensitive: Bool? = nil) {
            self.values = values
            self.caseSensitive = caseSensitive
        }
    }

    public struct NumericFilter: Sendable, Equatable, Codable {
        public var operation: Operation
        public var value: NumericValue

        public init(operation: Operation, value: NumericValue) {
            self.operation = operation
            self.value = value
        }

        public enum Operation: String, Sendable, Equatable, Codable {
            case equal = "EQUAL"
            case lessThan = "LESS_THAN"
            case lessThanOrEqual = "LESS_THAN_OR_EQUAL"
            case greaterThan = "GREATER_THAN"
            case greaterThanOrEqual = "GREATER_THAN_OR_EQUAL"
        }
    }

    public struct BetweenFilter: Sendable, Equatable, Codable {
        public var fromValue: NumericValue
        public var toValue: NumericValue

        public init(fromValue: NumericValue, toValue: NumericValue) {
            self.fromValue = fromValue
            self.toValue = toValue
        }
    }

    /// Matches `(not set)` and empty values.
    public struct EmptyFilter: Sendable, Equatable, Codable {
        public init() {}
    }
}

/// A number in a filter: the API's `NumericValue` oneof.
public enum NumericValue: Sendable, Equatable, Codable {
    case int64(Int64)
    case double(Double)

    private enum CodingKeys: String, CodingKey {
        case int64Value, doubleValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? container.decode(String.self, forKey: .int64Value), let value = Int64(text) {
            self = .int64(value)
        } else if let value = try container.decodeIfPresent(Int64.self, forKey: .int64Value) {
            self = .int64(value)
        } else {
            self = .double(try container.decode(Double.self, forKey: .doubleValue))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        // proto3 JSON writes int64 as a string.
        case .int64(let value): try container.encode(String(value), forKey: .int64Value)
        case .double(let value): try container.encode(value, forKey: .doubleValue)
        }
    }
}
