/// A key and value stored in the footer's `key_value_metadata`.
public struct ParquetKeyValue: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// How the writer lays out a file.
public struct ParquetWriterOptions: Sendable {
    public var compression: ParquetCompression = .snappy
    /// A row group is closed once its buffered pages and dictionaries reach this many bytes, which bounds
    /// the writer's memory whatever the number of rows.
    public var rowGroupByteLimit: Int = 128 << 20
    /// A row group is closed at this many rows at the latest (pyarrow's default).
    public var rowGroupRowLimit: Int = 1 << 20
    /// A data page is closed once its encoded values reach this many bytes (before compression).
    public var dataPageByteLimit: Int = 1 << 20
    /// The most a column chunk's dictionary page may hold. A numeric column that passes it writes the rest of
    /// the chunk PLAIN. A string column that passes it before any page used the dictionary is PLAIN for the
    /// whole file; after that, it closes the row group (the next one starts a new dictionary), because
    /// fastparquet misreads string columns that mix dictionary and PLAIN pages.
    public var dictionaryPageByteLimit: Int = 8 << 20
    public var keyValueMetadata: [ParquetKeyValue] = []
    /// Threads that encode and compress the columns of a row group side by side: by default as many as the
    /// process may run on (a Lambda function of 1,769 MB or more has 2 vCPUs); 1 encodes every column on the
    /// calling thread. The file's bytes are the same whatever the number.
    public var encodingThreads: Int = ActiveProcessors.count
    /// `created_by`, in the `<app> version X.Y.Z (build ...)` form that parquet-java's VersionParser reads.
    public var createdBy: String = ParquetWriterOptions.defaultCreatedBy

    public static let defaultCreatedBy = "ga4-pipeline-parquet version 0.1.0 (build swift)"

    public init() {}

    public init(compression: ParquetCompression) {
        self.compression = compression
    }

    func validate() throws(ParquetError) {
        try compression.validate()
        guard rowGroupByteLimit >= 1 << 10 else { throw .invalidOptions("rowGroupByteLimit \(rowGroupByteLimit) is under 1 KiB") }
        guard rowGroupRowLimit >= 1 else { throw .invalidOptions("rowGroupRowLimit \(rowGroupRowLimit) is under 1") }
        guard (64...(512 << 20)).contains(dataPageByteLimit) else {
            throw .invalidOptions("dataPageByteLimit \(dataPageByteLimit) is outside 64 B...512 MiB")
        }
        guard (64...(512 << 20)).contains(dictionaryPageByteLimit) else {
            throw .invalidOptions("dictionaryPageByteLimit \(dictionaryPageByteLimit) is outside 64 B...512 MiB")
        }
        guard (1...256).contains(encodingThreads) else {
            throw .invalidOptions("encodingThreads \(encodingThreads) is outside 1...256")
        }
        guard Self.isWellFormedCreatedBy(createdBy) else {
            throw .invalidOptions("createdBy '\(createdBy)' is not of the form '<app> version X.Y.Z (build ...)'")
        }
        for entry in keyValueMetadata where entry.key.hasPrefix("org.apache.spark.") {
            // Spark decides calendar rebasing from these keys; only Spark may write them.
            throw .invalidOptions("key-value metadata key '\(entry.key)' is reserved for Spark")
        }
    }

    /// `<app> version <major>.<minor>.<patch> (build <id>)`, with an app name free of spaces.
    static func isWellFormedCreatedBy(_ text: String) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, !parts[0].isEmpty, parts[1] == "version" else { return false }
        let numbers = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return false
        }
        let build = parts[3]
        return build.hasPrefix("(build ") && build.hasSuffix(")") && build.count > "(build )".count
    }
}
