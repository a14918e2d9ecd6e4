import MySQL
import Synchronization

/// Remembers, for the life of the container, that the server refused the staged upsert (LOAD DATA LOCAL): later
/// files and invocations go straight to multi-row statements instead of asking again for every file. The reason is
/// logged once.
final class StagedMethodFallback: Sendable {
    private let state = Mutex<(reason: String?, logged: Bool)>((nil, false))

    /// The method to use now, given the configured one.
    func method(configured: UpsertMethod) -> UpsertMethod {
        state.withLock { $0.reason == nil } ? configured : .onDuplicateKeyUpdate
    }

    /// A writer left the staged method: keep the first reason.
    func record(_ reason: String) {
        state.withLock { if $0.reason == nil { $0.reason = reason } }
    }

    /// The reason, the first time it is asked for after it was recorded (for the one log line); nil after that.
    func reasonToLog() -> String? {
        state.withLock { state in
            guard let reason = state.reason, !state.logged else { return nil }
            state.logged = true
            return reason
        }
    }
}
