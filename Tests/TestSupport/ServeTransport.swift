/// How an end-to-end test reaches `gowasm-serve`: plain HTTP, or HTTPS with `--tls` (every test of `serve`
/// runs over both).
public enum ServeTransport: String, CaseIterable, Sendable, CustomStringConvertible {
    case plain
    case tls

    public var scheme: String { self == .tls ? "https" : "http" }
    public var description: String { rawValue }
}
