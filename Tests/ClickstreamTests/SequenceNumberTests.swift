import Testing

@testable import Clickstream

struct SequenceNumberTests {
    @Test func ordersNumericallyNotByText() throws {
        let small = try #require(SequenceNumber("9"))
        let large = try #require(SequenceNumber("10"))
        let huge = try #require(SequenceNumber(String(repeating: "9", count: 128)))
        #expect(small < large)
        #expect(large < huge)
        #expect([huge, small, large].sorted() == [small, large, huge])
    }

    @Test(arguments: ["", "01", "12a", "-1", " 1", String(repeating: "1", count: 129)])
    func rejectsWhatIsNotASequenceNumber(text: String) {
        #expect(SequenceNumber(text) == nil)
    }

    @Test func shardIDsAreCheckedBeforeTheyReachAKey() {
        #expect(ShardID.isValid("shardId-000000000000"))
        #expect(!ShardID.isValid("shardId/../x"))
        #expect(!ShardID.isValid(".hidden"))
        #expect(!ShardID.isValid("a'b"))
        #expect(!ShardID.isValid(""))
    }
}
