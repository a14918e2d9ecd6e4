import Crypto
import HTTP

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hashes a byte range of a file without holding it in memory.
enum FileHashing {
    static func sha256Hex(path: String, offset: Int64, length: Int64) throws(HTTPError) -> String {
        guard let file = fopen(path, "rb") else {
            throw .body(url: path, detail: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        guard fseeko(file, off_t(offset), SEEK_SET) == 0 else { throw .body(url: path, detail: "cannot seek to \(offset)") }
        var hasher = SHA256()
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = length
        while remaining > 0 {
            let wanted = Int(min(Int64(chunk), remaining))
            let read = fread(buffer.baseAddress, 1, wanted, file)
            guard read == wanted else {
                throw .body(url: path, detail: "\(path) ended \(remaining - Int64(read)) bytes before offset \(offset + length)")
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<read]))
            remaining -= Int64(read)
        }
        return hexString(hasher.finalize())
    }
}
