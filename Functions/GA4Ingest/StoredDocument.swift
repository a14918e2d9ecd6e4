#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A small JSON document the function keeps in S3 between invocations (cursors, day states): written with sorted
/// keys, and read back with an error that names the object and says how to recover.
protocol StoredDocument: Codable {
    /// What the document is, for errors ("cursor", "export state").
    static var documentName: String { get }
    /// What an operator does with an unreadable one.
    static var recovery: String { get }
}

extension StoredDocument {
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    static func decode(_ data: Data, source: String) throws(GA4IngestError) -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch {
            throw GA4IngestError(.storage, "\(documentName) \(source) is not a \(documentName) document: \(error); \(recovery)")
        }
    }
}
