import GA4

/// A POSIX TZ rule such as `PST8PDT,M3.2.0,M11.1.0` (the footer of a TZif file): standard and daylight
/// offsets and the yearly switch dates. Offsets in the text count west of UTC; here they are stored east.
struct PosixTimeZoneRule: Sendable, Equatable {
    enum Day: Sendable, Equatable {
        /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
        /// `Jn`: day 1…365, February 29 never counted.
        case julianNoLeap(Int)
        /// `n`: day 0…365, February 29 counted.
        case zeroBased(Int)
    }

    struct Switch: Sendable, Equatable {
        var day: Day
        /// Local time of day of the switch, seconds (may be negative or past 24 h).
        var time: Int
    }

    let standardOffset: Int32
    let daylightOffset: Int32?
    let daylightStart: Switch?
    let daylightEnd: Switch?

    init(_ text: String) throws(TimeZoneRules.LoadError) {
        var scanner = Scanner(bytes: Array(text.utf8), text: text)
        try scanner.name()
        standardOffset = Int32(-(try scanner.offset()))
        guard !scanner.atEnd else {
            daylightOffset = nil
            daylightStart = nil
            daylightEnd = nil
            return
        }
        try scanner.name()
        if !scanner.atEnd && scanner.peek != UInt8(ascii: ",") {
            daylightOffset = Int32(-(try scanner.offset()))
        } else {
            daylightOffset = standardOffset + 3600
        }
        try scanner.expect(",")
        daylightStart = try scanner.switchRule()
        try scanner.expect(",")
        daylightEnd = try scanner.switchRule()
        guard scanner.atEnd else { throw scanner.failure("unexpected text") }
    }

    func offset(atUnixSeconds time: Int64) -> Int32 {
        guard let daylightOffset, let daylightStart, let daylightEnd else { return standardOffset }
        let year = CivilDate(daysSinceEpoch: Int((time + Int64(standardOffset)) / 86_400)).year
        // A switch happens at a local wall time: the start in standard time, the end in daylight time.
        let start = Self.instant(daylightStart, year: year) - Int64(standardOffset)
        let end = Self.instant(daylightEnd, year: year) - Int64(daylightOffset)
        let inDaylight = start < end ? (start <= time && time < end) : !(end <= time && time < start)
        return inDaylight ? daylightOffset : standardOffset
    }

    /// Local seconds since the epoch of a switch in `year`.
    static func instant(_ rule: Switch, year: Int) -> Int64 {
        let january1 = CivilDate(year: year, month: 1, day: 1)!.daysSinceEpoch
        let day: Int
        switch rule.day {
        case .zeroBased(let n):
            day = january1 + n
        case .julianNoLeap(let n):
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            day = january1 + n - 1 + (isLeap && n >= 60 ? 1 : 0)
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate(year: year, month: month, day: 1)!.daysSinceEpoch
            // 1970-01-01 was a Thursday (4).
            let firstWeekday = ((first % 7) + 7 + 4) % 7
            var candidate = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let nextMonth = month == 12
                ? CivilDate(year: year + 1, month: 1, day: 1)!.daysSinceEpoch
                : CivilDate(year: year, month: month + 1, day: 1)!.daysSinceEpoch
            while candidate >= nextMonth { candidate -= 7 }
            day = candidate
        }
        return Int64(day) * 86_400 + Int64(rule.time)
    }

    private struct Scanner {
        let bytes: [UInt8]
        let text: String
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        func failure(_ reason: String) -> TimeZoneRules.LoadError {
            TimeZoneRules.LoadError(description: "TZ rule \"\(text)\": \(reason) at character \(position)")
        }

        mutating func expect(_ character: Character) throws(TimeZoneRules.LoadError) {
            guard peek == character.asciiValue else { throw failure("expected \(character)") }
            position += 1
        }

        /// `PST` or `<+0530>`.
        mutating func name() throws(TimeZoneRules.LoadError) {
            if peek == UInt8(ascii: "<") {
                guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else { throw failure("unclosed <") }
                position = close + 1
                return
            }
            let start = position
            while let byte = peek, (65...90).contains(byte) || (97...122).contains(byte) { position += 1 }
            guard position - start >= 3 else { throw failure("expected a zone abbreviation") }
        }

        mutating func number() throws(TimeZoneRules.LoadError) -> Int {
            var value = 0
            let start = position
            while let byte = peek, (48...57).contains(byte) {
                value = value * 10 + Int(byte - 48)
                position += 1
            }
            guard position > start else { throw failure("expected a number") }
            return value
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func offset() throws(TimeZoneRules.LoadError) -> Int {
            var sign = 1
            if peek == UInt8(ascii: "+") { position += 1 } else if peek == UInt8(ascii: "-") { sign = -1; position += 1 }
            var seconds = try number() * 3600
            if peek == UInt8(ascii: ":") {
                position += 1
                seconds += try number() * 60
                if peek == UInt8(ascii: ":") {
                    position += 1
                    seconds += try number()
                }
            }
            return sign * seconds
        }

        mutating func switchRule() throws(TimeZoneRules.LoadError) -> Switch {
            let day: Day
            if peek == UInt8(ascii: "M") {
                position += 1
                let month = try number()
                try expect(".")
                let week = try number()
                try expect(".")
                let weekday = try number()
                guard (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday) else {
                    throw failure("month, week or weekday out of range")
                }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else if peek == UInt8(ascii: "J") {
                position += 1
                let n = try number()
                guard (1...365).contains(n) else { throw failure("Julian day out of range") }
                day = .julianNoLeap(n)
            } else {
                let n = try number()
                guard (0...365).contains(n) else { throw failure("day out of range") }
                day = .zeroBased(n)
            }
            var time = 7200
            if peek == UInt8(ascii: "/") {
                position += 1
                time = try offset()
            }
            return Switch(day: day, time: time)
        }
    }
}
