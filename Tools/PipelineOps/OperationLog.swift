import Foundation

/// Where the tool says what it did: one line per action on standard output, so an operator (or a script)
/// sees exactly which messages, objects and invocations were touched.
final class OperationLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var lines: [String] = []
    let echo: Bool

    init(echo: Bool = true) {
        self.echo = echo
    }

    func say(_ line: String) {
        lock.withLock { lines.append(line) }
        if echo { print(line) }
    }
}

/// A failure the tool reports and exits non-zero on, naming what it was working on.
struct OperationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
