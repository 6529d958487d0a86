import Testing
@testable import SyncWorker

@Suite struct GapGuardTests {
    func records(_ partition: Int32, _ offsets: [Int64]) -> [InputRecord] {
        offsets.map { InputRecord(partition: partition, offset: $0, key: nil, value: Array("\($0)".utf8)) }
    }

    @Test func recordsThatContinueWhereExpectedAndRedeliveriesAreKept() {
        var guardian = GapGuard()
        let batch = records(0, [8, 9, 10, 11]) + records(1, [0, 1])
        let checked = guardian.check(batch, expected: [0: 10, 1: 0])
        #expect(checked.kept == batch)
        #expect(checked.rewind.isEmpty)
    }

    @Test func aPartitionStartingPastItsExpectedOffsetIsReadAgainFromThereAndOthersGoOn() {
        var guardian = GapGuard()
        let checked = guardian.check(records(0, [15, 16]) + records(1, [4, 5]), expected: [0: 10, 1: 4])
        #expect(checked.kept == records(1, [4, 5]))
        #expect(checked.rewind == [0: 10])
    }

    @Test func aGapInTheMiddleKeepsWhatCameBeforeItAndRewindsToTheFirstMissingOffset() {
        var guardian = GapGuard()
        let checked = guardian.check(records(2, [10, 11, 14, 15, 12]), expected: [2: 10])
        #expect(checked.kept == records(2, [10, 11]))
        #expect(checked.rewind == [2: 12])
    }

    @Test func aPartitionWithoutExpectationStartsAnywhereThenMustContinue() {
        var guardian = GapGuard()
        let checked = guardian.check(records(3, [40, 41, 43]), expected: [:])
        #expect(checked.kept == records(3, [40, 41]))
        #expect(checked.rewind == [3: 42])
    }

    @Test func theSameGapRightAfterARewindIsRealAndAcceptedOnceOnlyThere() {
        var guardian = GapGuard()
        #expect(guardian.check(records(0, [13]), expected: [0: 10]).rewind == [0: 10])
        guardian.sought(partition: 0, to: 10)
        // Offsets 10-12 never come (transaction markers, say): the next poll starts at 13 again.
        let again = guardian.check(records(0, [13, 14]), expected: [0: 10])
        #expect(again.kept == records(0, [13, 14]))
        #expect(again.rewind.isEmpty)
        // Accepted once: a later gap at the same offset is chased again, and so is one elsewhere.
        #expect(guardian.check(records(0, [13]), expected: [0: 10]).rewind == [0: 10])
        guardian.sought(partition: 0, to: 10)
        #expect(guardian.check(records(0, [20]), expected: [0: 15]).rewind == [0: 15])
    }
}
