import Foundation

/// Where the integration tests find the package, its binaries and the local services.
public enum TestEnvironment {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// True under `make test`, where every service must be present: a missing one fails the test.
    public static var servicesRequired: Bool {
        ProcessInfo.processInfo.environment["PIPELINE_REQUIRE_SERVICES"] == "1"
    }

    /// The value of a service variable; nil when absent (the test is then skipped, unless required).
    public static func service(_ name: String) -> String? {
        let value = ProcessInfo.processInfo.environment[name]
        return value?.isEmpty == false ? value : nil
    }

    /// For `.enabled(if:)`: run when the service is configured, or when services are required (so a missing
    /// one fails loudly instead of silently skipping).
    public static func available(_ names: String...) -> Bool {
        servicesRequired || names.allSatisfy { service($0) != nil }
    }

    /// A debug-built executable of this package.
    public static func builtProduct(_ name: String) -> URL {
        if let override = ProcessInfo.processInfo.environment["PIPELINE_BIN_DIR"] {
            return URL(fileURLWithPath: override).appendingPathComponent(name)
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    public static func freePort() throws -> Int {
        let server = try LoopbackHTTPServer { _ in .drop }
        defer { server.stop() }
        return server.port
    }
}

public struct MissingService: Error, CustomStringConvertible {
    public let description: String
    public init(_ name: String) {
        description = "\(name) is not set: run the tests through `make test` (scripts/run-with-services.sh)"
    }
}

extension TestEnvironment {
    /// The service's value, or a clear failure naming what to run.
    public static func require(_ name: String) throws -> String {
        guard let value = service(name) else { throw MissingService(name) }
        return value
    }
}
