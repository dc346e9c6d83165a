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

    // Inlinable, as the other rules here: called per response from other modules, where an unspecialized
    // generic call would cost more than the rule.
    @inlinable
    public static func forFileName(_ name: some StringProtocol) -> CachePolicy {
        hasContentHash(name) ? .immutable : .revalidate
    }

    /// A run of at least 8 hex digits with at least one letter among them, between separators (`.`, `-`,
    /// `_`, `~`, `+`, or the ends of the name): `main.8f3a9c1b.wasm`, `app-5d41402abc.js`,
    /// `chunk_0123abcd.css`. Digits alone are dates and counters far more often than hashes
    /// (`report-20241129.json`); such names count only when the dist's manifest lists them. The one rule:
    /// `serve`, `export` and `check` all judge by it.
    @inlinable
    public static func hasContentHash(_ name: some StringProtocol) -> Bool {
        hexRuns(name).contains { run in run.contains { !$0.isNumber } }
    }

    /// A run of at least 8 decimal digits that would be a hash if the dist says so.
    @inlinable
    public static func mayHoldDecimalHash(_ name: some StringProtocol) -> Bool {
        hexRuns(name).contains { run in run.allSatisfy(\.isNumber) }
    }

    @inlinable
    static func hexRuns(_ name: some StringProtocol) -> [Substring] {
        let separators: Set<Character> = [".", "-", "_", "~", "+"]
        return Substring(name).split(whereSeparator: { separators.contains($0) }).filter { part in
            part.count >= 8 && part.allSatisfy(\.isHexDigit)
        }
    }
}
