import Foundation
import Testing

/// Test inputs: fixtures bundled with the tests, and the sample events in the repository's `events/`.
enum TestData {
    static func fixture(_ name: String) throws -> Data {
        let directory = try #require(Bundle.module.resourceURL, "test bundle has no resources")
        return try Data(contentsOf: directory.appendingPathComponent("Fixtures").appendingPathComponent(name))
    }

    static var sampleEventsDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // LambdaEventsTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("events")
    }

    static func sampleEvent(_ name: String) throws -> Data {
        try Data(contentsOf: sampleEventsDirectory.appendingPathComponent(name))
    }

    static func json(_ text: String) -> Data {
        Data(text.utf8)
    }

    /// The JSON object a Kinesis record carries, decoded for assertions.
    static func jsonObject(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
