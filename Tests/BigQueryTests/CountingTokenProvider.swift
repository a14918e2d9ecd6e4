import Foundation
import GA4
import Synchronization

/// Hands out tokens and records invalidations: tests check that a refused token is replaced once.
final class CountingTokenProvider: AccessTokenProvider {
    private let state = Mutex<(issued: Int, invalidated: [String])>((0, []))
    let prefix: String

    init(prefix: String = "test-token") { self.prefix = prefix }

    var invalidated: [String] { state.withLock { $0.invalidated } }

    func accessToken() async throws(GA4Error) -> AccessToken {
        let value = state.withLock { state in
            state.issued += 1
            return state.invalidated.isEmpty ? prefix : "\(prefix)-\(state.invalidated.count)"
        }
        return AccessToken(value: value, expiresAt: Date().addingTimeInterval(3600))
    }

    func invalidate(_ token: AccessToken) async {
        state.withLock { $0.invalidated.append(token.value) }
    }
}
