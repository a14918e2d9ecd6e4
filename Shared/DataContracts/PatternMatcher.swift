/// A contract `pattern` (ECMA-262) compiled once (a class, so optional fields holding it stay one pointer
/// wide and need no runtime layout queries per cell). The shapes contracts use almost always (anchors, literal
/// characters, character classes, `\d \w \s .`, and quantifiers `? * + {n} {n,} {n,m}`) run on a small
/// byte-level matcher; anything else (groups, alternation, look-around, back-references) falls back to Swift
/// `Regex`, still compiled once. A `Regex` per cell is ~50x slower than a byte check (reference §4.1).
///
/// Decision (reference §1.2): search semantics as datacontract-cli (`re_search`): a pattern without `^`/`$`
/// matches anywhere in the value; write `^…$` for whole-value patterns.
public final class PatternMatcher: @unchecked Sendable {
    public let source: String
    /// Values with non-ASCII bytes go to Regex even for simple patterns, so `.` and `{n}` count characters.
    private let fallback: Regex<AnyRegexOutput>

    /// How values are matched, as plain values (no enum with a reference inside to copy per cell).
    private enum Program: UInt8 {
        /// The byte matcher with backtracking, anchored as `anchoredStart` / `anchoredEnd` say.
        case simple
        /// `^…$` with every step repeated a fixed number of times (`^ORD-[0-9]{8}$`): the value's length is
        /// `fixedLength` and each byte is checked against its step, no backtracking.
        case fixedWhole
        /// Swift `Regex` (`fallback`) for everything else.
        case regex
    }
    private let program: Program
    private let anchoredStart: Bool
    private let anchoredEnd: Bool
    private let fixedLength: Int

    /// The byte matcher's steps, allocated once: plain values, so matching a cell touches no reference count.
    private let steps: UnsafeMutableBufferPointer<Step>
    /// For `fixedWhole` patterns whose every class is one range of bytes (`ORD-`, `[0-9]`, `[A-Z]`): per position
    /// of the value, the lowest byte accepted and how far above it the range reaches, so a value is checked
    /// with one subtraction and compare per byte and no branch until the end (nil otherwise).
    private let fixedRanges: UnsafeMutableBufferPointer<(low: UInt8, span: UInt8)>?

    struct Step {
        /// Bytes this step accepts (ASCII classes; a non-ASCII literal is several one-byte steps).
        var accepts: ByteSet
        var min: Int
        var max: Int
    }

    /// 256 flags as four words.
    struct ByteSet {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        init(_ flags: [Bool]) {
            for (byte, flag) in flags.enumerated() where flag {
                let bit = UInt64(1) << UInt64(byte & 63)
                switch byte >> 6 {
                case 0: words.0 |= bit
                case 1: words.1 |= bit
                case 2: words.2 |= bit
                default: words.3 |= bit
                }
            }
        }

