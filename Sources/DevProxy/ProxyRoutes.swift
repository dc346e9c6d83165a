// Which requests go to a backend: `--proxy /api=http://127.0.0.1:9000`, repeatable, the longest matching
// prefix wins. Pure: no sockets, no clock.

/// Where a backend listens: an `http://host[:port]` origin. The request's path and query go to it unchanged.
public struct Backend: Sendable, Hashable, CustomStringConvertible {
    /// A host name, an IPv4 literal, or an IPv6 literal without brackets.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` as a Host field names it (IPv6 in brackets, port 80 left out).
    public var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(authority)" }
}

/// One `PREFIX=URL` rule.
public struct ProxyRoute: Sendable, Hashable, CustomStringConvertible {
    /// A path prefix starting with `/`, without a trailing `/` unless it is `/` itself.
    public var prefix: String
    public var backend: Backend

    public init(prefix: String, backend: Backend) {
        self.prefix = prefix
        self.backend = backend
    }

    public var description: String { "\(prefix)=\(backend)" }

    /// Whether `path` (still percent-encoded, as received) is `prefix` or lies under it: `/api` takes
    /// `/api`, `/api/x` and `/api?q`, not `/apix`.
    public func matches(_ path: String) -> Bool {
        if prefix == "/" { return path.hasPrefix("/") }
        guard path.hasPrefix(prefix) else { return false }
        return path.utf8.count == prefix.utf8.count
            || path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: prefix.utf8.count)] == UInt8(ascii: "/")
    }

    /// Parses `PREFIX=http://host[:port]`.
    public init(parsing text: String) throws(ProxyRouteError) {
        guard let equals = text.firstIndex(of: "=") else { throw .notPrefixEqualsURL(text) }
        var prefix = String(text[..<equals])
        let url = String(text[text.index(after: equals)...])
        guard prefix.hasPrefix("/") else { throw .prefixNotAbsolute(prefix) }
        guard !prefix.contains(where: { $0 == "?" || $0 == "#" || $0 == " " }) else { throw .prefixNotAPath(prefix) }
        while prefix.count > 1, prefix.hasSuffix("/") { prefix.removeLast() }
        self.init(prefix: prefix, backend: try Self.parseBackend(url))
    }

    private static func parseBackend(_ url: String) throws(ProxyRouteError) -> Backend {
        let scheme = "http://"
        guard url.utf8.count > scheme.utf8.count, url.prefix(scheme.count).lowercased() == scheme else {
            if url.lowercased().hasPrefix("https://") { throw .httpsBackend(url) }
            throw .notHTTPURL(url)
        }
        var rest = Substring(url.dropFirst(scheme.count))
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else { throw .backendHasPath(url) }
        guard !rest.contains("@") else { throw .notHTTPURL(url) }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .notHTTPURL(url) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .notHTTPURL(url) }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw .notHTTPURL(url) }
        var port = 80
        if let portText {
            guard let parsed = Int(portText, radix: 10), (1...65535).contains(parsed) else { throw .badPort(url) }
            port = parsed
        }
        return Backend(host: String(host), port: port)
    }
}

/// Why a `--proxy` value is refused; the description is the one line the user sees.
public enum ProxyRouteError: Error, Equatable, CustomStringConvertible {
    case notPrefixEqualsURL(String)
    case prefixNotAbsolute(String)
    case prefixNotAPath(String)
    case notHTTPURL(String)
    case httpsBackend(String)
    case backendHasPath(String)
    case badPort(String)
    case duplicatePrefix(String)

    public var description: String {
        switch self {
        case .notPrefixEqualsURL(let text): "\"\(text)\" is not of the form PREFIX=http://host:port"
        case .prefixNotAbsolute(let prefix): "prefix \"\(prefix)\" does not start with /"
        case .prefixNotAPath(let prefix): "prefix \"\(prefix)\" is not a path (no ?, # or spaces)"
        case .notHTTPURL(let url): "\"\(url)\" is not an http://host[:port] URL"
        case .httpsBackend(let url): "\"\(url)\": only http:// backends are supported"
        case .backendHasPath(let url):
            "\"\(url)\" has a path; the request's own path is forwarded, so give only http://host[:port]"
        case .badPort(let url): "\"\(url)\" has no valid port (1...65535)"
        case .duplicatePrefix(let prefix): "prefix \(prefix) is given twice"
        }
    }
}

/// All `--proxy` rules; `route(for:)` picks the longest prefix that matches.
public struct ProxyRoutes: Sendable {
    public let routes: [ProxyRoute]

    public init(_ routes: [ProxyRoute]) throws(ProxyRouteError) {
        var seen = Set<String>()
        for route in routes where !seen.insert(route.prefix).inserted { throw .duplicatePrefix(route.prefix) }
        // Longest first, so the first match is the most specific.
        self.routes = routes.sorted { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    public init(parsing texts: [String]) throws(ProxyRouteError) {
        var routes: [ProxyRoute] = []
        for text in texts { routes.append(try ProxyRoute(parsing: text)) }
        try self.init(routes)
    }

    public var isEmpty: Bool { routes.isEmpty }

    public func route(for path: String) -> ProxyRoute? {
        routes.first { $0.matches(path) }
    }
}
