import Foundation
import GA4

/// The fake and the emulator take any bearer token.
struct AnyToken: AccessTokenProvider {
    func accessToken() async throws(GA4Error) -> AccessToken { AccessToken(value: "bench-token", expiresAt: Date().addingTimeInterval(3600)) }
    func invalidate(_ token: AccessToken) async {}
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kilobytes / 1024
}

/// User + system CPU seconds of this process: the client's cost when the server sets the pace.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ elapsed: Duration) -> Double {
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
