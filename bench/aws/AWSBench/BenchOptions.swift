/// What one benchmark run uploads, read from the command line. Endpoint, region and credentials come from the
/// environment (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...), the way a function reads them.
struct BenchOptions: Sendable {
    enum Phase: String, Sendable {
        /// Many objects below the multipart threshold, `concurrency` PutObjects in flight.
        case small
        /// Objects above the threshold, one after another, each in parts with `concurrency` parts in flight.
        case large
    }

    var phase: Phase
    var bucket: String
    /// The file every object of the run is uploaded from.
    var file: String
    var count: Int
    var keyPrefix: String
    var concurrency: Int
    var partSize: Int64
    var threshold: Int64

    static let usage = """
        usage: AWSBench --phase small|large --bucket NAME --file PATH --count N --prefix KEY-PREFIX
                        --concurrency N --part-size BYTES --threshold BYTES
        Endpoint, region and credentials are read from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY. Prints one JSON line with the figures of the run.
        """

    /// Parses `--name value` pairs; every option is required and named in the error when missing or wrong.
    init(arguments: [String]) throws(BenchOptionsError) {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), Self.names.contains(String(name.dropFirst(2))) else {
                throw .unknownOption(name)
            }
            guard index + 1 < arguments.count else { throw .missingValue(name) }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        func text(_ name: String) throws(BenchOptionsError) -> String {
            guard let value = values[name], !value.isEmpty else { throw .missingValue("--\(name)") }
            return value
        }
        func number(_ name: String, atLeast minimum: Int64) throws(BenchOptionsError) -> Int64 {
            let raw = try text(name)
            guard let value = Int64(raw), value >= minimum else {
                throw .invalidValue(option: "--\(name)", value: raw, reason: "expected a whole number of at least \(minimum)")
            }
            return value
        }
        let phaseText = try text("phase")
        guard let phase = Phase(rawValue: phaseText) else {
            throw .invalidValue(option: "--phase", value: phaseText, reason: "expected small or large")
        }
        self.phase = phase
        bucket = try text("bucket")
        file = try text("file")
        count = Int(try number("count", atLeast: 1))
        keyPrefix = try text("prefix")
        concurrency = Int(try number("concurrency", atLeast: 1))
        // S3 rejects parts under 5 MiB (all but the last).
        partSize = try number("part-size", atLeast: 5 << 20)
        threshold = try number("threshold", atLeast: 1)
    }

    private static let names: Set<String> = [
        "phase", "bucket", "file", "count", "prefix", "concurrency", "part-size", "threshold",
    ]
}

enum BenchOptionsError: Error, CustomStringConvertible {
    case unknownOption(String)
    case missingValue(String)
    case invalidValue(option: String, value: String, reason: String)

    var description: String {
        switch self {
        case .unknownOption(let name): return "unknown option \(name)"
        case .missingValue(let name): return "option \(name) needs a value"
        case .invalidValue(let option, let value, let reason): return "\(option) \(value) is invalid: \(reason)"
        }
    }
}
