import Dispatch
import Foundation
import HTTPServer
import InputSafety
import PrerenderCache
import SiteServing
import Synchronization

/// `dev` only: the diagnosis layer in the page, and what the page sends back to the terminal.
///
/// Served pages load `scriptPath` first thing in `<head>` (before the glue defines `Go`): the layer wraps the
/// glue's imports, shows a panel of live counts, and POSTs the console (Go's panics included: the glue writes
/// fd 1 and 2 to `console.log`) and its findings to `reportPath`. The reports are bounded (body size, entries,
/// line length, a token bucket of lines), accepted from the page's own origin only, and cleaned of control
/// characters before they reach the terminal, so a hostile page can neither flood nor drive it.
public final class PageDiagnosis: Sendable {
    public static let scriptPath = "/_gowasm/diagnose.js"
    public static let reportPath = "/_gowasm/report"
    public static let scriptTag = "<script src=\"\(scriptPath)\"></script>"

    public struct Limits: Sendable {
        /// Bytes of one report (a batch of entries); a larger one gets 413.
        public var bodyBytes = 64 << 10
        /// Entries of one report; the rest are dropped.
        public var entriesPerReport = 64
        /// Characters of one forwarded line (longer ones are cut).
        public var lineCharacters = 2000
        /// Entries a minute the terminal takes, and the burst saved up; beyond, entries are counted as dropped.
        public var entriesPerMinute = 600
        public var entryBurst = 200
        public init() {}
    }

