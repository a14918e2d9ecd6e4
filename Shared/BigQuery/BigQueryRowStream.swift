import GA4
import HTTP
import ProtocolBuffers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rows of one read stream, block by block, with resumption: when the call breaks (UNAVAILABLE, a reset
/// HTTP/2 stream, INTERNAL naming RST_STREAM, RESOURCE_EXHAUSTED…), ReadRows is called again at the offset
/// of the rows handed out so far, so every row is delivered exactly once. Read by one task at a time.
public final class BigQueryRowStream: @unchecked Sendable {
    private let client: BigQueryReadClient
    public let stream: String
    /// The offset of the next row: where a later `readRows(stream:offset:)` continues.
    public private(set) var offset: Int64
    /// The stream's Avro schema JSON, once a response carried it.
    public private(set) var avroSchema: String?
    private let expireTime: ProtobufTimestamp?
    private var call: GRPCServerStream?
    private var finished = false
    private var failures = 0
    private var refreshedToken = false
    /// Calls made, the first included (a measure of how often the stream was resumed).
    public private(set) var calls = 0

    init(client: BigQueryReadClient, stream: String, offset: Int64, expireTime: ProtobufTimestamp?) {
        self.client = client
        self.stream = stream
        self.offset = offset
        self.expireTime = expireTime
    }

    /// The next block with rows; nil once the stream has no more rows.
    public func next() async throws(BigQueryReadError) -> AvroRowBlock? {
        while !finished {
            if call == nil { try await start() }
            let message: [UInt8]?
            do {
                message = try await call!.next()
            } catch {
                call = nil
                try await recover(from: error)
                continue
            }
            guard let message else {
                finished = true
                call = nil
                return nil
            }
            let response: ReadRowsResponse
            do {
                response = try ReadRowsResponse(protobuf: message)
            } catch {
                call?.cancel()
                call = nil
                throw BigQueryReadError(kind: .badMessage(error), call: "ReadRows", resource: stream, offset: offset)
            }
            if let schema = response.avroSchema { avroSchema = schema }
            guard response.rowCount > 0 else { continue }  // a schema-only or throttle-only message
            guard let rows = response.avroRows else {
                call?.cancel()
                call = nil
                let detail = response.hasArrowRecordBatch ? "an Arrow record batch came instead of Avro rows" : "row_count \(response.rowCount) without rows"
                throw BigQueryReadError(kind: .protocolViolation(detail), call: "ReadRows", resource: stream, offset: offset)
            }
            let block = AvroRowBlock(
                rows: rows, rowCount: response.rowCount, offset: offset, progress: response.progress,
                throttlePercent: response.throttlePercent, avroSchema: response.avroSchema)
            offset += response.rowCount
            failures = 0
            refreshedToken = false
            return block
        }
        return nil
    }

    /// Stops the call in flight; `offset` stays where the delivered rows end.
    public func cancel() {
        call?.cancel()
        call = nil
        finished = true
    }

    private func start() async throws(BigQueryReadError) {
        if let expireTime, ProtobufTimestamp(Date()) >= expireTime {
            throw BigQueryReadError(kind: .sessionExpired(nil), call: "ReadRows", resource: stream, offset: offset)
        }
        let token = try await client.accessToken(call: "ReadRows", resource: stream, offset: offset)
        calls += 1
        currentToken = token
        call = client.transport.serverStream(
            path: BigQueryReadClient.service + "ReadRows", message: ReadRowsRequest(readStream: stream, offset: offset).protobufBytes,
            metadata: client.metadata(token: token, routing: ("read_stream", stream)), timeout: client.configuration.readRowsTimeout,
            bufferLimit: client.configuration.streamBufferBytes)
    }

    private var currentToken: AccessToken?

    private func recover(from error: GRPCCallError) async throws(BigQueryReadError) {
        failures += 1
        let policy = client.configuration.retryPolicy
        switch RetryDecision(error, refreshedToken: refreshedToken) {
        case .refreshToken:
            refreshedToken = true
            if let currentToken { await client.tokens.invalidate(currentToken) }
        case .retry(let retryAfter) where failures < policy.maxAttempts:
            try await client.pause(policy.delay(afterAttempt: failures, retryAfter: retryAfter), call: "ReadRows", resource: stream, offset: offset, attempts: failures)
        default:
            finished = true
            throw BigQueryReadError(kind: BigQueryReadClient.kind(of: error), call: "ReadRows", resource: stream, offset: offset, attempts: failures)
        }
    }
}
