import Foundation
import Parquet
import Testing
import TestSupport

/// Files written by the Parquet module, read back by pyarrow, DuckDB, fastparquet and Spark (parquet-java,
/// vectorized and row readers) through `scripts/parquet_reader_matrix.py`: every value must equal the input
/// and every reader's view of the metadata must match what was meant; corrupted copies must be rejected.
/// Nested files (structs, lists, maps, the GA4 export) are read in the same run: fastparquet reads the shapes
/// it assembles and the others are skipped with the reason.
@Suite("Parquet reader matrix", .serialized, .enabled(if: ParquetOracle.python != nil || TestEnvironment.servicesRequired))
struct ParquetReaderMatrixTests {
    @Test func everyReaderReadsEveryFileExactly() throws {
        let python = try #require(ParquetOracle.python, "no Python with the readers: run `make deps` (or set PARQUET_ORACLE_PYTHON)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-matrix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["PARQUET_MATRIX_KEEP"] == nil {
                try? FileManager.default.removeItem(at: directory)
            }
        }

        let cases = try ParquetMatrixCases.all()
        for (index, corpusCase) in cases.enumerated() {
            try corpusCase.write(to: directory, batched: index % 2 == 1)
        }
        // Nested files join the same run, so Spark starts once.
        let nestedCases = try ParquetNestedMatrixCases.all()
        for corpusCase in nestedCases { try corpusCase.write(to: directory) }

        let (status, output) = try ParquetOracle.run(python: python, arguments: [directory.path])
        print(output)
        #expect(status == 0, "reader matrix failed; the report is above")
        // Every file was read by every reader, and the negative checks ran.
        for corpusCase in cases {
            for reader in ["pyarrow", "duckdb", "fastparquet", "spark-vectorized", "spark-row"] {
                #expect(output.contains("OK   \(reader) \(corpusCase.name).parquet"), "\(reader) did not confirm \(corpusCase.name)")
            }
        }
        for corpusCase in nestedCases {
            for reader in ["pyarrow", "duckdb", "spark-vectorized", "spark-row"] {
                #expect(output.contains("OK   \(reader) \(corpusCase.name).parquet"), "\(reader) did not confirm \(corpusCase.name)")
            }
            // fastparquet assembles only some nested shapes; the others are skipped with the reason.
            #expect(output.contains("OK   fastparquet \(corpusCase.name).parquet")
                || output.contains("SKIP fastparquet \(corpusCase.name).parquet: "), "fastparquet neither read nor skipped \(corpusCase.name)")
        }
        #expect(output.contains("REJECTED-BY-ALL corrupt-page-size"))
        #expect(output.contains("SUMMARY"))
    }
}

