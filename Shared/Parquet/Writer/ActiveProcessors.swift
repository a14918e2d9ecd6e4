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
        if let affinity = affinityCount() { count = min(count, affinity) }
        if let quota = cgroupQuota() { count = min(count, quota) }
        #endif
        return max(1, count)
    }()

    #if os(Linux)
    /// The processors in the affinity mask, from `Cpus_allowed` in /proc/self/status (a hex mask in
    /// comma-separated 32-bit groups); Glibc's module does not export `sched_getaffinity`.
    private static func affinityCount() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard line.hasPrefix("Cpus_allowed:") else { continue }
            var bits = 0
            for character in line.dropFirst("Cpus_allowed:".count) {
                if let digit = character.hexDigitValue { bits += digit.nonzeroBitCount }
            }
            return bits > 0 ? bits : nil
        }
        return nil
    }

    /// cgroup v2 `cpu.max` ("max 100000" or "<quota> <period>"), else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`
    /// (quota -1 when unlimited), as whole processors rounded up; nil when unlimited or unreadable.
    private static func cgroupQuota() -> Int? {
        if let line = firstLine("/sys/fs/cgroup/cpu.max") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
            return processors(quota: quota, period: period)
        }
        for directory in ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"] {
            if let quota = firstLine("\(directory)/cpu.cfs_quota_us").flatMap({ Int($0) }),
                let period = firstLine("\(directory)/cpu.cfs_period_us").flatMap({ Int($0) }) {
                return processors(quota: quota, period: period)
            }
        }
        return nil
    }

    private static func processors(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    private static func firstLine(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
    #endif
}
