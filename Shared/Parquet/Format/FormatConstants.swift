/// Enum values from parquet-format's `parquet.thrift`; the file stores their numbers.
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

enum FieldRepetition: Int32 {
    case required = 0, optional = 1, repeated = 2
}

enum Encoding: Int32, Comparable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, rleDictionary = 8

    static func < (lhs: Encoding, rhs: Encoding) -> Bool { lhs.rawValue < rhs.rawValue }
}

enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

/// The legacy `ConvertedType` annotation, written beside the LogicalType for older readers.
enum ConvertedType: Int32 {
    case utf8 = 0, map = 1, list = 3, decimal = 5, date = 6, timestampMillis = 9, timestampMicros = 10
}

/// Field ids of the `LogicalType` union members used here.
enum LogicalTypeMember: Int16 {
    case string = 1, map = 2, list = 3, decimal = 5, date = 6, timestamp = 8
}

/// The four bytes a Parquet file starts and ends with (public so other readers can recognise a Parquet file).
public enum ParquetMagic {
    public static let bytes: [UInt8] = Array("PAR1".utf8)
}
