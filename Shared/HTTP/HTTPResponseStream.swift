import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A response whose body the caller reads piece by piece while it arrives, for bodies too large to hold
/// (a gRPC server stream of many gigabytes). At most about `bufferLimit` bytes wait between the network and
/// the reader: beyond that the transfer is paused until the reader catches up, so memory stays flat however
/// slow the reader is.
///
///     let stream = client.stream(request)
///     let head = try await stream.head()
///     while let piece = try await stream.next() { … }
///     let trailers = try await stream.trailers()
public final class HTTPResponseStream: Sendable {
    private let buffer: StreamBuffer
    private let task: Task<Void, Never>

    init(client: HTTPClient, request: HTTPRequest, bufferLimit: Int) {
        let buffer = StreamBuffer(limit: max(bufferLimit, 1))
        self.buffer = buffer
        task = Task {
            do throws(HTTPError) {
                let response = try await client.execute(request, streamingBodyInto: buffer)
                buffer.finish(.success(response))
            } catch {
                buffer.finish(.failure(error))
            }
        }
    }

    deinit { task.cancel() }

    /// The status and header fields, once they arrived; throws if the exchange failed before.
    public func head() async throws(HTTPError) -> (status: Int, headers: HTTPHeaders) {
        try await buffer.head()
    }

    /// The body bytes that arrived since the last call (at least one piece), in order; nil once the body ended
    /// completely. Throws when the
    /// transfer failed (the pieces before the failure were delivered).
    public func next() async throws(HTTPError) -> [UInt8]? {
        try await buffer.next()
    }

    /// The trailer fields; waits for the end of the exchange.
    public func trailers() async throws(HTTPError) -> HTTPHeaders {
        try await buffer.final().trailers
    }

    /// Status, headers and trailers of the finished exchange (its body is empty); waits for the end.
    public func response() async throws(HTTPError) -> HTTPResponse {
        try await buffer.final()
    }

    /// Aborts the transfer; waiting readers get `HTTPError.cancelled`.
    public func cancel() { task.cancel() }
}

extension HTTPClient {
    /// Starts the request and returns at once; read the body from the stream as it arrives.
    /// - Parameter bufferLimit: bytes that may wait for the reader before the transfer pauses.
    public func stream(_ request: HTTPRequest, bufferLimit: Int = 8 << 20) -> HTTPResponseStream {
        HTTPResponseStream(client: self, request: request, bufferLimit: bufferLimit)
    }
}

/// The sink between the transfer thread and the reader.
private final class StreamBuffer: HTTPResponseBodySink, Sendable {
    fileprivate struct State {
        var pieces: [[UInt8]] = []
        var first = 0
        var buffered = 0
        var head: (status: Int, headers: HTTPHeaders)?
        var result: Result<HTTPResponse, HTTPError>?
        var paused: HTTPTransferControl?
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Counts changes a reader may wait for, so a change between a reader's check and its wait is not lost.
        var version = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    func responseStarted(status: Int, headers: HTTPHeaders) throws {
        let waiters = state.withLock { state in
            state.head = (status, headers)
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        append(bytes)
    }

    func offer(_ bytes: UnsafeRawBufferPointer, control: HTTPTransferControl) throws -> Bool {
        let accepted: (Bool, [CheckedContinuation<Void, Never>]) = state.withLock { state in
            // Always take bytes when nothing waits, so one piece larger than the limit cannot stall for ever.
            if state.buffered > 0, state.buffered + bytes.count > limit {
                state.paused = control
                return (false, [])
            }
            state.pieces.append(Array(bytes))
            state.buffered += bytes.count
            return (true, state.takeWaiters())
        }
        for waiter in accepted.1 { waiter.resume() }
        return accepted.0
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        let waiters = state.withLock { state in
            state.pieces.append(Array(bytes))
            state.buffered += bytes.count
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    func finish(_ result: Result<HTTPResponse, HTTPError>) {
        let waiters = state.withLock { state in
            state.result = result
            if state.head == nil, case .success(let response) = result { state.head = (response.status, response.headers) }
            return state.takeWaiters()
        }
        for waiter in waiters { waiter.resume() }
    }

    func head() async throws(HTTPError) -> (status: Int, headers: HTTPHeaders) {
        while true {
            let (outcome, seen): (Result<(status: Int, headers: HTTPHeaders), HTTPError>?, Int) = state.withLock { state in
                if let head = state.head { return (.success(head), state.version) }
                if case .failure(let error) = state.result { return (.failure(error), state.version) }
                return (nil, state.version)
            }
            if let outcome { return try outcome.get() }
            await waitForChange(since: seen)
        }
    }

    func next() async throws(HTTPError) -> [UInt8]? {
        while true {
            let (outcome, resume, seen): (Result<[UInt8]?, HTTPError>?, HTTPTransferControl?, Int) = state.withLock { state in
                if state.first < state.pieces.count {
                    // Everything waiting goes out at once: one wake-up of the reader per batch, not per piece.
                    var piece = state.pieces[state.first]
                    state.pieces[state.first] = []
                    state.first += 1
                    if state.first < state.pieces.count {
                        piece.reserveCapacity(state.buffered)
                        while state.first < state.pieces.count {
                            piece += state.pieces[state.first]
                            state.pieces[state.first] = []
                            state.first += 1
                        }
                    }
                    state.pieces.removeAll(keepingCapacity: true)
                    state.first = 0
                    state.buffered -= piece.count
                    var resume: HTTPTransferControl?
                    if state.buffered <= limit / 2, let paused = state.paused {
                        state.paused = nil
                        resume = paused
                    }
                    return (.success(piece), resume, state.version)
                }
                switch state.result {
                case .success: return (.success(nil), nil, state.version)
                case .failure(let error): return (.failure(error), nil, state.version)
                case nil: return (nil, nil, state.version)
                }
            }
            resume?.resume()
            if let outcome { return try outcome.get() }
            await waitForChange(since: seen)
        }
    }

    func final() async throws(HTTPError) -> HTTPResponse {
        while true {
            let (result, seen) = state.withLock { ($0.result, $0.version) }
            if let result { return try result.get() }
            await waitForChange(since: seen)
        }
    }

    /// Suspends until the transfer thread adds a piece, the head, or the end after the caller saw `version`;
    /// returns at once when that already happened.
    private func waitForChange(since version: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.version != version { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

extension StreamBuffer.State {
    /// Records a change and hands back the readers to wake.
    fileprivate mutating func takeWaiters() -> [CheckedContinuation<Void, Never>] {
        version &+= 1
        defer { waiters.removeAll() }
        return waiters
    }
}
