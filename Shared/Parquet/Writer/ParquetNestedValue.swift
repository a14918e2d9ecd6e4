/// One value of a nested field, as a tree: the row-wise input of `ParquetNestedWriter`.
///
///     // event_params: [{key: "page_title", value: {string_value: "Home", int_value: null}}]
///     .list([.group([.value(.string("page_title")), .group([.value(.string("Home")), .null])])])
public indirect enum ParquetNestedValue: Sendable, Equatable {
    /// Null (an optional field), at any depth.
    case null
    /// A leaf's value.
    case value(ParquetValue)
    /// A STRUCT's fields, in schema order.
    case group([ParquetNestedValue])
    /// A LIST's elements; empty is an empty list, not a null one.
    case list([ParquetNestedValue])
    /// A MAP's entries, in order.
    case map([ParquetMapEntry])

    var kindName: String {
        switch self {
        case .null: "null"
        case .value(let value): value.kindName
        case .group(let fields): "a group of \(fields.count) fields"
        case .list: "a list"
        case .map: "a map"
        }
    }
}

public struct ParquetMapEntry: Sendable, Equatable {
    public var key: ParquetValue
    public var value: ParquetNestedValue

    public init(_ key: ParquetValue, _ value: ParquetNestedValue) {
        self.key = key
        self.value = value
    }
}

/// The values of one nested field for a batch of records, column by column as Arrow holds them: the columnar
/// input of `ParquetNestedWriter`.
///
/// A group's fields and a list's element hold their own values; `validity` (nil: all present) says which
/// slots are null; a list or map slot `i` covers the child slots `offsets[i]..<offsets[i + 1]`. Values under
/// a null slot are not read. As in Arrow, a required field's array holds no nulls at all.
public indirect enum ParquetNestedColumnValues: Sendable {
    case primitive(ParquetColumnValues)
    case group([ParquetNestedColumnValues], validity: [Bool]?)
    case list(offsets: [Int32], element: ParquetNestedColumnValues, validity: [Bool]?)
    case map(offsets: [Int32], keys: ParquetColumnValues, values: ParquetNestedColumnValues, validity: [Bool]?)

    /// Slots at this level: records at the top, elements further down.
    public var count: Int {
        switch self {
        case .primitive(let values): values.count
        case .group(let fields, let validity): validity?.count ?? fields.first?.count ?? 0
        case .list(let offsets, _, _), .map(let offsets, _, _, _): max(offsets.count - 1, 0)
        }
    }

    var kindName: String {
        switch self {
        case .primitive(let values): values.kindName
        case .group: "group"
        case .list: "list"
        case .map: "map"
        }
    }
}
