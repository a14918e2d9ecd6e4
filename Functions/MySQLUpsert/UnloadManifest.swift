#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Redshift `UNLOAD ... MANIFEST [VERBOSE]` document: the part files of one unload, with their sizes and record
/// counts (VERBOSE adds them and the column schema).
struct UnloadManifest: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var bucket: String
        var key: String
        /// `meta.content_length` (VERBOSE): the part's size in bytes.
        var contentLength: Int64?
        /// `meta.record_count` (VERBOSE): lines in the part, header lines included.
        var recordCount: Int?
    }

    var entries: [Entry]
    /// Column names from `schema.elements[].name` (VERBOSE), in file order.
    var columnNames: [String]?

    /// Largest manifest read: an unload of a few thousand parts is far below it.
    static let maximumBytes = 16 << 20

    /// Whether a key is a manifest: Redshift writes it as `<name prefix>manifest`.
    static func isManifestKey(_ key: String) -> Bool {
        key.hasSuffix("manifest")
    }

    static func parse(_ bytes: [UInt8], location: String) throws(UnloadManifestError) -> UnloadManifest {
        guard bytes.count <= maximumBytes else {
            throw UnloadManifestError(location: location, problem: "the manifest has \(bytes.count) bytes, over the \(maximumBytes)-byte limit")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw UnloadManifestError(location: location, problem: "not an UNLOAD manifest (JSON with \"entries\": [{\"url\": ...}]): \(JSONDocumentProblem.describe(error))")
        }
        var entries: [Entry] = []
        var seen = Set<String>()
        for (index, entry) in document.entries.enumerated() {
            guard let (bucket, key) = Self.s3Location(entry.url) else {
                throw UnloadManifestError(location: location, problem: "entries[\(index)].url \"\(entry.url.prefix(200))\" is not s3://bucket/key")
            }
            guard seen.insert(entry.url).inserted else {
                throw UnloadManifestError(location: location, problem: "entries[\(index)].url \(entry.url) is listed twice")
            }
            if let length = entry.meta?.content_length, length < 0 {
                throw UnloadManifestError(location: location, problem: "entries[\(index)].meta.content_length is negative")
            }
            if let count = entry.meta?.record_count, count < 0 {
                throw UnloadManifestError(location: location, problem: "entries[\(index)].meta.record_count is negative")
            }
            entries.append(Entry(bucket: bucket, key: key, contentLength: entry.meta?.content_length, recordCount: entry.meta?.record_count))
        }
        let names = document.schema?.elements.map(\.name)
        if let names, names.isEmpty || names.contains(where: \.isEmpty) {
            throw UnloadManifestError(location: location, problem: "schema.elements has an empty column name")
        }
        return UnloadManifest(entries: entries, columnNames: names)
    }

    /// `s3://bucket/key` → (bucket, key); the key keeps its characters as written (UNLOAD does not encode them).
    static func s3Location(_ url: String) -> (String, String)? {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else { return nil }
        let key = rest[rest.index(after: slash)...]
        guard !key.isEmpty else { return nil }
        return (String(rest[..<slash]), String(key))
    }

    private struct Document: Decodable {
        struct Meta: Decodable {
            var content_length: Int64?
            var record_count: Int?
        }
        struct Item: Decodable {
            var url: String
            var meta: Meta?
        }
        struct Schema: Decodable {
            struct Element: Decodable { var name: String }
            var elements: [Element]
        }
        var entries: [Item]
        var schema: Schema?
    }
}

struct UnloadManifestError: Error, Equatable, CustomStringConvertible {
    let location: String
    let problem: String
    var description: String { "manifest \(location): \(problem)" }
}
