import JSONText

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns rows in the REST API's f/v form (`{"f":[{"v":…},…]}`; RECORD `{"v":{"f":[…]}}`, REPEATED
/// `{"v":[{"v":…},…]}`, INT64 and FLOAT64 as strings, NULL as `null`) into Avro binary rows for the schema
/// `AvroSchemaJSON.make` derives: the same bytes the Storage Read API sends, so one decoder serves both.
/// Avro binary encoding: https://avro.apache.org/docs/1.11.1/specification/#binary-encoding.
public struct AvroRowEncoder: Sendable {
    public let schema: BigQueryTableSchema

    public init(schema: BigQueryTableSchema) { self.schema = schema }

    /// Encodes one row (the reader on its `{"f":[…]}` object), appending its bytes to `out`.
    /// - Parameter row: the row's index in the page, for error messages.
    public func encodeRow(_ reader: inout JSONReader, row: Int, into out: inout [UInt8]) throws(AvroRowEncodingError) {
        try encodeRecord(schema.fields, path: "", reader: &reader, row: row, into: &out)
    }

    private func encodeRecord(_ fields: [BigQueryField], path: String, reader: inout JSONReader, row: Int, into out: inout [UInt8])
        throws(AvroRowEncodingError)
    {
        do {
            var object = try reader.enterObject()
            var sawCells = false
            while let member = try reader.nextMember(&object) {
                guard reader.matches(member, "f") else {
                    _ = try reader.skipValue()
                    continue
                }
                sawCells = true
                var cells = try reader.enterArray()
                var index = 0
                while try reader.nextElement(&cells) {
                    guard index < fields.count else {
                        throw AvroRowEncodingError(row: row, field: path.isEmpty ? "(row)" : path, reason: "has more cells than the schema's \(fields.count) fields")
                    }
                    let field = fields[index]
                    let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
                    try encodeCell(field, path: fieldPath, reader: &reader, row: row, into: &out)
                    index += 1
                }
                guard index == fields.count else {
                    throw AvroRowEncodingError(row: row, field: path.isEmpty ? "(row)" : path, reason: "has \(index) cells for \(fields.count) fields")
                }
            }
            guard sawCells else { throw AvroRowEncodingError(row: row, field: path.isEmpty ? "(row)" : path, reason: "has no \"f\" list") }
        } catch let error as JSONSyntaxError {
            throw AvroRowEncodingError(row: row, field: path.isEmpty ? "(row)" : path, reason: "is not valid JSON: \(error)")
        } catch let error as AvroRowEncodingError {
            throw error
        } catch {
            throw AvroRowEncodingError(row: row, field: path, reason: "\(error)")
        }
    }

    /// One `{"v": …}` cell.
    private func encodeCell(_ field: BigQueryField, path: String, reader: inout JSONReader, row: Int, into out: inout [UInt8]) throws {
        var cell = try reader.enterObject()
        var sawValue = false
        while let member = try reader.nextMember(&cell) {
            guard reader.matches(member, "v") else {
                _ = try reader.skipValue()
                continue
            }
            sawValue = true
            try encodeValue(field, path: path, reader: &reader, row: row, into: &out)
        }
        guard sawValue else { throw AvroRowEncodingError(row: row, field: path, reason: "cell has no \"v\"") }
    }