    /// One thing the page said.
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case log, info, warn, error, debug
            /// The layer's observations of one Go instance (`diagnose.js`'s facts, JSON), to be analysed.
            case facts
        }
        public let kind: Kind
        public let text: String
        /// The page's path, as it said it (cleaned).
        public let page: String

        public init(kind: Kind, text: String, page: String) {
            self.kind = kind
            self.text = text
            self.page = page
        }
    }

    /// What a report came to, for the sink and the tests.
    public enum Outcome: Sendable, Equatable {
        case accepted(entries: Int, dropped: Int)
        case refused(HTTPStatus)
    }

    private let script: @Sendable () -> [UInt8]
    private let limits: Limits
    private let clock: @Sendable () -> UInt64
    private let sink: @Sendable ([Entry]) -> Void
    private let state: Mutex<(bucket: TokenBucket, dropped: Int)>

    /// `script`: the JavaScript served at `scriptPath` (the layer with the page's host, panel and reporter),
    /// asked for each time (it follows the app's rebuilds). `sink` gets the accepted entries of each report,
    /// in order; it runs on the request's thread.
    public init(
        script: @escaping @Sendable () -> [UInt8], limits: Limits = Limits(),
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
        sink: @escaping @Sendable ([Entry]) -> Void
    ) {
        self.script = script
        self.limits = limits
        self.clock = clock
        self.sink = sink
        state = Mutex(
            (
                bucket: TokenBucket(ratePerMinute: limits.entriesPerMinute, burst: limits.entryBurst, now: clock()),
                dropped: 0
            ))
    }

    /// The response for `GET scriptPath`.
    public func scriptResponse() -> HTTPResponse { DevRoutes.scriptResponse(script()) }

    /// The response for a request to `reportPath`: 204 when taken, else the refusal.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        switch receive(request) {
        case .accepted:
            return HTTPResponse(status: HTTPStatus(204, "No Content"), headers: ["Cache-Control": "no-store"])
        case .refused(let status):
            return ErrorPage.response(status, detail: "This endpoint takes the dev page's diagnosis reports only.")
        }
    }

    /// Checks, parses, bounds and forwards one report.
    public func receive(_ request: HTTPRequest) -> Outcome {
        guard request.method == "POST" else { return .refused(.methodNotAllowed) }
        guard Self.isSameOrigin(request) else { return .refused(.forbidden) }
        guard request.body.count <= limits.bodyBytes else { return .refused(.contentTooLarge) }
        // A report is three levels deep; deeper nesting is refused before a parser recurses into it.
        guard Self.nestingDepth(request.body) <= 4,
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
            let list = object["entries"] as? [Any]
        else { return .refused(.badRequest) }
        let page = TerminalText.escapedLine(Self.clean((object["page"] as? String) ?? "?", limit: 200))
        var entries: [Entry] = []
        for item in list.prefix(limits.entriesPerReport) {
            guard let item = item as? [String: Any], let kind = (item["kind"] as? String).flatMap(Entry.Kind.init),
                let text = item["text"] as? String
            else { continue }
            // Facts are parsed, never printed: their size is bounded by the body, their nesting here.
            if kind == .facts, Self.nestingDepth(Array(text.utf8)) > 6 { continue }
            let cleaned = kind == .facts ? text : Self.clean(text, limit: limits.lineCharacters)
            entries.append(Entry(kind: kind, text: cleaned, page: page))
        }
        let skipped = max(0, list.count - limits.entriesPerReport)
        let (admitted, dropped) = state.withLock { state -> ([Entry], Int) in
            let now = clock()
            let admitted = entries.filter { _ in state.bucket.take(now: now) }
            state.dropped += entries.count - admitted.count + skipped
            // The count of what was dropped goes out with the next entries admitted.
            guard !admitted.isEmpty else { return ([], 0) }
            defer { state.dropped = 0 }
            return (admitted, state.dropped)
        }
        var delivered = admitted
        if dropped > 0 {
            delivered.append(
                Entry(kind: .warn, text: "gowasm-serve: \(dropped) page report(s) dropped (rate limit)", page: page))
        }
        if !delivered.isEmpty { sink(delivered) }
        return .accepted(entries: admitted.count, dropped: entries.count - admitted.count + skipped)
    }

    /// The deepest nesting of JSON arrays and objects in `bytes` (brackets inside strings not counted).
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// A browser sends `Origin` with every POST and `Sec-Fetch-Site` with most: a report must carry one
    /// saying it comes from this server's own pages (another site's page could otherwise write to the
    /// terminal of whoever runs `dev`).
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        if let site = request.headers["Sec-Fetch-Site"], site != "same-origin" { return false }
        guard let origin = request.headers["Origin"] else { return request.headers["Sec-Fetch-Site"] == "same-origin" }
        guard let host = request.headers["Host"], let url = URL(string: origin), let originHost = url.host else {
            return false
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }

    /// Text safe for a terminal (`TerminalText.escaped`: control characters other than tab and newline
    /// written visibly), cut to at most `limit` characters of the page's text.
    static func clean(_ text: String, limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == limit {
                scalars.append("…")
                break
            }
            scalars.append(scalar)
        }
        return TerminalText.escaped(String(scalars))
    }

    /// Lines for a terminal: `[browser error /] text`, continuation lines indented.
    public static func terminalLines(for entry: Entry) -> [String] {
        let lines = entry.text.split(separator: "\n", omittingEmptySubsequences: false)
        let head = "[browser \(entry.kind.rawValue) \(entry.page)] "
        return lines.enumerated().map { index, line in (index == 0 ? head : "    ") + line }
    }

    /// Inserts the script tag at the start of `<head>` (before any script of the page), else before the
    /// first `<script`, else at the very start.
    public static func inject(into html: [UInt8]) -> [UInt8] {
        let tag = Array(scriptTag.utf8)
        if let head = firstIndex(of: Array("<head".utf8), in: html),
            let close = html[head...].firstIndex(of: UInt8(ascii: ">"))
        {
            let after = close + 1
            return Array(html[..<after]) + tag + Array(html[after...])
        }
        if let script = firstIndex(of: Array("<script".utf8), in: html) {
            return Array(html[..<script]) + tag + Array(html[script...])
        }
        return tag + html
    }

    /// Case-insensitive search for an ASCII needle that is a whole tag name (`<head>`, `<head `, not `<header`).
    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count > needle.count else { return nil }
        for start in 0..<(haystack.count - needle.count) {
            var matches = true
            for offset in 0..<needle.count where haystack[start + offset] | 0x20 != needle[offset] | 0x20 {
                matches = false
                break
            }
            let next = haystack[start + needle.count]
            if matches,
                next == UInt8(ascii: ">") || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
                    || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") || next == UInt8(ascii: "/")
            {
                return start
            }
        }
        return nil
    }
}
