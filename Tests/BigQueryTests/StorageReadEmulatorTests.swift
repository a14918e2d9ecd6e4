import BigQuery
import Foundation
import HTTP
import Testing
import TestSupport

/// The Storage Read client against bqemulator's gRPC server (plain-text HTTP/2 on loopback): a session over a
/// GA4-shaped table, every stream read, and the Avro rows decoded by fastavro equal to the rows inserted.
/// bqemulator ignores ReadRows' offset and sends 65,536 rows per block, so resumption is tested against the
/// fault-injecting fake (BigQueryFakeTests).
/// Every bqemulator test runs under this one serialized suite: the emulator answers concurrent requests from
/// one shared DuckDB connection and mixes their results up (a read got another request's `count(*)`).
@Suite(.enabled(if: TestEnvironment.available("BIGQUERY_EMULATOR_GRPC_URL", "BIGQUERY_EMULATOR_REST_URL")), .serialized)
enum BigQueryEmulatorTests {}

extension BigQueryEmulatorTests {
    @Suite struct StorageReadEmulatorTests {
        func client(_ fixture: EmulatorFixture, tokens: CountingTokenProvider = CountingTokenProvider()) -> BigQueryReadClient {
            BigQueryReadClient(http: HTTPClient(), tokens: tokens, configuration: .init(endpoint: fixture.grpcURL))
        }

        @Test func everyRowOfEveryStreamArrivesOnceAndDecodes() async throws {
            let fixture = try EmulatorFixture.make(rows: 1200)
            defer { fixture.remove() }
            let reader = client(fixture)
            let session = try await reader.createReadSession(
                billingProject: fixture.project, table: fixture.table, snapshotTime: nil, maxStreamCount: 4)
            #expect(session.name.hasPrefix("projects/\(fixture.project)/locations/"))
            #expect(!session.streams.isEmpty)
            let schema = try #require(session.avroSchema)
            var rows: [UInt8] = []
            var total: Int64 = 0
            for stream in session.streams {
                let blocks = reader.readRows(stream: stream.name)
                var expectedOffset: Int64 = 0
                while let block = try await blocks.next() {
                    #expect(block.offset == expectedOffset)
                    expectedOffset += block.rowCount
                    rows += block.rows
                    total += block.rowCount
                }
                #expect(blocks.offset == expectedOffset)
            }
            #expect(total == 1200)
            #expect(try fixture.checkAvro(schema: schema, rows: rows) == "1200 rows equal")
        }

        @Test func selectedFieldsNarrowTheSchema() async throws {
            let fixture = try EmulatorFixture.make(rows: 20)
            defer { fixture.remove() }
            let session = try await client(fixture).createReadSession(
                billingProject: fixture.project, table: fixture.table, selectedFields: ["event_name", "event_bundle_sequence_id"],
                snapshotTime: nil, maxStreamCount: 1)
            let schema = try #require(session.avroSchema)
            #expect(schema.contains("\"event_name\""))
            #expect(!schema.contains("\"event_params\""))
            #expect(session.readOptions.selectedFields.isEmpty || session.readOptions.selectedFields.contains("event_name"))
        }

        @Test func aMissingTableIsNamedInTheError() async throws {
            let fixture = try EmulatorFixture.make(rows: 1)
            defer { fixture.remove() }
            let missing = try BigQueryTableReference(projectID: fixture.project, datasetID: "ga4_test", tableID: "events_19990101")
            do {
                _ = try await client(fixture).createReadSession(billingProject: fixture.project, table: missing, snapshotTime: nil, maxStreamCount: 1)
                Issue.record("a session over a missing table was created")
            } catch {
                #expect(error.call == "CreateReadSession")
                #expect(error.resource == missing.resourceName)
                #expect(error.statusCode == .notFound)
            }
        }
    }
}