    private func encodeValue(_ field: BigQueryField, path: String, reader: inout JSONReader, row: Int, into out: inout [UInt8]) throws {
        if field.isRepeated {
            // NULL arrays do not exist in BigQuery; a null list is read as empty.
            if try reader.readNullIfPresent() {
                out.append(0)
                return
            }
            var items: [UInt8] = []
            var count = 0
            var list = try reader.enterArray()
            while try reader.nextElement(&list) {
                var element = try reader.enterObject()
                var sawValue = false
                while let member = try reader.nextMember(&element) {
                    guard reader.matches(member, "v") else {
                        _ = try reader.skipValue()
                        continue
                    }
                    sawValue = true
                    if try reader.readNullIfPresent() {
                        throw AvroRowEncodingError(row: row, field: "\(path)[\(count)]", reason: "is NULL inside an array")
                    }
                    try encodeSingle(field, path: "\(path)[\(count)]", reader: &reader, row: row, into: &items)
                }
                guard sawValue else { throw AvroRowEncodingError(row: row, field: "\(path)[\(count)]", reason: "element has no \"v\"") }
                count += 1
            }
            if count > 0 {
                AvroBinary.appendLong(Int64(count), to: &out)
                out += items
            }
            out.append(0)
            return
        }
        if try reader.readNullIfPresent() {
            guard !field.isRequired else { throw AvroRowEncodingError(row: row, field: path, reason: "is REQUIRED but NULL") }
            out.append(0)  // union branch 0: null
            return
        }
        if !field.isRequired { out.append(2) }  // union branch 1
        try encodeSingle(field, path: path, reader: &reader, row: row, into: &out)
    }

    private func encodeSingle(_ field: BigQueryField, path: String, reader: inout JSONReader, row: Int, into out: inout [UInt8]) throws {
        if field.isRecord {
            try encodeRecord(field.fields ?? [], path: path, reader: &reader, row: row, into: &out)
            return
        }
        let type = field.type.uppercased()
        func bad(_ reason: String) -> AvroRowEncodingError { AvroRowEncodingError(row: row, field: path, reason: reason) }
        // Scalars come as JSON strings; numbers and booleans are accepted too.
        var text = ""
        switch reader.peekKind() {
        case .string:
            let token = try reader.readString()
            // The common cells, INT64 and FLOAT64 as strings, are read from the bytes without a String.
            if !token.hasEscapes, type == "INTEGER" || type == "INT64", let value = DecimalText.int64(reader.bytes, token.contentRange) {
                AvroBinary.appendLong(value, to: &out)
                return
            }
            if !token.hasEscapes, type == "FLOAT" || type == "FLOAT64", let value = DecimalText.double(reader.bytes, token.contentRange) {
                AvroBinary.appendDouble(value, to: &out)
                return
            }
            if type == "STRING" || type == "JSON" || type == "GEOGRAPHY" || type == "DATETIME" {
                var bytes: [UInt8] = []
                reader.appendDecoded(token, to: &bytes)
                guard String(validating: bytes, as: UTF8.self) != nil else { throw bad("is not valid UTF-8") }
                AvroBinary.appendLong(Int64(bytes.count), to: &out)
                out += bytes
                return
            }
            text = reader.string(token)
        case .number:
            let range = try reader.readNumber()
            text = String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[range]), as: UTF8.self)
        case .bool:
            text = try reader.readBool() ? "true" : "false"
        default:
            throw bad("holds a JSON \(String(describing: reader.peekKind())) where a \(type) was expected")
        }
        switch type {
        case "INTEGER", "INT64":
            guard let value = Int64(text) else { throw bad("\"\(text.prefix(40))\" is not an INT64") }
            AvroBinary.appendLong(value, to: &out)
        case "FLOAT", "FLOAT64":
            guard let value = Self.double(text) else { throw bad("\"\(text.prefix(40))\" is not a FLOAT64") }
            AvroBinary.appendDouble(value, to: &out)
        case "BOOLEAN", "BOOL":
            switch text.lowercased() {
            case "true": out.append(1)
            case "false": out.append(0)
            default: throw bad("\"\(text.prefix(40))\" is not a BOOL")
            }
        case "BYTES":
            guard let data = Data(base64Encoded: text) else { throw bad("is not Base64") }
            AvroBinary.appendLong(Int64(data.count), to: &out)
            out += data
        case "TIMESTAMP":
            guard let micros = CivilTime.timestampMicros(text) else { throw bad("\"\(text.prefix(40))\" is not a TIMESTAMP") }
            AvroBinary.appendLong(micros, to: &out)
        case "DATE":
            guard let days = CivilTime.daysSinceEpoch(text) else { throw bad("\"\(text.prefix(40))\" is not a DATE") }
            AvroBinary.appendLong(Int64(days), to: &out)
        case "TIME":
            guard let micros = CivilTime.microsOfDay(text) else { throw bad("\"\(text.prefix(40))\" is not a TIME") }
            AvroBinary.appendLong(micros, to: &out)
        case "NUMERIC":
            guard let unscaled = NumericText.unscaled(text, scale: 9) else { throw bad("\"\(text.prefix(40))\" is not a NUMERIC") }
            let bytes = AvroBinary.twosComplement(unscaled)
            AvroBinary.appendLong(Int64(bytes.count), to: &out)
            out += bytes
        case "STRING", "JSON", "GEOGRAPHY", "DATETIME":
            let bytes = Array(text.utf8)
            AvroBinary.appendLong(Int64(bytes.count), to: &out)
            out += bytes
        default:
            throw bad("has type \(field.type), which this reader does not convert")
        }
    }

    /// FLOAT64 text as the API writes it, including `NaN`, `Infinity` and `-Infinity`.
    static func double(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity", "+Infinity", "inf": return .infinity
        case "-Infinity", "-inf": return -.infinity
        default: return Double(text)
        }
    }
}

