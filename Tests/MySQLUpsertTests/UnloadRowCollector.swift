import MySQL

@testable import MySQLUpsert

/// Collects what a format reader delivers.
final class UnloadRowCollector: UnloadRowConsumer {
    var columns: [String]?
    var rows: [(position: Int, values: [UpsertValue])] = []
    var rejects: [(position: Int, reason: String, fields: [UpsertValue])] = []

    func begin(columns: [String]) throws { self.columns = columns }
    func row(_ values: [UpsertValue], position: Int) throws { rows.append((position, values)) }
    func reject(position: Int, reason: String, fields: [UpsertValue]) throws { rejects.append((position, reason, fields)) }
}

/// An input cut into pieces of `size` bytes, to cross every boundary.
struct ArrayChunks: ByteChunkSource {
    let bytes: [UInt8]
    let size: Int
    var offset = 0

    init(_ bytes: [UInt8], size: Int = 7) {
        self.bytes = bytes
        self.size = size
    }

    mutating func nextChunk() throws -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(offset + size, bytes.count)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// The route for a JSON route entry.
func route(_ json: String) throws -> UnloadRoute {
    try #require(try UnloadRouteTable.parse(Array("{\"routes\":[\(json)]}".utf8), source: "test").routes.first)
}

import Testing
