// What the proxy changes in the heads it forwards, and nothing else: hop-by-hop fields go (RFC 9110 §7.6.1),
// X-Forwarded-* come, Host names the backend unless kept. Pure: heads in, heads out.
import HTTPServer
import InputSafety

/// How a request body is delimited on its way to the backend.
public enum ForwardedBodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
}

/// How a backend's response body ends (RFC 9112 §6.3).
public enum BackendBodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
    /// No length: the body runs until the backend closes.
    case untilClose
}

public enum ForwardingRules {
    /// Fields that describe one connection, never forwarded (RFC 9110 §7.6.1; Proxy-Connection, Trailer and
    /// the Proxy-* credentials meant for this hop, as RFC 7230 §6.1 listed them).
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "te", "transfer-encoding", "upgrade", "trailer", "proxy-connection",
        "proxy-authenticate", "proxy-authorization",
    ]

    /// Whether `headers` ask to switch protocols (`Connection: upgrade` plus `Upgrade`), e.g. a WebSocket.
    public static func asksForUpgrade(_ headers: HTTPHeaders) -> Bool {
        headers.values("connection").contains { $0.caseInsensitiveEquals("upgrade") } && headers["upgrade"] != nil
    }

    /// `headers` without hop-by-hop fields, without the fields `Connection` names, and without `except`.
    static func endToEnd(_ headers: HTTPHeaders, except: Set<String> = []) -> HTTPHeaders {
        let named = Set(headers.values("connection").map { $0.lowercased() })
        var kept = HTTPHeaders()
        for field in headers.fields {
            let name = field.name.lowercased()
            if hopByHop.contains(name) || named.contains(name) || except.contains(name) { continue }
            kept.add(field.name, field.value)
        }
        return kept
    }

    /// The request head the backend receives, as bytes. `clientAddress` is `HTTPRequest.remoteAddress`
    /// (`ip:port`, IPv6 in brackets); `scheme` is what the client used (`http`, `https`).
    public static func requestHead(
        method: String, path: String, query: String?, headers: HTTPHeaders, body: ForwardedBodyFraming,
        clientAddress: String, scheme: String, backend: Backend, keepHost: Bool
    ) -> [UInt8] {
        let upgrade = asksForUpgrade(headers)
        // Framing is ours to set; Expect was answered by this server already; Host and X-Forwarded-* are set below.
        var fields = endToEnd(
            headers, except: ["content-length", "expect", "host", "x-forwarded-proto", "x-forwarded-host"])
        let clientHost = headers["host"]
        fields.add("Host", keepHost ? (clientHost ?? backend.authority) : backend.authority)
        let earlier = headers.fields.filter { $0.name.caseInsensitiveEquals("x-forwarded-for") }.map(\.value)
        fields["X-Forwarded-For"] = (earlier + [clientIP(clientAddress)]).joined(separator: ", ")
        fields.add("X-Forwarded-Proto", scheme)
        if let clientHost { fields.add("X-Forwarded-Host", clientHost) }
        switch body {
        case .none: break
        case .length(let count): fields.add("Content-Length", String(count))
        case .chunked: fields.add("Transfer-Encoding", "chunked")
        }
        if upgrade, let protocols = headers["upgrade"] {
            fields.add("Connection", "Upgrade")
            fields.add("Upgrade", protocols)
        } else {
            // One backend connection per request: the backend ends it, which also ends an unframed body.
            fields.add("Connection", "close")
        }

        var target = path
        if let query { target += "?" + query }
        var bytes = Array("\(method) \(target) HTTP/1.1\r\n".utf8)
        for field in fields.fields where isSafe(field.name) && isSafe(field.value) {
            bytes += field.name.utf8
            bytes += ": ".utf8
            bytes += field.value.utf8
            bytes += "\r\n".utf8
        }
        bytes += "\r\n".utf8
        return bytes
    }

    /// The backend's fields the client receives: end-to-end ones, each kept as its own line (two Set-Cookie
    /// stay two). For a 101, `Upgrade` is kept: the client must learn what the connection switched to.
    public static func responseHeaders(_ head: HTTPResponseHead) -> HTTPHeaders {
        var headers = endToEnd(head.headers)
        if head.status.code == 101, let upgrade = head.headers["upgrade"] { headers.add("Upgrade", upgrade) }
        return headers
    }

    /// How the backend's response body is delimited (RFC 9112 §6.3), or why it cannot be read.
    public static func bodyFraming(
        requestMethod: String, head: HTTPResponseHead
    ) throws(HTTPParseError) -> BackendBodyFraming {
        let code = head.status.code
        if requestMethod == "HEAD" || (100..<200).contains(code) || code == 204 || code == 304 { return .none }
        let codings = head.headers.values("transfer-encoding")
        if !codings.isEmpty {
            return codings.last?.caseInsensitiveEquals("chunked") == true ? .chunked : .untilClose
        }
        switch announcedLength(head) {
        case .absent: return .untilClose
        case .invalid: throw HTTPParseError("invalid Content-Length from the backend")
        case .valid(let length): return length == 0 ? .none : .length(length)
        }
    }

    /// The backend's `Content-Length`, checked: one value (repeated fields must agree), ASCII digits only.
    public enum AnnouncedLength: Equatable, Sendable {
        case absent
        case invalid
        case valid(Int)
    }

    public static func announcedLength(_ head: HTTPResponseHead) -> AnnouncedLength {
        announcedLength(head.headers.values("content-length"))
    }

    /// The same for a request's fields: the list form `5, 5`, which the request parser accepts, is one length.
    public static func announcedLength(_ values: [String]) -> AnnouncedLength {
        let lengths = Set(
            values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map {
                $0.trimmingHTTPWhitespace()
            })
        guard let text = lengths.first else { return .absent }
        guard lengths.count == 1, let length = Conversions.decimalCount(text) else { return .invalid }
        return .valid(length)
    }

    /// `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `::1`.
    static func clientIP(_ address: String) -> String {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        if let colon = address.lastIndex(of: ":") { return String(address[..<colon]) }
        return address
    }

    /// A name or value with CR, LF or NUL would split the head: such a field is not forwarded.
    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }
}