/// A REST row that does not fit the table's schema, naming the row and the field.
public struct AvroRowEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let row: Int
    public let field: String
    public let reason: String
    public var description: String { "row \(row), field \(field): \(reason)" }
}

/// Avro's binary primitives.
enum AvroBinary {
    /// `long`/`int`: zig-zag, then base-128 varint.
    static func appendLong(_ value: Int64, to out: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// `double`: 8 bytes, little-endian IEEE 754.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        let bits = value.bitPattern
        for index in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))) }
    }

    /// The shortest big-endian two's complement of `value` (Avro's decimal on `bytes`).
    static func twosComplement(_ value: Int128) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        } while !((rest == 0 && bytes.last! & 0x80 == 0) || (rest == -1 && bytes.last! & 0x80 != 0))
        return bytes.reversed()
    }
}

/// NUMERIC text (a fixed scale of 9 digits) as an unscaled integer.
enum NumericText {
    static func unscaled(_ text: String, scale: Int) -> Int128? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= scale, (whole + fraction).allSatisfy(\.isASCII), (whole + fraction).allSatisfy(\.isNumber) else { return nil }
        var value: Int128 = 0
        for character in whole + fraction + String(repeating: "0", count: scale - fraction.count) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int128(character.wholeNumberValue!))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}

/// BigQuery's civil-time texts as numbers.
enum CivilTime {
    /// `YYYY-MM-DD` → days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil).
    static func daysSinceEpoch(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `HH:MM:SS[.ffffff]` → microseconds since midnight.
    static func microsOfDay(_ text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = Int64(parts[0]), let minutes = Int64(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        let secondParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard let seconds = Int64(secondParts[0]), (0..<60).contains(seconds), secondParts.count <= 2 else { return nil }
        var micros: Int64 = 0
        if secondParts.count == 2 {
            let fraction = secondParts[1]
            guard !fraction.isEmpty, fraction.count <= 6, fraction.allSatisfy(\.isASCII),
                let value = Int64(fraction + String(repeating: "0", count: 6 - fraction.count))
            else { return nil }
            micros = value
        }
        return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    }

    /// A TIMESTAMP cell: µs as an integer (`formatOptions.useInt64Timestamp=true`), or float seconds (the
    /// API's default, e.g. `1.7040672E9`).
    static func timestampMicros(_ text: String) -> Int64? {
        if let micros = Int64(text) { return micros }
        guard let seconds = Double(text), seconds.isFinite, abs(seconds) < 3e11 else { return nil }
        return Int64((seconds * 1_000_000).rounded())
    }
}
