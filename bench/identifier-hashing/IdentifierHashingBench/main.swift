// Normalize + hash benchmark for the Clean Rooms identifier table: one email and one phone number per row through
// `IdentifierHasher.hashRow`, as the export writer calls it. Prints one JSON line.
//
//   IdentifierHashingBench <rows.tsv> [repeats] [hmac]
//
// rows.tsv holds "email<TAB>phone" per line (scripts/identifier_hashing/bench_data.py). The file is read before
// the clock starts; the best of `repeats` passes is reported, with a checksum of the hashes so both sides can be
// compared.
import Foundation
import IdentifierHashing

#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds of this process: on a shared machine steadier than wall time.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: IdentifierHashingBench <rows.tsv> [repeats] [hmac]\n".utf8))
    exit(2)
}
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let useHMAC = arguments.count > 3 && arguments[3] == "hmac"

let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
var rows: [[String?]] = []
for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
    let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
    rows.append([String(parts[0]), parts.count > 1 ? String(parts[1]) : nil])
}

let configuration = try IdentifierHashingConfiguration(
    ruleSet: .standard, hashEncoding: .hex, usesHMAC: useHMAC, defaultPhoneRegion: "US",
    fields: [
        IdentifierField(column: "email_sha256", kind: .email, source: .eventParam(key: "email")),
        IdentifierField(column: "phone_sha256", kind: .phone, source: .eventParam(key: "phone")),
    ])
let key = useHMAC ? try HMACKey(bytes: Array(repeating: UInt8(ascii: "0"), count: 32)) : nil
let hasher = try IdentifierHasher(configuration: configuration, hmacKey: key)

var best = Double.infinity
var bestCPU = Double.infinity
var checksum: UInt64 = 0
var tally = hasher.makeTally()
for _ in 0..<repeats {
    var row = hasher.makeRow()
    var passTally = hasher.makeTally()
    var sum: UInt64 = 0
    let start = ContinuousClock.now
    let startCPU = cpuSeconds()
    for values in rows {
        hasher.hashRow(values, into: &row, tally: &passTally)
        // Touch every result so nothing is optimized away: the first hex digit of each hash.
        for value in row.values {
            if let first = value?.utf8.first { sum &+= UInt64(first) }
        }
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    best = min(best, seconds)
    bestCPU = min(bestCPU, cpuSeconds() - startCPU)
    checksum = sum
    tally = passTally
}
let hashed = tally.fields.map(\.hashed).reduce(0, +)
let refused = tally.fields.map(\.refused).reduce(0, +)
print(#"{"implementation":"Swift IdentifierHasher\#(useHMAC ? " (HMAC)" : "")","rows":\#(rows.count),"hashed":\#(hashed),"refused":\#(refused),"checksum":\#(checksum),"seconds":\#(best),"cpuSeconds":\#(bestCPU)}"#)
