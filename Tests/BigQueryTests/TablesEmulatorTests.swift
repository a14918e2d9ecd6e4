import BigQuery
import Foundation
import HTTP
import Testing
import TestSupport

/// The REST client against bqemulator: tables.get of a GA4-shaped table, every page of tabledata.list
/// converted to Avro rows that fastavro decodes (with the derived schema) into the rows inserted.
extension BigQueryEmulatorTests {
    @Suite struct TablesEmulatorTests {
        func client(_ fixture: EmulatorFixture, pageSize: Int = 10_000) -> BigQueryTablesClient {
            BigQueryTablesClient(
                http: HTTPClient(), tokens: CountingTokenProvider(),
                configuration: .init(baseURL: fixture.restURL + "/bigquery/v2", pageSize: pageSize))
        }

        @Test func everyPageConvertsToAvroRowsEqualToTheSource() async throws {
            let fixture = try EmulatorFixture.make(rows: 250, seed: 3)
            defer { fixture.remove() }
            let tables = client(fixture, pageSize: 60)
            guard case .found(let table) = try await tables.table(fixture.table) else {
                Issue.record("the table was not found")
                return
            }
            #expect(table.numRows == 250)
            #expect(table.schema.fields.map(\.name).prefix(4) == ["event_date", "event_timestamp", "event_name", "event_params"])
            #expect(table.lastModifiedTime > 0)
            var rows: [UInt8] = []
            var pages = 0
            let total = try await tables.readAllRows(fixture.table, schema: table.schema) { page in
                #expect(page.block.offset == Int64(pages * 60))
                rows += page.block.rows
                pages += 1
            }
            #expect(total == 250)
            #expect(pages == 5)
            let schema = try AvroSchemaJSON.make(table.schema)
            #expect(try fixture.checkAvro(schema: schema, rows: rows, name: "rest") == "250 rows equal")
        }

        @Test func aTableThatDoesNotExistIsNotExportedYet() async throws {
            let fixture = try EmulatorFixture.make(rows: 1)
            defer { fixture.remove() }
            let missing = try BigQueryTableReference(projectID: fixture.project, datasetID: "ga4_test", tableID: "events_20991231")
            #expect(try await client(fixture).table(missing) == .notExportedYet(missing))
        }
    }
}
