import DistLayout
import Foundation
import PageRendering

extension PageRoute {
    /// The route of `path` as the server matched it: decoded once, empty segments dropped, each segment
    /// percent-encoded again in one canonical way, trailing slash kept. `/%61bout/` and `//about/` are
    /// `/about/`, so they share one rendering instead of each starting its own.
    public static func canonicalPath(_ path: RequestPath) -> String {
        guard !path.segments.isEmpty else { return "/" }
        let encoded = path.segments.map { $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? "" }
        return "/" + encoded.joined(separator: "/") + (path.hasTrailingSlash ? "/" : "")
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/%"))
}
