#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Parquet

@Suite struct ActiveProcessorsTests {
    @Test func countsAtLeastOneAndNoMoreThanAreOnline() {
        #expect(ActiveProcessors.count >= 1)
        #expect(ActiveProcessors.count <= Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #expect(ParquetWriterOptions().encodingThreads == ActiveProcessors.count)
    }
}

@Suite struct ActiveProcessorsParsingTests {
    @Test func readsTheAffinityMask() {
        #expect(ActiveProcessors.allowedProcessors(statusLine: "Cpus_allowed:\t3") == 2)
        #expect(ActiveProcessors.allowedProcessors(statusLine: "Cpus_allowed:\tff,ffffffff") == 40)
        #expect(ActiveProcessors.allowedProcessors(statusLine: "Cpus_allowed:\t00000000,00000010") == 1)
        #expect(ActiveProcessors.allowedProcessors(statusLine: "Cpus_allowed_list:\t0-1") == nil)
        #expect(ActiveProcessors.allowedProcessors(statusLine: "VmRSS:\t100 kB") == nil)
    }

    @Test func roundsACgroupQuotaUpToWholeProcessors() {
        #expect(ActiveProcessors.processors(cpuMax: "max 100000") == nil)
        #expect(ActiveProcessors.processors(cpuMax: "200000 100000") == 2)
        #expect(ActiveProcessors.processors(cpuMax: "50000 100000") == 1)
        #expect(ActiveProcessors.processors(cpuMax: "150000 100000") == 2)
        #expect(ActiveProcessors.processors(cpuMax: "garbage") == nil)
        #expect(ActiveProcessors.processors(quota: -1, period: 100_000) == nil)
    }
}
