/// A request path decoded once and checked before it touches the file system.
///
/// The rules are deliberately strict: a dist folder never needs `..`, encoded separators, backslashes or
/// NUL in a URL, and each of them is a classic way out of the root, so they are refused rather than
/// normalised.
public struct RequestPath: Sendable, Equatable {
    /// Decoded, non-empty segments (`/a//b/` → `["a", "b"]`).
    public let segments: [String]
    /// True when the path ends with `/` (a directory request).
    public let hasTrailingSlash: Bool

    /// Why a path was refused before any file-system access.
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case notOriginForm
        case malformedPercentEncoding
        case encodedSeparator
        case backslash
        case nulByte
        case dotSegment
        case invalidUTF8

        public var description: String {
            switch self {
            case .notOriginForm: "the path must start with '/'"
            case .malformedPercentEncoding: "malformed percent-encoding"
            case .encodedSeparator: "an encoded '/' or '\\' in the path"
            case .backslash: "a backslash in the path"
            case .nulByte: "a NUL byte in the path"
            case .dotSegment: "a '.' or '..' segment in the path"
            case .invalidUTF8: "the decoded path is not UTF-8"
            }
        }
    }

    /// Decodes `rawPath` (still percent-encoded, without query) exactly once.
    public init(decoding rawPath: String) throws(Rejection) {
        let raw = Array(rawPath.utf8)
        guard raw.first == UInt8(ascii: "/") else { throw .notOriginForm }
        var segments: [String] = []
        var current: [UInt8] = []
        var index = 0
        func finishSegment() throws(Rejection) {
            defer { current.removeAll(keepingCapacity: true) }
            guard !current.isEmpty else { return }
            guard let text = String(validating: current, as: UTF8.self) else { throw .invalidUTF8 }
            guard text != ".", text != ".." else { throw .dotSegment }
            segments.append(text)
        }
        while index < raw.count {
            let byte = raw[index]
            switch byte {
            case UInt8(ascii: "/"):
                try finishSegment()
                index += 1
            case UInt8(ascii: "\\"):
                throw .backslash
            case 0:
                throw .nulByte
            case UInt8(ascii: "%"):
                guard index + 2 < raw.count,
                    let high = Self.hexValue(raw[index + 1]), let low = Self.hexValue(raw[index + 2])
                else { throw .malformedPercentEncoding }
                let decoded = high << 4 | low
                switch decoded {
                case UInt8(ascii: "/"), UInt8(ascii: "\\"): throw .encodedSeparator
                case 0: throw .nulByte
                default: current.append(decoded)
                }
                index += 3
            default:
                current.append(byte)
                index += 1
            }
        }
        try finishSegment()
        self.segments = segments
        self.hasTrailingSlash = raw.last == UInt8(ascii: "/")
    }

    /// True when any segment names a dotfile or dot-directory (`.env`, `.git/config`): never served.
    public var touchesDotfile: Bool { segments.contains { $0.hasPrefix(".") } }

    /// The last segment has no extension (`/about`, `/users/42`): a candidate for the SPA fallback.
    public var isExtensionless: Bool {
        guard let last = segments.last else { return true }
        return !last.contains(".")
    }

    /// The path relative to the root, `/`-joined.
    public var relativePath: String { segments.joined(separator: "/") }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension RequestPath {
    /// A path from already-decoded segments (walking the root, not parsing a request).
    package init(segments: [String], hasTrailingSlash: Bool = false) {
        self.segments = segments
        self.hasTrailingSlash = hasTrailingSlash
    }
}
