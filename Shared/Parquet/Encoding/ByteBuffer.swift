#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable run of bytes that the encoders append to.
///
/// A class over one malloc'd block, so appends in the hot paths are a bounds check and a store with no
/// copy-on-write uniqueness test; it never leaves the module except as a copied `[UInt8]`.
final class ByteBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count: Int = 0
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        guard let memory = malloc(self.capacity) else { fatalError("out of memory allocating \(capacity) bytes") }
        base = memory
    }

    deinit { free(base) }

    var isEmpty: Bool { count == 0 }

    /// Makes room for `additional` more bytes, so the unchecked writes below stay in bounds.
    @inline(__always)
    func reserve(_ additional: Int) {
        if count + additional > capacity { grow(to: count + additional) }
    }

    @inline(never)
    private func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        guard let memory = realloc(base, newCapacity) else { fatalError("out of memory growing to \(newCapacity) bytes") }
        base = memory
        capacity = newCapacity
    }

    func removeAll(keepingCapacity: Bool = true) {
        count = 0
        if !keepingCapacity && capacity > 4096 {
            free(base)
            capacity = 256
            guard let memory = malloc(capacity) else { fatalError("out of memory") }
            base = memory
        }
    }

    /// Appends `length` bytes the caller has just written at `end` after a `reserve`.
    @inline(__always)
    func commit(_ length: Int) { count += length }

    /// The first unused byte; valid until the next append or reserve.
    @inline(__always)
    var end: UnsafeMutableRawPointer { base + count }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ other: ByteBuffer) {
        append(other.bytes)
    }

    /// Overwrites four bytes already written (used to patch length prefixes).
    func setLittleEndianUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count, "patch outside the written bytes")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    var array: [UInt8] { Array(bytes) }
}
