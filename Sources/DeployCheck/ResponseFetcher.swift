import Foundation

/// A response exactly as the server sent it: raw header lines and the still-encoded body.
public struct FetchedResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    /// The body bytes as received (after de-chunking, never content-decoded).
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// All values of `name` joined with ", " (RFC 9110 field combination), or nil.
    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}

/// Why a fetch failed.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    case unsupportedURL(String)
    case cannotResolve(host: String)
    case cannotConnect(host: String, port: Int, reason: String)
    /// The server's certificate chain or name did not verify against the trusted roots.
    case untrustedCertificate(host: String, port: Int, reason: String)
    case tlsFailed(host: String, port: Int, reason: String)
    case unreadableCAFile(path: String, reason: String)
    case timedOut(url: String)
    case malformedResponse(url: String, detail: String)
    case responseTooLarge(url: String, limit: Int)
    /// The HTTP client library could not be loaded (it is loaded on first use, not linked).
    case clientUnavailable(library: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url): "\(url): only http:// and https:// URLs can be checked"
        case .cannotResolve(let host): "cannot resolve host \(host)"
        case .cannotConnect(let host, let port, let reason): "cannot connect to \(host):\(port): \(reason)"
        case .untrustedCertificate(let host, let port, let reason):
            "https://\(host):\(port): the server's certificate is not trusted (\(reason)); for a private CA or a self-signed server pass --ca-file PEM (or --insecure to skip verification)"
        case .tlsFailed(let host, let port, let reason): "https://\(host):\(port): TLS handshake failed: \(reason)"
        case .unreadableCAFile(let path, let reason): "--ca-file \(path): \(reason)"
        case .timedOut(let url): "\(url): no complete response in time"
        case .malformedResponse(let url, let detail): "\(url): malformed HTTP response: \(detail)"
        case .responseTooLarge(let url, let limit): "\(url): response larger than \(limit) bytes"
        case .clientUnavailable(let library, let reason):
            "cannot load \(library) (\(reason)); install Debian's libcurl4"
        }
    }
}

/// One request, one response, byte for byte: no redirect followed, no body decoded, no header added
/// beyond what the protocol needs (Host, framing). `check` applies its rules to what comes back.
public protocol ResponseFetcher: Sendable {
    func fetch(_ url: URL, method: String, headers: [(String, String)]) throws(FetchError) -> FetchedResponse
}

extension ResponseFetcher {
    public func fetch(_ url: URL, headers: [(String, String)] = []) throws(FetchError) -> FetchedResponse {
        try fetch(url, method: "GET", headers: headers)
    }
}
