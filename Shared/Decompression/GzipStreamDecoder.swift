/// gzip (RFC 1952) through ISA-L or zlib (`GzipInflateBackend`), continuing across concatenated members (`cat a.gz b.gz`, pigz, Redshift
/// UNLOAD parts): after each member's trailer the state is reset and the next member read. Zero bytes after
/// the last member (block padding some writers add) are allowed; anything else there is an error.
final class GzipStreamDecoder: StreamDecoder {
    private let inflater: any GzipMemberInflater
    private var output: [UInt8]
    private var message = [CChar](repeating: 0, count: 256)
    private var consumed: Int64 = 0
    private var insideMember = false
    private var betweenMembers = false

    init(backend: GzipInflateBackend = .preferred) throws {
        inflater = try backend.makeInflater()
        output = [UInt8](repeating: 0, count: decodedChunkSize)
    }

    func decode(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard var next = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = input.count
        while remaining > 0 {
            if betweenMembers {
                if next.pointee == 0 {
                    next += 1; remaining -= 1; consumed += 1
                    continue
                }
                if next.pointee != 0x1F { throw DecompressionError.trailingData(.gzip, offset: consumed) }
                betweenMembers = false
                inflater.reset()
            }
            insideMember = true
            var cursor: UnsafePointer<UInt8>? = UnsafePointer(next)
            var produced = 0
            let before = remaining
            let code = step(&cursor, &remaining, &produced)
            let used = before - remaining
            next += used
            consumed += Int64(used)
            if code < 0 {
                throw DecompressionError.corrupt(.gzip, offset: consumed, detail: Self.text(message))
            }
            if produced > 0 { try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0.prefix(produced))) } }
            if code == 1 {
                insideMember = false
                betweenMembers = true
            } else if used == 0 && produced == 0 {
                break  // zlib wants more input than this chunk holds
            }
        }
        // Flush output zlib still holds for the bytes already given.
        while insideMember {
            var cursor: UnsafePointer<UInt8>? = nil
            var none = 0
            var produced = 0
            let code = step(&cursor, &none, &produced)
            if code < 0 { throw DecompressionError.corrupt(.gzip, offset: consumed, detail: Self.text(message)) }
            if produced > 0 { try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0.prefix(produced))) } }
            if code == 1 { insideMember = false; betweenMembers = true }
            if produced == 0 { break }
        }
    }

    private func step(_ cursor: inout UnsafePointer<UInt8>?, _ remaining: inout Int, _ produced: inout Int) -> Int32 {
        let inflater = self.inflater
        return output.withUnsafeMutableBufferPointer { out in
            message.withUnsafeMutableBufferPointer { text in
                inflater.step(&cursor, &remaining, out.baseAddress, out.count, &produced, text.baseAddress, text.count)
            }
        }
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func finish() throws {
        if insideMember { throw DecompressionError.truncated(.gzip, offset: consumed) }
    }
}
