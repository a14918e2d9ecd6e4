// The nested writer benchmark: the GA4 export table of parquet_nested_bench_data.py (event_params, items with
// item_params, device, geo), given column by column as Arrow holds it.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Parquet

/// One array of `layout.json`: a field and the files of its buffers.
final class NestedLayoutNode: Decodable {
    let name: String
    let optional: Bool
    let kind: String
    let type: String?
    let valid: String?
    let offsets: String?
    let values: String?
    let element: NestedLayoutNode?
    let fields: [NestedLayoutNode]?
}

struct NestedLayout: Decodable {
    let rows: Int
    let fields: [NestedLayoutNode]
}

enum NestedBenchInput {
    static func field(_ node: NestedLayoutNode) throws -> ParquetField {
        switch node.kind {
        case "group": return .group(node.name, optional: node.optional, try node.fields!.map(field))
        case "list": return .list(node.name, optional: node.optional, of: try field(node.element!))
        default:
            let type: ParquetType = node.type == "string" ? .string : node.type == "int64" ? .int64 : .double
            return .primitive(node.name, type, optional: node.optional)
        }
    }

    static func column(_ node: NestedLayoutNode, directory: String) throws -> ParquetNestedColumnValues {
        let validity = try node.valid.map { try readFile("\(directory)/\($0)").map { $0 != 0 } }
        switch node.kind {
        case "group":
            return .group(try node.fields!.map { try column($0, directory: directory) }, validity: validity)
        case "list":
            let offsets = try littleEndianArray("\(directory)/\(node.offsets!)", as: Int32.self).map { $0! }
            return .list(offsets: offsets, element: try column(node.element!, directory: directory), validity: validity)
        default:
            switch node.type {
            case "string":
                let offsets = try littleEndianArray("\(directory)/\(node.offsets!)", as: Int32.self).map { $0! }
                var bitmap: [UInt8]?
                if let validity {
                    var bits = [UInt8](repeating: 0, count: (validity.count + 7) / 8)
                    for (index, present) in validity.enumerated() where present { bits[index >> 3] |= 1 << (index & 7) }
                    bitmap = bits
                }
                return .primitive(.utf8Column(try ParquetStringColumn(
                    bytes: try readFile("\(directory)/\(node.values!)"), offsets: offsets, validity: bitmap)))
            case "int64":
                let values = try littleEndianArray("\(directory)/\(node.values!)", as: Int64.self)
                return .primitive(.int64s(validity.map { flags in zip(values, flags).map { $1 ? $0 : nil } } ?? values))
            default:
                let bits = try littleEndianArray("\(directory)/\(node.values!)", as: UInt64.self)
                let values = bits.map { $0.map { Double(bitPattern: $0) } }
                return .primitive(.doubles(validity.map { flags in zip(values, flags).map { $1 ? $0 : nil } } ?? values))
            }
        }
    }
}

/// `write-nested DATA_DIR OUT_FILE REPS [THREADS]`: median of REPS writes of the whole table, one JSON line.
func runNestedBench(_ arguments: [String]) throws {
    let directory = arguments[2]
    let output = arguments[3]
    let repetitions = Int(arguments.count > 4 ? arguments[4] : "5") ?? 5
    let options = try writeOptions(arguments)
    let layout = try JSONDecoder().decode(NestedLayout.self, from: Data(try readFile("\(directory)/layout.json")))
    let schema = try ParquetNestedSchema(try layout.fields.map(NestedBenchInput.field))
    let columns = try layout.fields.map { try NestedBenchInput.column($0, directory: directory) }
    let (median, medianCPU, bytes) = try timeWrites(repetitions, output: output) { sink in
        let writer = try ParquetNestedWriter(schema: schema, options: options, sink: sink)
        try writer.write(columns: columns)
        return try writer.close().byteCount
    }
    print("""
        {"writer": "swift Parquet nested, \(options.encodingThreads) thr", "threads": \(options.encodingThreads), \
        "rows": \(layout.rows), "leaves": \(schema.leaves.count), "median_s": \((median * 10_000).rounded() / 10_000), \
        "rows_per_s": \(Int(Double(layout.rows) / median)), \
        "median_cpu_s": \((medianCPU * 10_000).rounded() / 10_000), "rows_per_cpu_s": \(Int(Double(layout.rows) / medianCPU)), \
        "bytes": \(bytes)}
        """)
}
