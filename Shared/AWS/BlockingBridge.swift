#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Crossing between blocking code (a MySQL socket, a Parquet reader asking for bytes) and the async AWS clients.
///
/// Blocking code must not run on Swift's cooperative thread pool: the pool has one thread per core (one on a
/// small Lambda), so a blocked pool thread can starve the very task it waits for. `run` moves blocking work to a
/// thread of its own; from there `wait` may block on async work, which then has the pool to itself.
public enum BlockingBridge {
    /// Runs `body` on a new thread and returns its result once it is done.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = ThreadJob {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            var thread = pthread_t()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            // Row decoding recurses little, but give it the same room as the main thread.
            pthread_attr_setstacksize(&attributes, 8 << 20)
            let argument = Unmanaged.passRetained(job).toOpaque()
            let started = pthread_create(&thread, &attributes, { raw in
                let job = Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue()
                job.body()
                return nil
            }, argument)
            if started == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<ThreadJob>.fromOpaque(argument).release()
                continuation.resume(throwing: BlockingBridgeError(message: "cannot start a thread (error \(started))"))
            }
        }
    }

    /// Blocks the calling thread until `operation` finishes. Call it only from a thread `run` started (or any
    /// thread outside the cooperative pool), never from async code.
    public static func wait<T: Sendable, E: Error>(_ operation: @escaping @Sendable () async throws(E) -> T) throws(E) -> T {
        let slot = ResultSlot<T, E>()
        Task {
            do throws(E) {
                slot.put(.success(try await operation()))
            } catch {
                slot.put(.failure(error))
            }
        }
        return try slot.take().get()
    }
}

public struct BlockingBridgeError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

private final class ThreadJob {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// One result handed from a task to a blocked thread (a mutex and a condition variable).
private final class ResultSlot<T: Sendable, E: Error>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var result: Result<T, E>?

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func put(_ value: Result<T, E>) {
        pthread_mutex_lock(mutex)
        result = value
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func take() -> Result<T, E> {
        pthread_mutex_lock(mutex)
        while result == nil { pthread_cond_wait(condition, mutex) }
        let value = result!
        pthread_mutex_unlock(mutex)
        return value
    }
}