        /// The one run of consecutive bytes the set holds, as (lowest, highest − lowest); nil when it holds none
        /// or several runs.
        var range: (low: UInt8, span: UInt8)? {
            let members = (0...255).filter { contains(UInt8($0)) }
            guard let first = members.first, let last = members.last, last - first + 1 == members.count else { return nil }
            return (UInt8(first), UInt8(last - first))
        }

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            let word = switch byte >> 6 {
            case 0: words.0
            case 1: words.1
            case 2: words.2
            default: words.3
            }
            return word & (UInt64(1) << UInt64(byte & 63)) != 0
        }
    }

    public struct InvalidPattern: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ source: String) throws {
        self.source = source
        do {
            fallback = try Regex(source)
        } catch {
            throw InvalidPattern(description: "pattern \(source) does not compile: \(error)")
        }
        let simple = Self.compileSimple(Array(source.utf8))
        steps = .allocate(capacity: simple?.steps.count ?? 0)
        _ = steps.initialize(from: simple?.steps ?? [])
        anchoredStart = simple?.start ?? false
        anchoredEnd = simple?.end ?? false
        fixedLength = simple?.steps.reduce(0) { $0 + $1.min } ?? 0
        if let simple, simple.start && simple.end && simple.steps.allSatisfy({ $0.min == $0.max }) {
            program = .fixedWhole
        } else {
            program = simple == nil ? .regex : .simple
        }
        let ranges = program == .fixedWhole ? simple?.steps.map { $0.accepts.range } : nil
        if let ranges, !ranges.contains(where: { $0 == nil }), let simple {
            let positions = zip(ranges, simple.steps).flatMap { range, step in Array(repeating: range!, count: step.min) }
            let buffer = UnsafeMutableBufferPointer<(low: UInt8, span: UInt8)>.allocate(capacity: positions.count)
            _ = buffer.initialize(from: positions)
            fixedRanges = buffer
        } else {
            fixedRanges = nil
        }
    }

    deinit {
        steps.deallocate()
        fixedRanges?.deallocate()
    }

    /// True when the matcher runs without a regex engine (for the report and tests).
    public var isByteMatcher: Bool {
        program != .regex
    }

    public func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch program {
        case .fixedWhole:
            // Every step accepts ASCII bytes only, so a value that passes is ASCII and the byte check is the
            // answer; one that fails may still match as characters when it holds non-ASCII bytes.
            if value.count == fixedLength && matchesFixed(value) { return true }
            if value.contains(where: { $0 >= 0x80 }) {
                return (try? fallback.firstMatch(in: String(decoding: value, as: UTF8.self))) != nil
            }
            return false
        case .simple:
            if value.contains(where: { $0 >= 0x80 }) {
                return (try? fallback.firstMatch(in: String(decoding: value, as: UTF8.self))) != nil
            }
            let steps = UnsafeBufferPointer(steps)
            if anchoredStart { return Self.match(steps, 0, value, 0, anchoredEnd) }
            for start in 0...value.count where Self.match(steps, 0, value, start, anchoredEnd) { return true }
            return false
        case .regex:
            return (try? fallback.firstMatch(in: String(decoding: value, as: UTF8.self))) != nil
        }
    }

    public func matches(_ value: String) -> Bool {
        var copy = value
        return copy.withUTF8 { matches($0) }
    }

    /// True when the value matches a whole-value pattern of one byte range per position (`fixedRanges`), checked
    /// inline; false when `matches` must answer (another shape, another length, or a byte outside a range).
    @inline(__always)
    func matchesByRanges(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let ranges = fixedRanges, value.count == ranges.count, let base = value.baseAddress else { return false }
        var outside: UInt8 = 0
        for position in 0..<ranges.count {
            let range = ranges[position]
            outside |= base[position] &- range.low > range.span ? 1 : 0
        }
        return outside == 0
    }

    /// The bytes of a value of exactly the pattern's length against its fixed-count steps.
    @inline(__always)
    private func matchesFixed(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let ranges = fixedRanges, let base = value.baseAddress {
            var outside: UInt8 = 0
            for position in 0..<ranges.count {
                let range = ranges[position]
                outside |= base[position] &- range.low > range.span ? 1 : 0
            }
            return outside == 0
        }
        var position = 0
        for step in UnsafeBufferPointer(steps) {
            for _ in 0..<step.min {
                guard step.accepts.contains(value[position]) else { return false }
                position += 1
            }
        }
        return true
    }

    /// Greedy match with backtracking over quantified steps; patterns are short, values are cells.
    private static func match(_ steps: UnsafeBufferPointer<Step>, _ index: Int, _ value: UnsafeBufferPointer<UInt8>, _ position: Int, _ anchoredEnd: Bool) -> Bool {
        if index == steps.count { return !anchoredEnd || position == value.count }
        let step = steps[index]
        var count = 0
        while count < step.max && position + count < value.count && step.accepts.contains(value[position + count]) { count += 1 }
        if count < step.min { return false }
        while count >= step.min {
            if match(steps, index + 1, value, position + count, anchoredEnd) { return true }
            count -= 1
        }
        return false
    }

    private static func compileSimple(_ bytes: [UInt8]) -> (steps: [Step], start: Bool, end: Bool)? {
        var i = 0
        var start = false, end = false
        if bytes.first == UInt8(ascii: "^") { start = true; i = 1 }
        var steps: [Step] = []
        while i < bytes.count {
            let byte = bytes[i]
            var accepts = [Bool](repeating: false, count: 256)
            switch byte {
            case UInt8(ascii: "$"):
                guard i == bytes.count - 1 else { return nil }
                end = true
                i += 1
                continue
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                return nil
            case UInt8(ascii: "."):
                for b in 0..<256 where b != 0x0A && b != 0x0D && b < 0x80 { accepts[b] = true }
                i += 1
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count, let set = escapeClass(bytes[i + 1]) else { return nil }
                accepts = set
                i += 2
            case UInt8(ascii: "["):
                guard let (set, next) = parseClass(bytes, i + 1) else { return nil }
                accepts = set
                i = next
            default:
                guard byte < 0x80 else { return nil }  // non-ASCII literals: leave to Regex (character semantics)
                accepts[Int(byte)] = true
                i += 1
            }
            var min = 1, max = 1
            if i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "?"): min = 0; i += 1
                case UInt8(ascii: "*"): min = 0; max = Int.max; i += 1
                case UInt8(ascii: "+"): max = Int.max; i += 1
                case UInt8(ascii: "{"):
                    guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                    let inside = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                    let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
                    guard parts.count <= 2, let low = Int(parts[0]) else { return nil }
                    min = low
                    max = parts.count == 1 ? low : (parts[1].isEmpty ? Int.max : (Int(parts[1]) ?? -1))
                    guard max >= min else { return nil }
                    i = close + 1
                default: break
                }
                if i < bytes.count, bytes[i] == UInt8(ascii: "?") || bytes[i] == UInt8(ascii: "+") { return nil }  // lazy/possessive
            }
            steps.append(Step(accepts: ByteSet(accepts), min: min, max: max))
        }
        return (steps, start, end)
    }

    private static func escapeClass(_ byte: UInt8) -> [Bool]? {
        var set = [Bool](repeating: false, count: 256)
        switch byte {
        case UInt8(ascii: "d"): for b in UInt8(ascii: "0")...UInt8(ascii: "9") { set[Int(b)] = true }
        case UInt8(ascii: "w"):
            for b in UInt8(ascii: "0")...UInt8(ascii: "9") { set[Int(b)] = true }
            for b in UInt8(ascii: "a")...UInt8(ascii: "z") { set[Int(b)] = true }
            for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { set[Int(b)] = true }
            set[Int(UInt8(ascii: "_"))] = true
        case UInt8(ascii: "s"): for b in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { set[b] = true }
        case UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "S"), UInt8(ascii: "b"), UInt8(ascii: "B"): return nil
        default:
            guard byte < 0x80, !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            set[Int(byte)] = true
        }
        return set
    }

    /// `[...]` with ranges, escapes and negation (negation only over ASCII; non-ASCII values then fail it
    /// byte by byte, so negated classes with non-ASCII input go to Regex).
    private static func parseClass(_ bytes: [UInt8], _ from: Int) -> ([Bool], Int)? {
        var set = [Bool](repeating: false, count: 256)
        var i = from
        var negate = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        if negate { return nil }
        var first = true
        while i < bytes.count {
            var byte = bytes[i]
            if byte == UInt8(ascii: "]") && !first { return (set, i + 1) }
            first = false
            if byte == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return nil }
                let next = bytes[i + 1]
                if next == UInt8(ascii: "d") || next == UInt8(ascii: "w") || next == UInt8(ascii: "s"), let escaped = escapeClass(next) {
                    for b in 0..<256 where escaped[b] { set[b] = true }
                    i += 2
                    continue
                }
                byte = bytes[i + 1]
                i += 1
            }
            guard byte < 0x80 else { return nil }
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]") {
                let high = bytes[i + 2]
                guard high < 0x80, high >= byte, high != UInt8(ascii: "\\") else { return nil }
                for b in byte...high { set[Int(b)] = true }
                i += 3
            } else {
                set[Int(byte)] = true
                i += 1
            }
        }
        return nil
    }
}
