/// Writes Thrift structures in the compact protocol, which is how every Parquet header and footer is stored.
///
/// Fields must be written in increasing id order inside each struct; nested structs (and union members)
/// restart the id deltas at 0. `beginStruct`/`endStruct` keep the enclosing struct's last id on a stack.
struct ThriftCompactWriter {
    enum WireType: UInt8 {
        case boolTrue = 1, boolFalse = 2, i8 = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    let buffer: ByteBuffer
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    init(buffer: ByteBuffer = ByteBuffer()) {
        self.buffer = buffer
    }

    var bytes: [UInt8] { buffer.array }

    private mutating func fieldHeader(_ id: Int16, _ type: WireType) {
        precondition(id > lastFieldID, "Thrift fields must be written in increasing id order (\(id) after \(lastFieldID))")
        let delta = id - lastFieldID
        if delta <= 15 {
            buffer.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            buffer.append(type.rawValue)
            Varint.write(UInt64(Varint.zigzag(Int32(id))), to: buffer)
        }
        lastFieldID = id
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) {
        // A bool field carries its value in the field header's type nibble.
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func writeI16(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        Varint.write(UInt64(Varint.zigzag(Int32(value))), to: buffer)
    }

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        Varint.write(UInt64(Varint.zigzag(value)), to: buffer)
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        Varint.write(Varint.zigzag(value), to: buffer)
    }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        Varint.write(UInt64(value.count), to: buffer)
        buffer.append(value)
    }

    mutating func writeString(_ id: Int16, _ value: String) {
        writeBinary(id, Array(value.utf8))
    }

    /// Opens a struct-typed field; its fields follow, then `endStruct()`.
    mutating func beginStruct(_ id: Int16) {
        fieldHeader(id, .structure)
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        buffer.append(0)  // STOP
        lastFieldID = enclosingFieldIDs.removeLast()
    }

    /// Writes a struct field whose body is empty (e.g. the StringType member of a LogicalType union).
    mutating func writeEmptyStruct(_ id: Int16) {
        beginStruct(id)
        endStruct()
    }

    /// Opens a list field of `count` elements of `elementType`; the caller then writes the elements.
    mutating func beginList(_ id: Int16, elementType: WireType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            buffer.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            buffer.append(0xF0 | elementType.rawValue)
            Varint.write(UInt64(count), to: buffer)
        }
    }

    /// List elements: an i32 (enums are i32) or a string, with no field header.
    mutating func writeListI32(_ value: Int32) {
        Varint.write(UInt64(Varint.zigzag(value)), to: buffer)
    }

    mutating func writeListBinary(_ value: [UInt8]) {
        Varint.write(UInt64(value.count), to: buffer)
        buffer.append(value)
    }

    /// Starts a struct that is a list element; end it with `endStruct()`.
    mutating func beginListStruct() {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    /// Ends the outermost struct being written.
    mutating func finish() {
        precondition(enclosingFieldIDs.isEmpty, "unbalanced Thrift structs")
        buffer.append(0)
        lastFieldID = 0
    }
}
