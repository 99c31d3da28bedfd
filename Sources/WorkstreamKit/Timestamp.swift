/// Arithmetic on the times ws stamps events with ("2026-11-21T10:04:05.123Z",
/// UTC), without Foundation's formatters: `evolve` computes a lease's expiry
/// for every event its holder records, and a formatter's set-up costs more
/// than the fold. Pure, so documents stay reproducible on any machine.
public enum Timestamp {
    /// The years an event time may name. A clock reading 0000 or 9999 is broken, not early or late;
    /// refusing such dates keeps a bad clock from pinning a lease for centuries or sorting before everything.
    public static let earliestYear: Int64 = 1970
    public static let latestYear: Int64 = 2999
    /// How far a time may run ahead of the host's clock (`WS_NOW` included) and of the log's latest
    /// time before ws stops trusting it (see docs/leases-and-checks.md, "Clocks").
    public static let maxSkewHours = 24

    /// Milliseconds since 1970 for "YYYY-MM-DDTHH:MM:SS[.fff…]Z" naming a real date between
    /// `earliestYear` and `latestYear` (no 30 February, no leap second: UTC as ws counts it has none, and
    /// second 60 would be the same instant as the next minute's 00), nil for anything else.
    public static func millis(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (earliestYear...latestYear).contains(year), (1...12).contains(month),
              (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60 else {
            return nil
        }
        var fraction: Int64 = 0
        if b[19] == UInt8(ascii: ".") {
            // Milliseconds: the first three digits of the fraction (ws writes exactly three).
            let digits = b[20..<(b.count - 1)]
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            for (i, d) in digits.prefix(3).enumerated() { fraction += Int64(d - 0x30) * [100, 10, 1][i] }
        } else if b.count != 20 { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + fraction
    }

    /// Whether `text` may be an event's time: a real date (`millis`) in at most the 24 characters ws writes
    /// ("2026-11-21T10:04:05.123Z"). A longer fraction would be stored as written and read as its first three
    /// digits, two texts for one instant, and every other clone quarantines a line that has one.
    public static func isEventTime(_ text: String) -> Bool {
        text.utf8.count <= 24 && millis(text) != nil
    }

    /// The shape ws writes: "2026-11-21T10:04:05.123Z".
    public static func format(millis: Int64) -> String {
        let dayMillis: Int64 = 86_400_000
        var days = millis / dayMillis
        var rest = millis % dayMillis
        if rest < 0 { rest += dayMillis; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let h = rest / 3_600_000, m = rest / 60_000 % 60, s = rest / 1000 % 60, ms = rest % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    /// `time` plus `minutes`, in ws's shape; nil when `time` is not a ws time.
    public static func adding(minutes: Int, to time: String) -> String? {
        millis(time).map { format(millis: $0 + Int64(minutes) * 60_000) }
    }

    /// The time a local event is recorded at: `now`, or the log's latest time when that is later by at most
    /// `maxSkewHours` (this clock runs behind one that recorded before), so times in the log never go backwards.
    /// A latest time further ahead is that other clock's fault and is not followed.
    public static func recording(_ now: String, latest: String?) -> String {
        guard let latest, let l = millis(latest), let n = millis(now), l > n,
              l - n <= Int64(maxSkewHours) * 3_600_000 else { return now }
        return format(millis: l)
    }

    /// The later of two times (by instant, not by text: "…05Z" and "…05.500Z" sort wrongly as text).
    public static func later(_ a: String?, _ b: String) -> String {
        guard let a, let ma = millis(a) else { return b }
        guard let mb = millis(b) else { return a }
        return mb > ma ? b : a
    }

    /// "2026-11-21T10:04:05.123Z" → "10:04"; the text as it is when too short to hold a time.
    public static func clock(_ time: String) -> String {
        let chars = Array(time)
        return chars.count >= 16 ? String(chars[11..<16]) : time
    }

    /// "2026-11-21T10:04:05.123Z" → "2026-11-21 10:04 UTC", the stamp documents, commands and the board show;
    /// the text as it is when too short to hold a time.
    public static func stamp(_ time: String) -> String {
        time.count >= 16 ? "\(time.prefix(10)) \(clock(time)) UTC" : time
    }

    /// Whether `time` is at or before `now`; false when either cannot be read.
    public static func isPast(_ time: String, now: String) -> Bool {
        guard let t = millis(time), let n = millis(now) else { return false }
        return t <= n
    }

    /// Whether a lease that runs until `expiry` is over at `now`: past, or further ahead than any lease granted
    /// by now can run (the 30-day cap plus `maxSkewHours`). Such an expiry comes from an event stamped far ahead
    /// (a broken clock, a re-hashed line): the time the lease was really granted is unknown, so it holds nothing.
    /// Judged at `now`, like staleness itself, so every clone with a sane clock says the same.
    public static func leaseIsOver(_ expiry: String, now: String) -> Bool {
        guard let e = millis(expiry), let n = millis(now) else { return false }
        let furthest = (Int64(Limits.leaseMinutes.upperBound) + Int64(maxSkewHours) * 60) * 60_000
        return e <= n || e - n > furthest
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        guard month == 2 else { return [4, 6, 9, 11].contains(month) ? 30 : 31 }
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    }

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian, exact for every year 0–9999).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Hours as people write them, with the unit: "4 h", "2.5 h", "1.33 h" (never an exponent).
/// The one formatter of the documents, the board and the command line.
public enum Hours {
    public static func format(_ h: Double) -> String {
        if h == h.rounded() { return "\(Int(h)) h" }
        var s = String(format: "%.2f", h)
        while s.hasSuffix("0") { s.removeLast() }
        return s + " h"
    }
}
