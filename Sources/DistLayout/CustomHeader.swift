import InputSafety

/// A user's header (`--header`, gowasm.toml): sent on every response, replacing any the server would send
/// under that name. Here, not in SiteServing, because `export` writes the same headers into other servers'
/// configurations, and both must refuse the same ones.
public struct CustomHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    /// Parses `Name: value`, as `--header` takes it.
    public init(parsing text: String) throws(SyntaxError) {
        guard let colon = text.firstIndex(of: ":") else { throw .noColon(text) }
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].trimmingHTTPWhitespace()
        try self.init(name: name, value: value)
    }

    public init(name: String, value: String) throws(SyntaxError) {
        guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw .badName(name) }
        // CR, LF and NUL would split or end the head; other controls but tab are invalid (RFC 9110 §5.5).
        guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else { throw .badValue(name: name) }
        // The name is a token (ASCII), so lowercasing it is ASCII case folding.
        guard !Self.framing.contains(name.lowercased()) else { throw .framing(name) }
        self.name = name
        self.value = value
    }

    public enum SyntaxError: Error, Equatable, CustomStringConvertible {
        case noColon(String)
        case badName(String)
        case badValue(name: String)
        case framing(String)

        public var description: String {
            switch self {
            case .noColon(let text): "header \"\(text)\" is not of the form 'Name: value'"
            case .badName(let name): "header name \"\(name)\" is not an HTTP token"
            case .badValue(let name): "header \(name): the value holds control characters"
            case .framing(let name): "header \(name) is set by the server itself"
            }
        }
    }

    /// The server owns these (message framing and the connection), so no user header may set them.
    static let framing: Set<String> = [
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "date",
    ]

    /// tchar (RFC 9110 §5.6.2).
    package static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
