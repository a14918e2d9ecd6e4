#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time for deadlines and log timestamps, without Foundation's formatters.
enum WallClock {
    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-23T10:30:45.586Z`, as Lambda's JSON logs use.
    static func rfc3339(milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(milliseconds % 1000)
        var out = ""
        out.reserveCapacity(24)
        append(&out, Int(parts.tm_year) + 1900, width: 4)
        out += "-"
        append(&out, Int(parts.tm_mon) + 1, width: 2)
        out += "-"
        append(&out, Int(parts.tm_mday), width: 2)
        out += "T"
        append(&out, Int(parts.tm_hour), width: 2)
        out += ":"
        append(&out, Int(parts.tm_min), width: 2)
        out += ":"
        append(&out, Int(parts.tm_sec), width: 2)
        out += "."
        append(&out, millis, width: 3)
        out += "Z"
        return out
    }

    private static func append(_ out: inout String, _ value: Int, width: Int) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }
}
