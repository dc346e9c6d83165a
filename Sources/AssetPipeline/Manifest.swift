import Foundation

/// `manifest.json`: logical name → what the dist holds for it. Tools (and `check`) read it instead of
/// guessing hashed names.
public struct Manifest: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The file's name in the dist (hashed for the glue and the wasm, as is for the rest).
        public var file: String
        public var size: Int
        /// `sha384-<base64>`, usable as an SRI value.
        public var sha384: String
        /// Sizes of the `.br` / `.gz` siblings, absent when none was written.
        public var br: Int?
        public var gzip: Int?
    }

    public static let fileName = "manifest.json"

    /// The Go version the wasm was built with (`go1.22.1`), when the binary says.
    public var goVersion: String?
    public var files: [String: Entry]

    public func encoded() throws(BuildError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try fileOperation("encode", Self.fileName) { try encoder.encode(self) }
    }
}
