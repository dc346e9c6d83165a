import Glibc
import InputSafety

/// IMF-fixdate (RFC 9110 §5.6.7), the only date format we send; parsing accepts it alone and ignores
/// anything else (an unparseable validator is treated as absent, as the RFC asks).
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for seconds since the epoch.
    public static func format(_ seconds: Int64) -> String {
        var time = time_t(seconds)  // gowasm: allow-trap: time_t is Int64: same width as Int
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "  // gowasm: allow-trap: gmtime's weekday and month (0...6, 0...11), Int32 widened
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Seconds since the epoch, or nil when `text` is not an IMF-fixdate.
    public static func parse(_ text: String) -> Int64? {
        let fields = text.trimmingHTTPWhitespace().split(separator: " ")
        guard fields.count == 6, fields[0].hasSuffix(","), fields[5] == "GMT",
            let day = Int32(fields[1], radix: 10), let month = months.firstIndex(of: String(fields[2])),
            let year = Int32(fields[3], radix: 10)
        else { return nil }
        let clock = fields[4].split(separator: ":")
        guard clock.count == 3, let hour = Int32(clock[0], radix: 10), let minute = Int32(clock[1], radix: 10),
            let second = Int32(clock[2], radix: 10),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)  // gowasm: allow-trap: an index into our own 12 month names
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int64(timegm(&parts))  // gowasm: allow-trap: time_t is Int64 already
    }
}
