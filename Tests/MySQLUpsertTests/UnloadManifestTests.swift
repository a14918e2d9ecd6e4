import Testing

@testable import MySQLUpsert

@Suite struct UnloadManifestTests {
    @Test func theDocumentedVerboseManifestIsRead() throws {
        // The shape of Redshift's UNLOAD ... MANIFEST VERBOSE example.
        let text = """
            {"entries":[{"url":"s3://mybucket/unload/venue_pipe_0000_part_00","meta":{"content_length":32295,"record_count":10}},
                        {"url":"s3://mybucket/unload/venue_pipe_0001_part_00","meta":{"content_length":32771,"record_count":20}}],
             "schema":{"elements":[{"name":"venueid","type":{"base":"integer"}},{"name":"venuename","type":{"base":"character varying","max_length":100}}]},
             "meta":{"content_length":65066,"record_count":30},"author":{"name":"Amazon Redshift","version":"1.0.0"}}
            """
        let manifest = try UnloadManifest.parse(Array(text.utf8), location: "s3://mybucket/unload/venue_pipe_manifest")
        #expect(manifest.entries.map(\.key) == ["unload/venue_pipe_0000_part_00", "unload/venue_pipe_0001_part_00"])
        #expect(manifest.entries.map(\.bucket) == ["mybucket", "mybucket"])
        #expect(manifest.entries.map(\.recordCount) == [10, 20])
        #expect(manifest.entries.map(\.contentLength) == [32295, 32771])
        #expect(manifest.columnNames == ["venueid", "venuename"])
    }

    @Test func aPlainManifestHasNoMeta() throws {
        let manifest = try UnloadManifest.parse(Array(#"{"entries":[{"url":"s3://b/u/0000_part_00.gz"}]}"#.utf8), location: "m")
        #expect(manifest.entries == [UnloadManifest.Entry(bucket: "b", key: "u/0000_part_00.gz", contentLength: nil, recordCount: nil)])
        #expect(manifest.columnNames == nil)
    }

    @Test(arguments: [
        (#"{"entries":[{"url":"https://b/k"}]}"#, "is not s3://bucket/key"),
        (#"{"entries":[{"url":"s3://b/"}]}"#, "is not s3://bucket/key"),
        (#"{"entries":[{"url":"s3://b/k"},{"url":"s3://b/k"}]}"#, "is listed twice"),
        (#"{"entries":[{"url":"s3://b/k","meta":{"record_count":-1}}]}"#, "record_count is negative"),
        (#"{"files":[]}"#, "not an UNLOAD manifest"),
        ("not json", "not an UNLOAD manifest"),
    ])
    func badManifestsAreRefused(text: String, expected: String) {
        do {
            _ = try UnloadManifest.parse(Array(text.utf8), location: "s3://b/manifest")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.hasPrefix("manifest s3://b/manifest"))
        }
    }

    @Test func manifestKeysAreToldFromParts() {
        #expect(UnloadManifest.isManifestKey("unload/orders/manifest"))
        #expect(UnloadManifest.isManifestKey("unload/orders/venue_pipe_manifest"))
        #expect(!UnloadManifest.isManifestKey("unload/orders/0000_part_00.gz"))
    }
}