enum ParquetOracle {
    /// The venv Python that has pyarrow, duckdb, fastparquet and pyspark.
    static var python: URL? {
        if let configured = ProcessInfo.processInfo.environment["PARQUET_ORACLE_PYTHON"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let venv = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    static func run(python: URL, arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = python
        process.arguments = [TestEnvironment.packageRoot.appendingPathComponent("scripts/parquet_reader_matrix.py").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The designed cases and the random ones.
enum ParquetMatrixCases {
    static func all() throws -> [ParquetCorpusCase] {
        var cases: [ParquetCorpusCase] = []
        for (index, codec) in [ParquetCompression.uncompressed, .snappy, .gzip(), .zstd()].enumerated() {
            cases.append(try allTypes(codec: codec, seed: UInt64(100 + index)))
        }
        cases.append(try clickstream())
        cases.append(try dictionaryFallback())
        cases.append(try zeroRows())
        cases.append(try requiredOnly())
        var generator = ParquetCorpusGenerator(seed: 2026)
        for seed in 0..<14 {
            cases.append(try generator.randomCase(name: "random_\(seed)"))
        }
        return cases
    }

    /// Every type twice (required and optional), several row groups and pages, nulls everywhere.
    static func allTypes(codec: ParquetCompression, seed: UInt64) throws -> ParquetCorpusCase {
        var generator = ParquetCorpusGenerator(seed: seed)
        var columns: [ParquetColumn] = []
        var data: [[ParquetValue?]] = []
        let rows = 3000
        for (index, type) in ParquetCorpusGenerator.allTypes.enumerated() {
            for optional in [false, true] {
                let name = ParquetCorpusGenerator.columnName(type, index) + (optional ? "_opt" : "_req")
                columns.append(ParquetColumn(name, type, optional: optional, encoding: index % 2 == 0 ? .dictionary : .plain))
                data.append(generator.values(for: type, optional: optional, count: rows, nullRate: 0.2,
                                             distinct: index % 4 == 0 ? 50 : nil))
            }
        }
        var options = ParquetWriterOptions(compression: codec)
        options.rowGroupRowLimit = 1100
        options.dataPageByteLimit = 2000
        options.keyValueMetadata = [ParquetKeyValue("pipeline.case", "all_types"), ParquetKeyValue("pipeline.ünï", "välue")]
        var corpusCase = ParquetCorpusCase(
            name: "all_types_\(ParquetCorpusCase.codecName(codec).lowercased())", schema: try ParquetSchema(columns),
            options: options, columns: data)
        corpusCase.expectedRowGroupRows = [1100, 1100, 800]
        return corpusCase
    }

    /// The KinesisTransform table: unique ids and timestamps go PLAIN, everything else keeps its dictionary.
    static func clickstream() throws -> ParquetCorpusCase {
        let rows = 70_000
        let schema = try ParquetSchema([
            ParquetColumn("event_id", .string, optional: false), ParquetColumn("session_id", .string),
            ParquetColumn("user_id", .string), ParquetColumn("event_type", .string), ParquetColumn("page_url", .string),
            ParquetColumn("ts", .timestamp(.milliseconds), optional: false), ParquetColumn("duration", .int32),
            ParquetColumn("device", .string), ParquetColumn("browser", .string),
        ])
        var generator = SplitMix64(seed: 42)
        let events = ["page_view", "session_start", "scroll", "click", "user_engagement", "purchase"]
        let browsers = ["Chrome", "Safari", "Edge", "Firefox", "Samsung Internet", "Opera"]
        var data: [[ParquetValue?]] = Array(repeating: [], count: 9)
        for row in 0..<rows {
            let session = Int.random(in: 0..<5000, using: &generator)
            data[0].append(.string(UUID(uuid: withUnsafeBytes(of: (UInt64.random(in: 0...UInt64.max, using: &generator),
                UInt64.random(in: 0...UInt64.max, using: &generator))) { $0.load(as: uuid_t.self) }).uuidString.lowercased()))
            data[1].append(row % 101 == 0 ? nil : .string("session-\(session)"))
            data[2].append(row % 13 == 0 ? nil : .string("\(1_000_000_000 + session % 2500).\(session % 97)"))
            data[3].append(.string(events[Int.random(in: 0..<events.count, using: &generator)]))
            data[4].append(.string("https://www.example-shop.com/shoes/product-\(Int.random(in: 0..<800, using: &generator))?utm_source=ü"))
            data[5].append(.timestamp(1_735_689_600_000 + Int64(row) * 1234 + Int64.random(in: 0..<1000, using: &generator)))
            data[6].append(row % 11 == 0 ? nil : .int32(Int32.random(in: 0..<6000, using: &generator)))
            data[7].append(.string(["desktop", "mobile", "tablet"][row % 3]))
            data[8].append(row % 17 == 0 ? nil : .string(browsers[Int.random(in: 0..<browsers.count, using: &generator)]))
        }
        var corpusCase = ParquetCorpusCase(name: "clickstream", schema: schema, options: ParquetWriterOptions(), columns: data)
        corpusCase.expectedEncodings = [
            "event_id": ["PLAIN"], "ts": ["PLAIN"],
            "session_id": ["PLAIN", "RLE", "RLE_DICTIONARY"], "user_id": ["PLAIN", "RLE", "RLE_DICTIONARY"],
            "event_type": ["PLAIN", "RLE", "RLE_DICTIONARY"], "page_url": ["PLAIN", "RLE", "RLE_DICTIONARY"],
            "duration": ["PLAIN", "RLE", "RLE_DICTIONARY"], "device": ["PLAIN", "RLE", "RLE_DICTIONARY"],
            "browser": ["PLAIN", "RLE", "RLE_DICTIONARY"],
        ]
        corpusCase.expectedDictionaryPage = ["event_id": "never", "ts": "never", "session_id": "always", "device": "always"]
        corpusCase.expectedRowGroupRows = [rows]
        return corpusCase
    }

    /// Dictionaries that overflow a small limit: numeric ones part-way through a chunk (dictionary pages, then
    /// PLAIN pages); a string one after its first page (the row group closes, the next starts a new dictionary);
    /// a string one before any page used it (PLAIN for the whole file).
    static func dictionaryFallback() throws -> ParquetCorpusCase {
        let rows = 5000
        let schema = try ParquetSchema([
            ParquetColumn("label", .string), ParquetColumn("note", .string), ParquetColumn("code", .int64, optional: false),
            ParquetColumn("score", .double),
        ])
        var data: [[ParquetValue?]] = [[], [], [], []]
        for row in 0..<rows {
            data[0].append(row % 7 == 3 ? nil : .string("label-\(row / 12)-ß"))
            data[1].append(row % 9 == 4 ? nil : .string("note-\(row / 2)"))
            data[2].append(.int64(Int64(row / 2) * 7_919 - 1_000_000))
            data[3].append(row % 5 == 0 ? nil : .double(Double(row / 4) * 0.5))
        }
        var options = ParquetWriterOptions(compression: .snappy)
        options.dictionaryPageByteLimit = 2048
        options.dataPageByteLimit = 64
        options.rowGroupRowLimit = 2000
        var corpusCase = ParquetCorpusCase(name: "dictionary_fallback", schema: schema, options: options, columns: data)
        corpusCase.expectedEncodings = [
            "label": ["PLAIN", "RLE", "RLE_DICTIONARY"], "note": ["PLAIN", "RLE"],
            "code": ["PLAIN", "RLE_DICTIONARY"], "score": ["PLAIN", "RLE", "RLE_DICTIONARY"],
        ]
        corpusCase.expectedDictionaryPage = ["label": "always", "note": "never", "code": "always", "score": "always"]
        return corpusCase
    }

    static func zeroRows() throws -> ParquetCorpusCase {
        let schema = try ParquetSchema(ParquetCorpusGenerator.allTypes.enumerated().map {
            ParquetColumn(ParquetCorpusGenerator.columnName($1, $0), $1)
        })
        var corpusCase = ParquetCorpusCase(
            name: "zero_rows", schema: schema, options: ParquetWriterOptions(),
            columns: Array(repeating: [], count: schema.columns.count))
        corpusCase.expectedRowGroupRows = []
        return corpusCase
    }

    static func requiredOnly() throws -> ParquetCorpusCase {
        var generator = ParquetCorpusGenerator(seed: 9)
        let types: [ParquetType] = [.string, .int64, .timestamp(.milliseconds), .boolean, .decimal(precision: 18, scale: 2)]
        let schema = try ParquetSchema(types.enumerated().map {
            ParquetColumn(ParquetCorpusGenerator.columnName($1, $0), $1, optional: false)
        })
        let data = types.map { generator.values(for: $0, optional: false, count: 1500, nullRate: 0, distinct: nil) }
        var options = ParquetWriterOptions(compression: .gzip(level: 1))
        options.rowGroupRowLimit = 500
        var corpusCase = ParquetCorpusCase(name: "required_only", schema: schema, options: options, columns: data)
        corpusCase.expectedRowGroupRows = [500, 500, 500]
        return corpusCase
    }
}
