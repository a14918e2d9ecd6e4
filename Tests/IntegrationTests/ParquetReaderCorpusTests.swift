import Foundation
import Parquet
import Testing
import TestSupport

/// Files written by pyarrow (every codec, page version and encoding it offers), DuckDB, fastparquet, Spark
/// (parquet-java, one session for all its files) and the module's own writer, generated at test time by
/// `scripts/parquet_reader_corpus.py`; the reader must read every row exactly as pyarrow reads it, both a row
/// group at a time and page by page.
@Suite("Parquet reader over other writers' files", .serialized, .enabled(if: ParquetOracle.python != nil || TestEnvironment.servicesRequired))
struct ParquetReaderCorpusTests {
    @Test func readsEveryWriterExactlyAsPyarrow() throws {
        let python = try #require(ParquetOracle.python, "no Python with the readers: run `make deps` (or set PARQUET_ORACLE_PYTHON)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The module's own files go in first; the script writes the rest and pyarrow's reading of all of them.
        var ownCases = try [ParquetCompression.uncompressed, .snappy, .gzip(), .zstd()].enumerated().map {
            try ParquetMatrixCases.allTypes(codec: $1, seed: UInt64(300 + $0))
        }
        ownCases += [try ParquetMatrixCases.dictionaryFallback(), try ParquetMatrixCases.zeroRows(), try ParquetMatrixCases.requiredOnly()]
        for (index, corpusCase) in ownCases.enumerated() {
            var renamed = corpusCase
            renamed.name = "swift_" + corpusCase.name
            try renamed.write(to: directory, batched: index % 2 == 0)
        }
        let (status, output) = try ParquetOracle.run(
            script: "scripts/parquet_reader_corpus.py", python: python, arguments: [directory.path])
        #expect(status == 0, "the corpus script failed:\n\(output.suffix(4000))")

        let files = try Self.parquetFiles(in: directory)
        var failures: [String] = []
        for file in files {
            let relative = String(file.path.dropFirst(directory.path.count + 1))
            do {
                try Self.check(file)
                try Self.checkPageByPage(file)
            } catch {
                failures.append("\(relative): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) files differ:\n\(failures.joined(separator: "\n"))")
        let names = Set(files.map { String($0.path.dropFirst(directory.path.count + 1)) })
        for expected in [
            "pyarrow_snappy_v2.parquet", "pyarrow_lz4_v1.parquet", "pyarrow_brotli_v2.parquet", "pyarrow_encodings_v1.parquet",
            "pyarrow_encodings_v2.parquet", "pyarrow_nested_v2.parquet", "ga4_export.parquet", "wide_500_columns.parquet",
            "duckdb_zstd.parquet", "duckdb_v2.parquet", "fastparquet_lz4_raw.parquet", "spark_default.parquet",
            "spark_nested_legacy.parquet", "redshift/0000_part_00.parquet", "swift_all_types_zstd.parquet",
            "pyarrow_nested_tiny_pages_v1.parquet",
        ] {
            #expect(names.contains(expected), "\(expected) was not generated")
        }

        // The Redshift-shaped file: parquet-java, Snappy, INT96 timestamps and FIXED_LEN_BYTE_ARRAY decimals.
        let redshift = try ParquetReader(path: directory.appendingPathComponent("redshift/0000_part_00.parquet").path)
        #expect(redshift.metadata.createdBy?.hasPrefix("parquet-mr") == true)
        #expect(redshift.metadata.rowGroups.allSatisfy { $0.columns.allSatisfy { $0.codec == .snappy } })
        let leaves = Dictionary(uniqueKeysWithValues: redshift.schema.leaves.map { ($0.name, $0) })
        #expect(leaves["saletime"]?.physicalType == .int96)
        #expect(leaves["ratio"]?.physicalType == .fixedLenByteArray(width: 16))
        #expect(leaves["ratio"]?.logicalType == .decimal(precision: 38, scale: 10))

        // The GA4 export's deepest leaf: items[].item_params[].value.string_value has repetition level 2.
        let ga4 = try ParquetReader(path: directory.appendingPathComponent("ga4_export.parquet").path)
        let deepest = try #require(ga4.schema.leaves.first {
            $0.name == "items.list.element.item_params.list.element.value.string_value"
        })
        #expect(deepest.maxRepetitionLevel == 2)
        #expect(deepest.maxDefinitionLevel == 8)
    }

