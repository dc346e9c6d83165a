import HTTPServer
import Synchronization

/// Finished `200` responses to plain requests (no conditionals, no Range), per file and `Accept-Encoding`
/// value, valid for one file identity. A repeat request skips negotiation, header building and date
/// formatting, and its headers go out pre-serialized (`HTTPHeaders.prepared()`).
///
/// The file is still `stat`ed on every request (by `SiteRoot.lookup`): an entry is used only while the
/// identity it was made for is the current one, so a rebuild on disk is seen at once. Only final
/// representations are kept (never a quick brotli-5 variant that the background upgrade will replace).
final class ResponseCache: Sendable {
    struct Key: Hashable, Sendable {
        let path: String
        /// The request's `Accept-Encoding` values as sent (nil: no such field). Clients send few distinct ones.
        let acceptEncoding: String?
    }

    private struct Entry {
        let identity: FileIdentity
        let response: HTTPResponse
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bodyBytes = 0
    }

    /// Beyond these the cache starts over: a dist's working set is small, and starting over only costs the
    /// slow path once per file.
    private let maxEntries: Int
    private let maxBodyBytes: Int
    private let state = Mutex(State())

    init(maxEntries: Int = 4096, maxBodyBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBodyBytes = maxBodyBytes
    }

    /// The key for `request` to file `path`, or nil when the answer depends on more than the file and the
    /// codings (validators, ranges).
    static func key(for request: HTTPRequest, path: String) -> Key? {
        var acceptEncoding: String?
        for field in request.headers.fields {
            let name = field.name.utf8
            if name.count == 15, field.name.caseInsensitiveEquals("accept-encoding") {
                acceptEncoding = acceptEncoding.map { $0 + "," + field.value } ?? field.value
            } else if name.first == UInt8(ascii: "i") || name.first == UInt8(ascii: "I") {
                if field.name.caseInsensitiveEquals("if-match") || field.name.caseInsensitiveEquals("if-none-match")
                    || field.name.caseInsensitiveEquals("if-modified-since")
                    || field.name.caseInsensitiveEquals("if-unmodified-since")
                    || field.name.caseInsensitiveEquals("if-range")
                {
                    return nil
                }
            } else if name.count == 5, field.name.caseInsensitiveEquals("range") {
                return nil
            }
        }
        return Key(path: path, acceptEncoding: acceptEncoding)
    }

    func response(for key: Key, identity: FileIdentity) -> HTTPResponse? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.identity == identity else { return nil }
            return entry.response
        }
    }

    /// Keeps `response` (its headers prepared) for `key` while the file has `identity`.
    func store(_ response: HTTPResponse, for key: Key, identity: FileIdentity) {
        var kept = response
        kept.headers = response.headers.prepared()
        let size = if case .bytes(let bytes) = response.body { bytes.count } else { 0 }
        guard size <= maxBodyBytes else { return }
        state.withLock { state in
            if state.entries.count >= maxEntries || state.bodyBytes + size > maxBodyBytes {
                state.entries.removeAll(keepingCapacity: true)
                state.bodyBytes = 0
            }
            if let old = state.entries.updateValue(Entry(identity: identity, response: kept), forKey: key),
                case .bytes(let bytes) = old.response.body
            {
                state.bodyBytes -= bytes.count
            }
            state.bodyBytes += size
        }
    }

    /// Returns `response` after keeping it, for the last line of a cacheable path.
    func keeping(_ response: HTTPResponse, for key: Key?, identity: FileIdentity) -> HTTPResponse {
        if let key { store(response, for: key, identity: identity) }
        return response
    }
}
