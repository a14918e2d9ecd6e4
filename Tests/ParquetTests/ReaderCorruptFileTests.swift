import Testing
@testable import Parquet

/// Every kind of bad input the reader meets ends in a `ParquetError` that names what and where; none crashes.
@Suite struct ReaderCorruptFileTests {
    /// The failure a read of the whole file produces.
    static func failure(_ file: [UInt8], options: ParquetReaderOptions = ParquetReaderOptions()) -> ParquetReadFailure? {
        do {
            let reader = try ParquetReader(bytes: file, options: options)
            for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group).rows() }
            return nil
        } catch {
            guard case .unreadable(let failure) = error else { Issue.record("unexpected error \(error)"); return nil }
            return failure
        }
    }

    static let good = HandMadeFile.file(
        pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 3)], rowCount: 3)

    @Test func handMadeFileReads() throws {
        let group = try ParquetReader(bytes: Self.good).readRowGroup(0)
        #expect(group.columns[0].values == .int32([1, 2, 3]))
    }

    @Test func truncatedFile() throws {
        let failure = try #require(Self.failure(Array(Self.good.dropLast(3))))
        #expect(failure.kind == .truncated)
        #expect(failure.fileOffset == Self.good.count - 7)
    }

    @Test func tooShortAndNotParquet() throws {
        #expect(Self.failure([0x50, 0x41])?.kind == .truncated)
        var notParquet = Self.good
        notParquet[0] = 0x51
        #expect(Self.failure(notParquet)?.kind == .malformedMetadata)
    }

    @Test func footerLengthPastTheEnd() throws {
        var file = Self.good
        let lengthAt = file.count - 8
        file.replaceSubrange(lengthAt..<lengthAt + 4, with: withUnsafeBytes(of: UInt32(file.count).littleEndian) { Array($0) })
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .truncated)
        #expect(failure.fileOffset == lengthAt)
        #expect(failure.detail.contains("footer length"))
    }

    @Test func footerThatIsNotThrift() throws {
        var file = Self.good
        let footerLength = Int(file[file.count - 8])
        let footerStart = file.count - 8 - footerLength
        for index in footerStart..<file.count - 8 { file[index] = 0xFF }
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .malformedMetadata)
        #expect(failure.fileOffset == footerStart)
    }

    @Test func pageHeaderClaimsMoreBytesThanTheChunk() throws {
        let body = HandMadeFile.plainInt32([1, 2, 3])
        let header = HandMadeFile.pageHeader(uncompressed: body.count, compressed: 5000, valueCount: 3)
        let file = HandMadeFile.file(pages: [.init(header: header, body: body)], rowCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .malformedPage)
        #expect(failure.rowGroup == 0)
        #expect(failure.column == "v")
        #expect(failure.fileOffset == 4)
        #expect(failure.detail.contains("5000 compressed bytes"))
    }

    @Test func pageHeaderUnderstatesTheValueCount() throws {
        // The page says 2 values, the chunk and row group 3: the pages end before the chunk's values do.
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 2)], rowCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .truncated)
        #expect(failure.column == "v")
    }

    @Test func pageClaimsMoreValuesThanTheChunk() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 300)], rowCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .malformedPage)
        #expect(failure.detail.contains("300 values"))
    }

    @Test func plainValuesShorterThanTheirCount() throws {
        let body = HandMadeFile.plainInt32([1, 2])
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: body, valueCount: 3)], rowCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .malformedValues)
        #expect(failure.fileOffset == 4)
    }

    @Test func dictionaryIndexOutOfRange() throws {
        let dictionary = HandMadeFile.page(type: 2, body: HandMadeFile.plainInt32([10, 20]), valueCount: 2)
        // Bit width 2, one RLE run of 3 copies of index 3: the dictionary has 2 entries.
        let indices: [UInt8] = [2, 3 << 1, 3]
        let data = HandMadeFile.page(body: indices, valueCount: 3, encoding: 8)
        let file = HandMadeFile.file(pages: [dictionary, data], rowCount: 3, dictionaryFirst: true)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .malformedValues)
        #expect(failure.detail.contains("dictionary index 3"))
        #expect(failure.fileOffset == 4 + dictionary.header.count + dictionary.body.count)
        #expect(failure.column == "v")
        #expect(failure.rowGroup == 0)
    }

    @Test func dictionaryIndicesWithoutADictionary() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: [1, 3 << 1, 0], valueCount: 3, encoding: 8)], rowCount: 3)
        #expect(Self.failure(file)?.detail.contains("without a dictionary page") == true)
    }

    @Test func unknownEncoding() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 3, encoding: 42)], rowCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .unsupported)
        #expect(failure.detail.contains("encoding 42"))
        #expect(failure.column == "v")
    }

    @Test func decompressionBombOverTheLimit() throws {
        // A ZSTD page that claims 3 GiB uncompressed.
        let header = HandMadeFile.pageHeader(uncompressed: Int(Int32.max), compressed: 8, valueCount: 3)
        let file = HandMadeFile.file(pages: [.init(header: header, body: Array(repeating: 0, count: 8))], rowCount: 3, codec: 6,
                                     totalUncompressed: Int(Int32.max) + 100)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .limitExceeded)
        #expect(failure.detail.contains("2147483647 uncompressed bytes"))
        #expect(failure.fileOffset == 4)
    }

    @Test func pageClaimsMoreThanItsColumnChunk() throws {
        let header = HandMadeFile.pageHeader(uncompressed: 64 << 20, compressed: 8, valueCount: 3)
        let file = HandMadeFile.file(pages: [.init(header: header, body: Array(repeating: 0, count: 8))], rowCount: 3, codec: 1)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .limitExceeded)
        #expect(failure.detail.contains("more than the whole column chunk"))
    }

    @Test func configurablePageLimit() throws {
        var options = ParquetReaderOptions()
        options.maximumPageBytes = 8
        let failure = try #require(Self.failure(Self.good, options: options))
        #expect(failure.kind == .limitExceeded)
    }

    @Test func snappyBodyThatDecodesToAnotherSize() throws {
        // Snappy preamble says 12 bytes, then a literal of 4: the page would come out short.
        let body: [UInt8] = [12, 3 << 2, 1, 0, 0, 0]
        let header = HandMadeFile.pageHeader(uncompressed: 12, compressed: body.count, valueCount: 3)
        let file = HandMadeFile.file(pages: [.init(header: header, body: body)], rowCount: 3, codec: 1, totalUncompressed: 100)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .decompressionFailed)
        #expect(failure.detail.contains("SNAPPY"))
    }

    @Test func unsupportedCodecIsNamed() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 3)], rowCount: 3, codec: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.kind == .unsupported)
        #expect(failure.detail.contains("LZO"))
    }

    @Test func chunkPastTheFooter() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 3)], rowCount: 3,
                                     valueCount: 3)
        // Cut the data out but keep the footer: the chunk now overlaps the footer.
        let footerAndTail = Array(file[(4 + 12 + HandMadeFile.pageHeader(uncompressed: 12, compressed: 12, valueCount: 3).count)...])
        let failure = try #require(Self.failure(ParquetMagic.bytes + footerAndTail))
        #expect(failure.kind == .truncated)
        #expect(failure.column == "v")
    }

    @Test func rowCountsThatDisagree() throws {
        let file = HandMadeFile.file(pages: [HandMadeFile.page(body: HandMadeFile.plainInt32([1, 2, 3]), valueCount: 3)], rowCount: 2,
                                     valueCount: 3)
        let failure = try #require(Self.failure(file))
        #expect(failure.detail.contains("the row group declares 2"))
    }
}
