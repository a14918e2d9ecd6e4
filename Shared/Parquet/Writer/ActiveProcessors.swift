#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many processors this process may actually run on: the online processors, narrowed on Linux by the
/// CPU affinity mask and by a cgroup CPU quota (rounded up). A container or a Lambda sandbox often shows every
/// processor of the host while its quota allows fewer, and more encoding threads than the quota only adds
/// switching.
enum ActiveProcessors {
    static let count: Int = {
        var count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #if os(Linux)
        if let affinity = lines("/proc/self/status").lazy.compactMap(allowedProcessors(statusLine:)).first {
            count = min(count, affinity)
        }
        if let quota = cgroupQuota() { count = min(count, quota) }
        #endif
        return max(1, count)
    }()

    /// The processors in the affinity mask from the `Cpus_allowed:` line of /proc/self/status (a hex mask in
    /// comma-separated 32-bit groups); nil for any other line. Glibc's module does not export
    /// `sched_getaffinity`, so the mask is read from there.
    static func allowedProcessors(statusLine line: String) -> Int? {
        guard line.hasPrefix("Cpus_allowed:") else { return nil }
        var bits = 0
        for character in line.dropFirst("Cpus_allowed:".count) {
            if let digit = character.hexDigitValue { bits += digit.nonzeroBitCount }
        }
        return bits > 0 ? bits : nil
    }

    /// Whole processors (rounded up) that a cgroup v2 `cpu.max` line allows: "max 100000" (nil, no limit) or
    /// "<quota> <period>".
    static func processors(cpuMax line: String) -> Int? {
        let fields = line.split(separator: " ")
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
        return processors(quota: quota, period: period)
    }

    /// Whole processors (rounded up) for a CFS quota and period; nil when the quota is unlimited (-1).
    static func processors(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// cgroup v2 `cpu.max`, else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`, as seen from inside the
    /// process's cgroup namespace.
    private static func cgroupQuota() -> Int? {
        if let line = lines("/sys/fs/cgroup/cpu.max").first { return processors(cpuMax: line) }
        for directory in ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"] {
            if let quota = lines("\(directory)/cpu.cfs_quota_us").first.flatMap({ Int($0) }),
                let period = lines("\(directory)/cpu.cfs_period_us").first.flatMap({ Int($0) }) {
                return processors(quota: quota, period: period)
            }
        }
        return nil
    }

    /// The lines of a small text file; empty when it cannot be read.
    private static func lines(_ path: String) -> [String] {
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        var result: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            result.append(String(decoding: buffer.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return result
    }
}
