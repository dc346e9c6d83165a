// Which `Host` a development server answers. Without a check, a page on any site whose name is re-pointed
// at 127.0.0.1 (DNS rebinding) is same-origin with the server: it could read the dist, post reports and,
// through --proxy, read the developer's backend. Vite (CVE-2025-24010, `server.allowedHosts`) and
// webpack-dev-server (`allowedHosts`) refuse such requests the same way.
import Glibc
import InputSafety

/// The decision alone, no I/O: `localhost` and `*.localhost`, IP literals, and the names given (the
/// machine's, the TLS certificate's, `--allowed-host`); a name starting with a dot allows that domain and
/// its subdomains. `anyHost` turns the check off.
public struct HostAllowlist: Sendable, Equatable {
    public let anyHost: Bool
    private let names: Set<String>
    /// Domains given as `.example.com`, kept without the dot.
    private let domains: [String]

    /// The flag's value that turns the check off.
    public static let allValue = "all"

    /// Allows every `Host` (`--allowed-host all`).
    public static let everyHost = HostAllowlist(anyHost: true, names: [], domains: [])

    /// `names`: extra names (`.example.com` for a domain and its subdomains); `all` among them allows
    /// every `Host`.
    public init(names: [String]) {
        var exact = Set<String>()
        var domains: [String] = []
        var anyHost = false
        for name in names {
            let name = Self.normalized(name)
            if name == Self.allValue {
                anyHost = true
            } else if name.hasPrefix(".") {
                if name.count > 1 { domains.append(String(name.dropFirst())) }
            } else if !name.isEmpty {
                exact.insert(name)
            }
        }
        self.init(anyHost: anyHost, names: exact, domains: domains)
    }

    private init(anyHost: Bool, names: Set<String>, domains: [String]) {
        self.anyHost = anyHost
        self.names = names
        self.domains = domains
    }

    /// Whether a request whose `Host` field is `host` is answered. No `Host` at all (HTTP/1.0) is: every
    /// browser sends one, so such a request is not a rebound page.
    public func allows(host field: String?) -> Bool {
        if anyHost { return true }
        guard let field else { return true }
        guard let name = Self.hostName(field) else { return false }
        if name.hasPrefix("[") { return true }  // hostName checked the IPv6 literal
        if Self.isIPv4Literal(name) { return true }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if names.contains(name) { return true }
        return domains.contains { name == $0 || name.hasSuffix("." + $0) }
    }

    /// The name part of a `Host` field: lowercased, without the port and a final dot; an IPv6 literal keeps
    /// its brackets. Nil when the field is malformed (a bad port, an invalid IPv6 literal, empty).
    static func hostName(_ field: String) -> String? {
        var text = Substring(field.trimmingHTTPWhitespace().lowercased())
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let literal = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":" else { return nil }
            var address = in6_addr()
            guard inet_pton(AF_INET6, literal, &address) == 1 else { return nil }
            return "[\(literal)]"
        }
        if let colon = text.lastIndex(of: ":") {
            guard isPort(text[text.index(after: colon)...]) else { return nil }
            text = text[..<colon]
        }
        if text.hasSuffix(".") { text = text.dropLast() }
        return text.isEmpty ? nil : String(text)
    }

    private static func isPort(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 5 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isIPv4Literal(_ name: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, name, &address) == 1
    }

    private static func normalized(_ name: String) -> String {
        var name = name.trimmingHTTPWhitespace().lowercased()
        if name.count > 1, name.hasSuffix(".") { name.removeLast() }
        return name
    }
}

/// A handler that answers only the `Host`s an allowlist allows; any other gets a 403 whose one-line body
/// names the flag that allows it. Streaming and deferred answers pass through unchanged.
public final class HostCheckingHandler: HTTPHandler {
    private let allowlist: HostAllowlist
    private let inner: any HTTPHandler

    public init(allowlist: HostAllowlist, wrapping inner: any HTTPHandler) {
        self.allowlist = allowlist
        self.inner = inner
    }

    public func respond(to request: HTTPRequest, reply: HTTPReply) {
        guard allowlist.allows(host: request.headers["Host"]) else { return reply.send(Self.refusal(request)) }
        inner.respond(to: request, reply: reply)
    }

    /// A refused request's body is never read (streamed, then the connection closes after the 403).
    public func streamsBody(of request: HTTPRequest) -> Bool {
        guard allowlist.allows(host: request.headers["Host"]) else { return true }
        return inner.streamsBody(of: request)
    }

    /// 403 with one line, like Vite's: which host, and the flag that allows it.
    static func refusal(_ request: HTTPRequest) -> HTTPResponse {
        let host = request.headers["Host"].flatMap(HostAllowlist.hostName) ?? "?"
        // Only a host's own characters are echoed (a text/plain body, but still: no markup, no controls).
        let shown = String(
            host.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-:[]_".unicodeScalars.contains($0))
            }.map(Character.init))
        let line =
            "Blocked request: the host \"\(shown)\" is not allowed. To allow it, add --allowed-host \(shown) (or allowed-host in gowasm.toml).\n"
        return HTTPResponse(
            status: .forbidden,
            headers: [
                "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            ],
            body: .bytes(Array(line.utf8)))
    }
}
