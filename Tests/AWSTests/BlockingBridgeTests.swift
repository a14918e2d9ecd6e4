import Testing

@testable import AWS

@Suite struct BlockingBridgeTests {
    struct Failure: Error, Equatable { let code: Int }

    @Test func blockingWorkRunsOffThePoolAndWaitsForAsyncWork() async throws {
        // The blocking side waits for several async operations in turn; the pool stays free to run them.
        let total = try await BlockingBridge.run { () throws -> Int in
            var sum = 0
            for value in 1...20 {
                sum += try BlockingBridge.wait { () async throws(Failure) -> Int in
                    try? await Task.sleep(for: .milliseconds(1))
                    return value
                }
            }
            return sum
        }
        #expect(total == 210)
    }

    @Test func errorsCrossInBothDirections() async {
        await #expect(throws: Failure(code: 7)) {
            try await BlockingBridge.run { () throws -> Int in
                try BlockingBridge.wait { () async throws(Failure) -> Int in throw Failure(code: 7) }
            }
        }
    }

    @Test func manyBlockingJobsAtOnce() async throws {
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<16 {
                group.addTask { try await BlockingBridge.run { index * index } }
            }
            return try await group.reduce(0, +)
        }
        #expect(results == (0..<16).map { $0 * $0 }.reduce(0, +))
    }
}
