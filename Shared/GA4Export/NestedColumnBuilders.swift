import Avro
import Parquet

/// A STRUCT column from an Avro record. The session's fields are read in the session's order: each goes to the
/// lake's field of the same name, or is skipped when the lake has no such field; lake fields the session lacks
/// get a NULL per row.
final class RecordColumnBuilder: AvroColumnBuilder {
    /// What to do with each of the session's fields, in the session's order.
    enum Step {
        case child(Int)
        case skip(AvroSchema, path: String)
    }

    var source: AvroSource
    /// The lake's fields, in the lake's order.
    let children: [any AvroColumnBuilder]
    let names: [String]
    let steps: [Step]
    /// Indices in `children` of the fields the session lacks.
    let absentChildren: [Int]
    private var validity = ValidityFlags()

    init(source: AvroSource, children: [any AvroColumnBuilder], names: [String], steps: [Step], absentChildren: [Int]) {
        self.source = source
        self.children = children
        self.names = names
        self.steps = steps
        self.absentChildren = absentChildren
    }

    var slotCount: Int { validity.count }

    func child(named name: String) -> (any AvroColumnBuilder)? {
        names.firstIndex(of: name).map { children[$0] }
    }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return appendNull() }
        } catch {
            throw source.error(error, at: start)
        }
        validity.append(true)
        for step in steps {
            switch step {
            case .child(let index): try children[index].decode(&reader)
            case .skip(let schema, let path): try AvroValueDecoder.skip(schema, in: &reader, path: path)
            }
        }
        for index in absentChildren { children[index].appendNull() }
    }

    /// Decodes the fields of a record that cannot be NULL (a row) without keeping validity flags.
    func decodeFields(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        for step in steps {
            switch step {
            case .child(let index): try children[index].decode(&reader)
            case .skip(let schema, let path): try AvroValueDecoder.skip(schema, in: &reader, path: path)
            }
        }
        for index in absentChildren { children[index].appendNull() }
    }

    func appendNull() {
        validity.append(false)
        for child in children { child.appendNull() }
    }

    func isPresent(at slot: Int) -> Bool {
        validity.nullCount == 0 || validity.flags[slot]
    }

    func truncate(to slots: Int) {
        validity.truncate(to: slots)
        for child in children { child.truncate(to: slots) }
    }

    func take() -> ParquetNestedColumnValues {
        .group(children.map { $0.take() }, validity: validity.take())
    }
}

/// A LIST column from an Avro array (BigQuery's REPEATED; `["null", array]` as some servers send it, too).
/// An array is never NULL in BigQuery, so a NULL here only comes from such a union or from a session without the
/// field.
final class ListColumnBuilder: AvroColumnBuilder {
    var source: AvroSource
    let element: any AvroColumnBuilder
    /// Whether every element takes at least one byte, which bounds a block's count by the bytes left.
    let elementsTakeBytes: Bool
    private(set) var offsets: [Int32] = [0]
    private var validity = ValidityFlags()

    init(source: AvroSource, element: any AvroColumnBuilder, elementsTakeBytes: Bool) {
        self.source = source
        self.element = element
        self.elementsTakeBytes = elementsTakeBytes
    }

    var slotCount: Int { offsets.count - 1 }

    func decode(_ reader: inout AvroBinaryReader) throws(AvroDecodingError) {
        let start = reader.position
        do throws(AvroReadFailure) {
            if try source.readIsNull(&reader) { return appendNull() }
        } catch {
            throw source.error(error, at: start)
        }
        try AvroValueDecoder.blocks(&reader, itemsTakeBytes: elementsTakeBytes, path: source.path) { (reader) throws(AvroDecodingError) in
            try element.decode(&reader)
        }
        guard element.slotCount <= Int(Int32.max) else {
            throw source.error(.implausibleBlockCount(Int64(element.slotCount)), at: start)
        }
        offsets.append(Int32(element.slotCount))
        validity.append(true)
    }

    func appendNull() {
        offsets.append(offsets[offsets.count - 1])
        validity.append(false)
    }

    /// The element slots of list slot `slot`.
    func elements(at slot: Int) -> Range<Int> {
        Int(offsets[slot])..<Int(offsets[slot + 1])
    }

    func truncate(to slots: Int) {
        // The elements go back to the end of list `slots - 1` even when no list slot is dropped: a row that failed
        // inside this list left elements behind without an offset.
        let elementSlots = Int(offsets[min(slots, slotCount)])
        if slots < slotCount {
            offsets.removeLast(offsets.count - 1 - slots)
            validity.truncate(to: slots)
        }
        element.truncate(to: elementSlots)
    }

    func take() -> ParquetNestedColumnValues {
        defer { offsets = [0] }
        return .list(offsets: offsets, element: element.take(), validity: validity.take())
    }
}
