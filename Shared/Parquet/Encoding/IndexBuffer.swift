#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The dictionary indices of the open data page, appended once per value.
///
/// A class over one malloc'd block like `ByteBuffer`: an append is a capacity check and a store, without the
/// uniqueness test an `[UInt32]` makes on every append.
final class IndexBuffer {
    private var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        guard let memory = malloc(self.capacity * MemoryLayout<UInt32>.stride) else {
            fatalError("out of memory allocating \(capacity) dictionary indices")
        }
        base = memory.assumingMemoryBound(to: UInt32.self)
    }

    deinit { free(base) }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func append(_ index: UInt32) {
        if count == capacity { grow() }
        base[count] = index
        count &+= 1
    }

    @inline(never)
    private func grow() {
        let newCapacity = capacity * 2
        guard let memory = realloc(base, newCapacity * MemoryLayout<UInt32>.stride) else {
            fatalError("out of memory growing to \(newCapacity) dictionary indices")
        }
        base = memory.assumingMemoryBound(to: UInt32.self)
        capacity = newCapacity
    }

    func removeAll() { count = 0 }

    /// The indices; valid until the next append.
    var values: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: base, count: count) }
}
