/// Appending checked values to the typed writer behind a column.
extension ColumnSlot {
    /// Appends one value or null of a flat column; the value has been checked against the column.
    @inline(__always)
    func append(_ value: ParquetValue?) throws(ParquetError) {
        guard let value else {
            try writer.appendNull()
            return
        }
        try appendPresent(value)
    }

    /// Appends one present value; the caller has checked it and, in a nested column, recorded its levels.
    @inline(__always)
    func appendPresent(_ value: ParquetValue) throws(ParquetError) {
        switch (self, value) {
        case (.text(let writer), .string(let text)): try writer.append(text)
        case (.text(let writer), .utf8(let bytes)): try writer.append(bytes)
        case (.boolean(let writer), .boolean(let flag)): try writer.append(flag)
        case (.int32(let writer), .int32(let number)), (.int32(let writer), .date(let number)): try writer.append(number)
        case (.int32(let writer), .decimal(let unscaled)): try writer.append(Int32(unscaled))
        case (.int64(let writer), .int64(let number)), (.int64(let writer), .timestamp(let number)): try writer.append(number)
        case (.int64(let writer), .decimal(let unscaled)): try writer.append(Int64(unscaled))
        case (.double(let writer), .double(let number)): try writer.append(number)
        case (.wideDecimal(let writer), .decimal(let unscaled)): try writer.append(unscaled)
        default:
            preconditionFailure("value \(value.kindName) passed validation for column '\(writer.column.name)'")
        }
    }

    /// Appends the values of a flat column's batch in `range`; they have been checked against the column.
    func append(_ values: ParquetColumnValues, range: Range<Int>) throws(ParquetError) {
        switch (self, values) {
        case (.text(let writer), .strings(let strings)):
            // Borrowed through the buffer, the strings are read in place without a retain and release each.
            try strings.withUnsafeBufferPointer { (buffer) throws(ParquetError) in try writer.append(buffer, range: range) }
        case (.text(let writer), .utf8(let byteStrings)):
            for index in range {
                if let bytes = byteStrings[index] { try writer.append(bytes) } else { try writer.appendNull() }
            }
        case (.text(let writer), .utf8Column(let strings)):
            try writer.append(strings, range: range)
        case (.boolean(let writer), .booleans(let flags)):
            for index in range {
                if let flag = flags[index] { try writer.append(flag) } else { try writer.appendNull() }
            }
        case (.int32(let writer), .int32s(let numbers)), (.int32(let writer), .dates(let numbers)):
            try appendAll(numbers, range: range, to: writer)
        case (.int32(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(Int32(value)) } else { try writer.appendNull() }
            }
        case (.int64(let writer), .int64s(let numbers)), (.int64(let writer), .timestamps(let numbers)):
            try appendAll(numbers, range: range, to: writer)
        case (.int64(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(Int64(value)) } else { try writer.appendNull() }
            }
        case (.double(let writer), .doubles(let numbers)):
            try appendAll(numbers, range: range, to: writer)
        case (.wideDecimal(let writer), .decimals(let unscaled)):
            for index in range {
                if let value = unscaled[index] { try writer.append(value) } else { try writer.appendNull() }
            }
        default:
            preconditionFailure("\(values.kindName) passed validation for column '\(writer.column.name)'")
        }
    }

    private func appendAll<Value: FixedWidthValue>(
        _ values: [Value?], range: Range<Int>, to writer: FixedWidthColumnWriter<Value>
    ) throws(ParquetError) {
        for index in range {
            if let value = values[index] { try writer.append(value) } else { try writer.appendNull() }
        }
    }
}
