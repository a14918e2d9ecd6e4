/// One stream of a day whose read session is read by one invocation per stream: what the planning invocation
/// sends each stream's invocation (asynchronously), and what that invocation sends itself when it stops at the
/// deadline. The session and run tie it to the plan in S3: a task of a plan that was replaced does nothing.
struct ExportStreamTask: Codable, Sendable, Equatable, CustomStringConvertible {
    var day: ExportDay
    /// The table's `lastModifiedTime` the plan read.
    var run: Int64
    var session: String
    /// Index into the plan's streams.
    var index: Int

    var description: String { "\(day) stream \(index)" }
}
