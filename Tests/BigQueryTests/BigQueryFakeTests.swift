import BigQuery
import Foundation
import GA4
import HTTP
import Testing
import TestSupport

/// The failure paths against the fault-injecting fake (scripts/bigquery/bigquery_read_fake.py): broken
/// streams resumed at their offset with every row delivered once, a deadline stop and resume, throttling,
/// RESOURCE_EXHAUSTED, an expired session, a refused token, a missing table, and REST rate limits.
@Suite(.enabled(if: TestEnvironment.available("BIGQUERY_FAKE_GRPC_URL")), .serialized)
struct BigQueryFakeTests {
    let tokens = CountingTokenProvider()

    func readClient() throws -> BigQueryReadClient {
        BigQueryReadClient(
            http: HTTPClient(), tokens: tokens,
            configuration: .init(
                endpoint: try TestEnvironment.require("BIGQUERY_FAKE_GRPC_URL"),
                retryPolicy: RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50))))
    }

    func tablesClient() throws -> BigQueryTablesClient {
        BigQueryTablesClient(
            http: HTTPClient(), tokens: tokens,
            configuration: .init(
                baseURL: try TestEnvironment.require("BIGQUERY_FAKE_REST_URL") + "/bigquery/v2",
                retryPolicy: RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50)), pageSize: 40))
    }

    func table(_ id: String) throws -> BigQueryTableReference {
        try BigQueryTableReference(projectID: "fake-project", datasetID: "analytics_1", tableID: id)
    }

    /// Reads every block of a stream and has Python decode them: each of the stream's rows once, in order.
    func readAndCheck(_ stream: BigQueryRowStream, rows: Int, index: Int) async throws -> (blocks: [AvroRowBlock], check: String) {
        var blocks: [AvroRowBlock] = []
        while let block = try await stream.next() { blocks.append(block) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(blocks.flatMap(\.rows)).write(to: path)
        let output = try PythonScript.run("scripts/bigquery/bigquery_read_fake.py", ["check", String(rows), String(index), path.path])
        return (blocks, String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func session(_ tableID: String) async throws -> ReadSession {
        try await readClient().createReadSession(
            billingProject: "billing-project", table: try table(tableID), snapshotTime: ProtobufTimestamp(seconds: 1_704_067_200),
            maxStreamCount: 2)
    }

    @Test func aCleanReadDeliversBothStreamsWithSchemaAndProgress() async throws {
        let session = try await session("plain_1000")
        #expect(session.streams.count == 2)
        #expect(session.snapshotTime == ProtobufTimestamp(seconds: 1_704_067_200))
        let client = try readClient()
        for (index, stream) in session.streams.enumerated() {
            let rows = client.readRows(stream: stream.name)
            let (blocks, check) = try await readAndCheck(rows, rows: 1000, index: index)
            #expect(check == "500 rows, each once")
            #expect(blocks.count == 5)
            #expect(blocks.first?.avroSchema != nil)
            #expect(blocks.dropFirst().allSatisfy { $0.avroSchema == nil })
            #expect(blocks.last?.progress?.atResponseEnd == 1.0)
            #expect(rows.calls == 1)
            #expect(rows.avroSchema == session.avroSchema)
        }
    }

    @Test(arguments: ["unavailable", "rststream"])
    func aStreamBrokenMidwayResumesAtItsOffsetWithEveryRowOnce(scenario: String) async throws {
        let session = try await session("\(scenario)_1000")
        let rows = try readClient().readRows(stream: session.streams[1].name)
        let (blocks, check) = try await readAndCheck(rows, rows: 1000, index: 1)
        #expect(check == "500 rows, each once")
        #expect(blocks.map(\.offset) == [0, 100, 200, 300, 400])
        #expect(rows.calls == 2)  // broken after 3 blocks, resumed at offset 300
        #expect(rows.offset == 500)
    }

    @Test func aReaderStoppedBeforeItsDeadlineContinuesFromItsOffset() async throws {
        let session = try await session("plain_600")
        let client = try readClient()
        let first = client.readRows(stream: session.streams[0].name)
        let block = try #require(try await first.next())
        first.cancel()
        #expect(first.offset == 100)
        // The next invocation starts where the first stopped.
        let second = client.readRows(stream: session.streams[0].name, offset: first.offset)
        var rest: [AvroRowBlock] = []
        while let next = try await second.next() { rest.append(next) }
        let all = [block] + rest
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(all.flatMap(\.rows)).write(to: path)
        let output = try PythonScript.run("scripts/bigquery/bigquery_read_fake.py", ["check", "600", "0", path.path])
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "300 rows, each once")
        #expect(rest.first?.offset == 100)
    }

    @Test func resourceExhaustedIsRetriedWithBackoff() async throws {
        let session = try await session("exhausted_300")
        let rows = try readClient().readRows(stream: session.streams[0].name)
        let (_, check) = try await readAndCheck(rows, rows: 300, index: 0)
        #expect(check == "150 rows, each once")
        #expect(rows.calls == 2)
    }

    @Test func throttlingIsReported() async throws {
        let session = try await session("throttled_200")
        let rows = try readClient().readRows(stream: session.streams[0].name)
        let block = try #require(try await rows.next())
        #expect(block.throttlePercent == 40)
    }

    @Test func anExpiredSessionIsATypedErrorWithTheStreamAndOffset() async throws {
        let session = try await session("expired_200")
        let rows = try readClient().readRows(stream: session.streams[0].name, offset: 42)
        do {
            _ = try await rows.next()
            Issue.record("an expired session was read")
        } catch {
            #expect(error.isSessionExpired)
            #expect(error.statusCode == .failedPrecondition)
            #expect(error.call == "ReadRows")
            #expect(error.resource == session.streams[0].name)
            #expect(error.offset == 42)
            #expect("\(error)".contains("session expired at 2024-01-01T00:00:00 ✓"))
        }
        // Known expiry: no call at all.
        let late = try readClient().readRows(stream: session.streams[0].name, expireTime: ProtobufTimestamp(seconds: 1))
        await #expect(throws: BigQueryReadError.self) { try await late.next() }
    }

    @Test func aRefusedTokenIsReplacedOnce() async throws {
        let client = try readClient()
        let session = try await client.createReadSession(
            billingProject: "billing-project", table: try table("unauth_100"), snapshotTime: nil, maxStreamCount: 2)
        #expect(tokens.invalidated == ["test-token"])
        let rows = client.readRows(stream: session.streams[0].name)
        let (_, check) = try await readAndCheck(rows, rows: 100, index: 0)
        #expect(check == "50 rows, each once")
    }

    @Test func aMissingTableFailsNamingIt() async throws {
        do {
            _ = try await readClient().createReadSession(
                billingProject: "billing-project", table: try table("missing_1"), snapshotTime: nil, maxStreamCount: 2)
            Issue.record("created")
        } catch let error as BigQueryReadError {
            #expect(error.statusCode == .notFound)
            #expect(error.attempts == 1)
            #expect("\(error)".contains("Not found: Table fake-project:analytics_1.missing_1"))
        }
        #expect(try await tablesClient().table(try table("missing_1")) == .notExportedYet(try table("missing_1")))
    }

    @Test func restRateLimitsAnd5xxAreRetried() async throws {
        let tables = try tablesClient()
        guard case .found(let found) = try await tables.table(try table("flaky_100")) else {
            Issue.record("not found")
            return
        }
        #expect(found.numRows == 100)
        #expect(found.lastModifiedTime == 1_704_100_000_000)
        #expect(found.streamingBuffer?.estimatedRows == 5)
        var rows: [UInt8] = []
        let total = try await tables.readAllRows(try table("flaky_100"), schema: found.schema) { page in rows += page.block.rows }
        #expect(total == 100)
        // The converted rows decode with the fake's own Avro schema (the one its Storage Read API sends) to the
        // table's rows: both read paths give the downstream the same bytes.
        #expect(try AvroSchemaJSON.make(found.schema).contains(#"{"name":"event_bundle_sequence_id","type":"long"}"#))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rest-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(rows).write(to: path)
        let output = try PythonScript.run("scripts/bigquery/bigquery_read_fake.py", ["check", "100", "-1", path.path])
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "100 rows, each once")
    }
}
