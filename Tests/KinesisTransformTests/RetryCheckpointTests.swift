import Clickstream
import Testing

@testable import KinesisTransform

struct RetryCheckpointTests {
    func outcome(_ first: Int, _ last: Int, written: Bool) -> RetryCheckpoint.Outcome {
        RetryCheckpoint.Outcome(first: SequenceNumber(String(first))!, last: SequenceNumber(String(last))!, written: written)
    }

    @Test func nothingToReportWhenEverythingWasWritten() {
        #expect(RetryCheckpoint.checkpoint([outcome(1, 5, written: true), outcome(2, 9, written: true)]) == nil)
    }

    @Test func consecutiveHoursReDeliverOnlyFromTheFailedHour() {
        // Hour 10 holds records 1…5, hour 11 records 6…9; hour 11 failed.
        #expect(RetryCheckpoint.checkpoint([outcome(1, 5, written: true), outcome(6, 9, written: false)])?.text == "6")
    }

    @Test func aWrittenGroupReachingPastTheFailureLowersTheCheckpointToItsStart() {
        // Interleaved hours: A holds 1,3,5,7; B holds 2,4,6 and failed. Re-delivering from 2 would write 3,5,7 of A
        // again under a key starting at 3, so the checkpoint falls back to A's start.
        #expect(RetryCheckpoint.checkpoint([outcome(1, 7, written: true), outcome(2, 6, written: false)])?.text == "1")
    }

    @Test func loweringRepeatsUntilNoWrittenGroupStraddles() {
        // C (5…9) failed; B (3…6) straddles 5 → 3; A (1…4) straddles 3 → 1; D (10…12) is after the checkpoint.
        let outcomes = [outcome(1, 4, written: true), outcome(3, 6, written: true), outcome(5, 9, written: false),
                        outcome(10, 12, written: true)]
        #expect(RetryCheckpoint.checkpoint(outcomes)?.text == "1")
    }

    @Test func theSmallestFailedGroupWins() {
        let outcomes = [outcome(1, 2, written: true), outcome(7, 8, written: false), outcome(3, 4, written: false)]
        #expect(RetryCheckpoint.checkpoint(outcomes)?.text == "3")
    }

    @Test func sequenceNumbersCompareNumerically() {
        let outcomes = [outcome(9, 9, written: true), outcome(10, 12, written: false)]
        #expect(RetryCheckpoint.checkpoint(outcomes)?.text == "10")
    }
}
