/// Checks values against their column before anything is buffered, so a rejected row or batch leaves the
/// writer as it was.
enum ValueValidation {
    static func check(_ value: ParquetValue?, column: ParquetColumn, row: Int) throws(ParquetError) {
        guard let value else {
            if !column.isOptional { throw .nullInRequiredColumn(column: column.name, row: row) }
            return
        }
        switch (column.type, value) {
        case (.string, .string(let text)):
            try checkLength(text.utf8.count, column: column, row: row)
        case (.string, .utf8(let bytes)):
            try checkUTF8(bytes, column: column, row: row)
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.double, .double), (.date, .date),
            (.timestamp, .timestamp):
            break
        case (.decimal(let precision, _), .decimal(let unscaled)):
            try checkDecimal(unscaled, precision: precision, column: column, row: row)
        default:
            throw .typeMismatch(column: column.name, row: row, expected: column.type.description, found: value.kindName)
        }
    }

    static func check(_ values: ParquetColumnValues, column: ParquetColumn, firstRow: Int) throws(ParquetError) {
        switch (column.type, values) {
        case (.string, .strings(let strings)):
            try checkNulls(strings, column: column, firstRow: firstRow)
            for (offset, text) in strings.enumerated() {
                if let text { try checkLength(text.utf8.count, column: column, row: firstRow + offset) }
            }
        case (.string, .utf8(let byteStrings)):
            try checkNulls(byteStrings, column: column, firstRow: firstRow)
            for (offset, bytes) in byteStrings.enumerated() {
                if let bytes { try checkUTF8(bytes, column: column, row: firstRow + offset) }
            }
        case (.string, .utf8Column(let strings)):
            try checkNulls(strings, column: column, firstRow: firstRow)
            try checkUTF8(strings, column: column, firstRow: firstRow)
        case (.boolean, .booleans(let values)):
            try checkNulls(values, column: column, firstRow: firstRow)
        case (.int32, .int32s(let values)), (.date, .dates(let values)):
            try checkNulls(values, column: column, firstRow: firstRow)
        case (.int64, .int64s(let values)), (.timestamp, .timestamps(let values)):
            try checkNulls(values, column: column, firstRow: firstRow)
        case (.double, .doubles(let values)):
            try checkNulls(values, column: column, firstRow: firstRow)
        case (.decimal(let precision, _), .decimals(let values)):
            try checkNulls(values, column: column, firstRow: firstRow)
            for (offset, value) in values.enumerated() {
                if let value { try checkDecimal(value, precision: precision, column: column, row: firstRow + offset) }
            }
        default:
            throw .typeMismatch(
                column: column.name, row: firstRow, expected: column.type.description, found: values.kindName)
        }
    }

    private static func checkNulls<T>(_ values: [T?], column: ParquetColumn, firstRow: Int) throws(ParquetError) {
        guard !column.isOptional else { return }
        if let offset = values.firstIndex(where: { $0 == nil }) {
            throw .nullInRequiredColumn(column: column.name, row: firstRow + offset)
        }
    }

    private static func checkNulls(_ strings: ParquetStringColumn, column: ParquetColumn, firstRow: Int) throws(ParquetError) {
        guard !column.isOptional, strings.validity != nil else { return }
        if let offset = (0..<strings.count).first(where: { !strings.isPresent($0) }) {
            throw .nullInRequiredColumn(column: column.name, row: firstRow + offset)
        }
    }

    /// Checks the whole text at once (the column's offsets keep every value under 2 GiB), then that no value
    /// starts inside a multi-byte sequence. Only when that fails are the values checked one by one, to name
    /// the row; bytes under a null never make a batch fail.
    private static func checkUTF8(_ strings: ParquetStringColumn, column: ParquetColumn, firstRow: Int) throws(ParquetError) {
        let failure: ParquetError? = strings.bytes.withUnsafeBytes { text in
            let wellFormed = strings.offsets.withUnsafeBufferPointer { offsets in
                guard UTF8Validation.firstInvalidOffset(text) == nil else { return false }
                let base = text.baseAddress
                for offset in offsets where Int(offset) < text.count {
                    // A continuation byte (10xxxxxx) cannot start a value.
                    if base!.load(fromByteOffset: Int(offset), as: UInt8.self) & 0xC0 == 0x80 { return false }
                }
                return true
            }
            if wellFormed { return nil }
            for index in 0..<strings.count where strings.isPresent(index) {
                let start = Int(strings.offsets[index])
                let value = UnsafeRawBufferPointer(rebasing: text[start..<Int(strings.offsets[index + 1])])
                if let offset = UTF8Validation.firstInvalidOffset(value) {
                    return .invalidUTF8(column: column.name, row: firstRow + index, byteOffset: offset)
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    private static func checkLength(_ length: Int, column: ParquetColumn, row: Int) throws(ParquetError) {
        // BYTE_ARRAY lengths are 4-byte, and readers treat them as signed.
        if length > Int(Int32.max) {
            throw .valueOutOfRange(column: column.name, row: row, detail: "string of \(length) bytes exceeds 2 GiB")
        }
    }

    private static func checkUTF8(_ bytes: [UInt8], column: ParquetColumn, row: Int) throws(ParquetError) {
        try checkLength(bytes.count, column: column, row: row)
        if let offset = bytes.withUnsafeBytes({ UTF8Validation.firstInvalidOffset($0) }) {
            throw .invalidUTF8(column: column.name, row: row, byteOffset: offset)
        }
    }

    private static func checkDecimal(_ unscaled: Int128, precision: Int, column: ParquetColumn, row: Int) throws(ParquetError) {
        let limit = DecimalLimits.maximumUnscaled(precision: precision)
        if unscaled > limit || unscaled < -limit {
            throw .valueOutOfRange(
                column: column.name, row: row,
                detail: "unscaled decimal \(unscaled) has more than \(precision) digits")
        }
    }
}
