/// The Content-Type of a file, chosen by extension, and whether compressing it pays off.
public struct MediaType: Sendable, Equatable {
    /// The full header value, e.g. `text/html; charset=utf-8` or exactly `application/wasm`.
    public let value: String
    /// Worth compressing: text-like formats. Images, fonts (woff/woff2), audio/video and archives are
    /// already compressed.
    public let isCompressible: Bool

    public static let octetStream = MediaType(value: "application/octet-stream", isCompressible: false)
    public static let html = text("text/html")

    public var isHTML: Bool { value.hasPrefix("text/html") }

    /// The type for a file name (case-insensitive extension); unknown extensions are `application/octet-stream`.
    /// Inlinable: called per request from other modules, where an unspecialized generic call costs more than it.
    @inlinable
    public static func forFileName(_ name: some StringProtocol) -> MediaType {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return .octetStream }
        return table[name[name.index(after: dot)...].lowercased()] ?? .octetStream
    }

    private static func text(_ type: String) -> MediaType {
        MediaType(value: type + "; charset=utf-8", isCompressible: true)
    }
    private static func compressible(_ type: String) -> MediaType { MediaType(value: type, isCompressible: true) }
    private static func binary(_ type: String) -> MediaType { MediaType(value: type, isCompressible: false) }

    @usableFromInline
    static let table: [String: MediaType] = [
        // Documents and code. JavaScript is text/javascript (RFC 9239).
        "html": html, "htm": html,
        "js": text("text/javascript"), "mjs": text("text/javascript"), "cjs": text("text/javascript"),
        "css": text("text/css"),
        "json": text("application/json"), "map": text("application/json"),
        "webmanifest": text("application/manifest+json"),
        "jsonld": text("application/ld+json"),
        "xml": text("application/xml"), "rss": text("application/rss+xml"), "atom": text("application/atom+xml"),
        "txt": text("text/plain"), "md": text("text/markdown"), "csv": text("text/csv"),
        "ics": text("text/calendar"), "vtt": text("text/vtt"),
        "svg": text("image/svg+xml"),
        // Exactly `application/wasm`, no parameters: streaming compilation rejects anything else.
        "wasm": compressible("application/wasm"),
        "wat": text("text/plain"),
        // Images.
        "png": binary("image/png"), "jpg": binary("image/jpeg"), "jpeg": binary("image/jpeg"),
        "gif": binary("image/gif"), "webp": binary("image/webp"), "avif": binary("image/avif"),
        "apng": binary("image/apng"), "bmp": compressible("image/bmp"),
        "ico": compressible("image/x-icon"), "cur": compressible("image/x-icon"),
        // Fonts: ttf/otf are uncompressed tables, woff/woff2 already compressed.
        "woff": binary("font/woff"), "woff2": binary("font/woff2"),
        "ttf": compressible("font/ttf"), "otf": compressible("font/otf"),
        // Audio and video.
        "mp4": binary("video/mp4"), "m4v": binary("video/mp4"), "webm": binary("video/webm"),
        "ogv": binary("video/ogg"), "mp3": binary("audio/mpeg"), "m4a": binary("audio/mp4"),
        "ogg": binary("audio/ogg"), "oga": binary("audio/ogg"), "opus": binary("audio/ogg"),
        "wav": compressible("audio/wav"), "flac": binary("audio/flac"),
        // Documents and archives.
        "pdf": binary("application/pdf"), "zip": binary("application/zip"), "gz": binary("application/gzip"),
        "br": binary("application/octet-stream"), "tar": compressible("application/x-tar"),
    ]
}