    static func parquetFiles(in directory: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let next = enumerator?.nextObject() as? URL {
            if next.pathExtension == "parquet" && !next.path.contains("/.spark/") { files.append(next) }
        }
        return files.sorted { $0.path < $1.path }
    }

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads one file row group by row group and compares every row and the row-group layout with pyarrow's.
    static func check(_ file: URL) throws {
        let stem = file.deletingPathExtension().path
        let expected = try String(contentsOfFile: stem + ".expected", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let meta = try String(contentsOfFile: stem + ".meta", encoding: .utf8).split(separator: "\n")
        let reader = try ParquetReader(path: file.path)
        let groups = reader.metadata.rowGroups
        guard meta.first == "row_groups \(groups.count)" else {
            throw Mismatch(description: "\(groups.count) row groups; pyarrow says '\(meta.first ?? "")'")
        }
        let rowCounts = groups.map { String($0.rowCount) }.joined(separator: " ")
        let expectedCounts = meta.dropFirst().first.map { $0.dropFirst("rows".count).trimmingCharacters(in: .whitespaces) }
        guard expectedCounts == rowCounts else { throw Mismatch(description: "row counts \(rowCounts), pyarrow says \(expectedCounts ?? "")") }
        var row = 0
        for index in groups.indices {
            for record in try reader.readRowGroup(index).rows() {
                guard row < expected.count else { throw Mismatch(description: "more rows than pyarrow reads (\(expected.count))") }
                let text = CanonicalText.row(record)
                guard text == expected[row] else {
                    throw Mismatch(description: "row \(row) differs:\n  swift:   \(text.prefix(1500))\n  pyarrow: \(expected[row].prefix(1500))")
                }
                row += 1
            }
        }
        guard row == expected.count else { throw Mismatch(description: "\(row) rows, pyarrow reads \(expected.count)") }
    }

    /// The same rows read page by page through 1 KiB windows of stored bytes (page headers and pages cut by
    /// the window's end, refilled) and in parts of 37 entries (level runs and dictionary runs cut mid-way), as
    /// uploads are read from S3.
    static func checkPageByPage(_ file: URL) throws {
        let stem = file.deletingPathExtension().path
        let expected = try String(contentsOfFile: stem + ".expected", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        var options = ParquetReaderOptions()
        options.readAheadBytes = 1
        options.valuesPerSlice = 37
        let reader = try ParquetReader(path: file.path, options: options)
        var row = 0
        try reader.forEachRow { record in
            guard row < expected.count else { throw Mismatch(description: "page by page: more rows than pyarrow reads (\(expected.count))") }
            let text = CanonicalText.row(record)
            guard text == expected[row] else {
                throw Mismatch(description: "page by page, row \(row) differs:\n  swift:   \(text.prefix(1500))\n  pyarrow: \(expected[row].prefix(1500))")
            }
            row += 1
        }
        guard row == expected.count else { throw Mismatch(description: "page by page: \(row) rows, pyarrow reads \(expected.count)") }
    }
}

/// The canonical text `scripts/parquet_reader_corpus.py` writes for pyarrow's reading of a row.
enum CanonicalText {
    static func row(_ value: ParquetFieldValue) -> String {
        guard case .group(let fields) = value else { return render(value) }
        return "{" + fields.map { "\($0.name):\(render($0.value))" }.joined(separator: ",") + "}"
    }

    static func render(_ value: ParquetFieldValue) -> String {
        switch value {
        case .null: return "null"
        case .boolean(let flag): return flag ? "true" : "false"
        case .int32(let number): return String(number)
        case .int64(let number): return String(number)
        case .uint64(let number): return String(number)
        case .float(let number): return double(Double(number))
        case .double(let number): return double(number)
        case .string(let bytes): return "s(\(hex(bytes)))"
        case .bytes(let bytes): return "b(\(hex(bytes)))"
        case .decimal(let decimal): return "dec(\(decimal))"
        case .date(let days): return "date(\(days))"
        case .timestamp(let time, let unit, let utc): return "ts(\(time),\(name(unit)),\(utc ? "utc" : "local"))"
        case .time(let time, let unit, _): return "time(\(time),\(name(unit)))"
        case .list(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .map(let entries): return "map[" + entries.map { "\(render($0.key)):\(render($0.value))" }.joined(separator: ",") + "]"
        case .group: return row(value)
        }
    }

    static func double(_ number: Double) -> String {
        let digits = String(number.bitPattern, radix: 16)
        return "f(" + String(repeating: "0", count: 16 - digits.count) + digits + ")"
    }

    static func name(_ unit: ParquetTimeUnit) -> String {
        switch unit {
        case .milliseconds: "ms"
        case .microseconds: "us"
        case .nanoseconds: "ns"
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension ParquetOracle {
    /// Runs one of the project's Python scripts with the oracle venv; returns its status and combined output.
    static func run(script: String, python: URL, arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = python
        process.arguments = [TestEnvironment.packageRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
