import Foundation

/// Locations of the shared test data, relative to the project root (the reference notes live beside it).
enum TestPaths {
    static let projectRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = projectRoot.deletingLastPathComponent().appending(path: "shared")
    static let sigV4Suite = shared.appending(path: "testdata/sigv4")
    static let awsReference = shared.appending(path: "reference/aws-apis-and-sigv4.md")

    static func text(_ url: URL) throws -> String { try String(decoding: Data(contentsOf: url), as: UTF8.self) }
}
