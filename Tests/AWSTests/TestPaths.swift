import Foundation

/// Locations of the signer's test vectors: the AWS SigV4 test suite and the signed request captures
/// (botocore and the AWS documentation), kept under Fixtures/ as data.
enum TestPaths {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    static let sigV4Suite = fixtures.appending(path: "sigv4")
    static let awsReference = fixtures.appending(path: "signed-captures.md")

    static func text(_ url: URL) throws -> String { try String(decoding: Data(contentsOf: url), as: UTF8.self) }
}
