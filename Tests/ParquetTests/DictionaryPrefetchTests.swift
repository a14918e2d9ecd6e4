import Testing
@testable import Parquet

@Suite struct DictionaryPrefetchTests {
    private func values(_ count: Int) -> [[UInt8]] {
        (0..<count).map { Array("value-\($0 * 7_919 % count)".utf8) }
    }

    @Test(arguments: [0..<0, 0..<1, 3..<10, 0..<17, 5..<40_000])
    func visitsEveryIndexInOrderWithItsOwnHash(range: Range<Int>) throws {
        let dictionary = ByteArrayDictionary()
        let strings = values(40_000)
        var visited: [Int] = []
        var isNew = false
        try DictionaryPrefetch.forEach(range, in: dictionary, hashOf: { index in
            strings[index].withUnsafeBytes { dictionary.hash($0) }
        }) { index, hash in
            visited.append(index)
            #expect(hash == strings[index].withUnsafeBytes { dictionary.hash($0) })
            _ = strings[index].withUnsafeBytes { dictionary.index(of: $0, hash: hash, isNew: &isNew) }
        }
        #expect(visited == Array(range))
        #expect(dictionary.count == range.count)
    }

    @Test func lookupsWithPrefetchingFindWhatPlainLookupsFind() throws {
        // Large enough to outgrow the cache (and to grow the table while lookups are in flight).
        let strings = values(50_000)
        let order = (0..<150_000).map { ($0 * 104_729) % strings.count }
        let plain = ByteArrayDictionary()
        var isNew = false
        let expected = order.map { index in strings[index].withUnsafeBytes { plain.index(of: $0, isNew: &isNew) } }
        #expect(plain.outgrowsCache)
        let prefetched = ByteArrayDictionary()
        var found: [UInt32] = []
        try DictionaryPrefetch.forEach(order.indices, in: prefetched, hashOf: { position in
            strings[order[position]].withUnsafeBytes { prefetched.hash($0) }
        }) { position, hash in
            found.append(strings[order[position]].withUnsafeBytes { prefetched.index(of: $0, hash: hash, isNew: &isNew) })
        }
        #expect(difference(found, expected) == nil)
        #expect(difference(prefetched.plain.array, plain.plain.array) == nil)
    }

    @Test func largeDictionariesWriteTheSameBytesFromBatchesAsFromRows() throws {
        // 30,000 distinct values outgrow the cache after the first slices, so batches take the prefetching
        // path (both inputs); rows never do.
        let schema = try ParquetSchema([ParquetColumn("session", .string), ParquetColumn("n", .int32, optional: false)])
        var generator = SeededGenerator(seed: 11)
        let sessions: [String?] = (0..<200_000).map { $0 % 17 == 0 ? nil : "session-\(generator.next() % 30_000)" }
        let numbers: [Int32?] = (0..<200_000).map { Int32($0 % 1_000) }
        var column = ParquetStringColumn()
        for session in sessions {
            if let session { column.append(session) } else { column.appendNull() }
        }
        func written(_ write: (ParquetWriter) throws -> Void) throws -> [UInt8] {
            let sink = MemorySink()
            let writer = try ParquetWriter(schema: schema, sink: sink)
            try write(writer)
            try writer.close()
            return sink.bytes
        }
        let fromRows = try written { writer in
            for (session, number) in zip(sessions, numbers) {
                try writer.write(row: [session.map { .string($0) }, .int32(number!)])
            }
        }
        let fromStrings = try written { try $0.write(columns: [.strings(sessions), .int32s(numbers)]) }
        let fromColumn = try written { try $0.write(columns: [.utf8Column(column), .int32s(numbers)]) }
        #expect(difference(fromStrings, fromRows) == nil)
        #expect(difference(fromColumn, fromRows) == nil)
        let chunk = try parquetFooter(fromRows)[4]!.list![0][1]!.list![0][3]!
        #expect(chunk[11] != nil, "the column is dictionary-encoded")
    }
}
