/// Which `Cache-Control` a file gets. Names that carry a content hash never change content, so browsers may
/// keep them for a year without asking; everything else must be revalidated (cheap: ETag → 304).
public enum CachePolicy: Sendable, Equatable {
    case immutable
    case revalidate

    public var headerValue: String {
        switch self {
        // No `public`: it only matters for responses to requests with Authorization, and REDbot 2.7 (httplint)
        // reports it on this response as WARN "Cache-Control: public is probably not necessary"
        // (STORE_PUBLIC_UNNECESSARY, raised whenever a response has explicit freshness).
        case .immutable: "max-age=31536000, immutable"
        case .revalidate: "no-cache"
        }
    }

    public static func forFileName(_ name: some StringProtocol) -> CachePolicy {
        hasContentHash(name) ? .immutable : .revalidate
    }

    /// A run of at least 8 hex digits between separators (`.`, `-`, `_`, `~`, `+`, or the ends of the name):
    /// `main.8f3a9c1b.wasm`, `app-5d41402abc.js`, `chunk_0123abcd.css`.
    public static func hasContentHash(_ name: some StringProtocol) -> Bool {
        let separators: Set<Character> = [".", "-", "_", "~", "+"]
        return name.split(whereSeparator: { separators.contains($0) }).contains { part in
            part.count >= 8 && part.allSatisfy(\.isHexDigit)
        }
    }
}
