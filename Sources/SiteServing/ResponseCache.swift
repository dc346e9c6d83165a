import DistLayout
import HTTPServer
import Synchronization

/// Finished `200` responses to plain requests (no conditionals, no Range), per file and coding preference,
/// valid for one file identity. A repeat request skips variant lookup, header building and date
/// formatting, and its headers go out pre-serialized (`HTTPHeaders.prepared()`).
///
/// The file is still opened on every request (by `SiteRoot.lookup`): an entry is used only while the
/// identity it was made for is the current one, so a rebuild on disk is seen at once. A large `.br`/`.gz`
/// sibling's response keeps the sibling open (at most `maxDescriptors` such entries). Only final
/// representations are kept (never a quick brotli-5 variant that the background upgrade will replace).
final class ResponseCache: Sendable {
    struct Key: Hashable, Sendable {
        let path: String
        /// What the request's `Accept-Encoding` means (one byte), never its raw bytes: a client cannot grow
        /// the cache by sending many spellings of one preference.
        let preference: CodingPreference
    }

    private struct Entry {
        let identity: FileIdentity
        /// With its body when that is bytes; a body from the requested file is kept as its range and sent
        /// from the descriptor the current request opened. A large precompressed sibling (`main.wasm.br`)
        /// stays open in its body: the descriptor its bytes were checked through, as the variant store holds it.
        let response: HTTPResponse
        let fileRange: (offset: Int, count: Int)?
        var holdsDescriptor: Bool { if case .opened = response.body { true } else { false } }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bodyBytes = 0
        /// Entries holding a sibling's descriptor open.
        var descriptors = 0
    }

    /// Beyond these the cache starts over: a dist's working set is small, and starting over only costs the
    /// slow path once per file.
    private let maxEntries: Int
    private let maxBodyBytes: Int
    private let state = Mutex(State())

    /// Entries that may hold a sibling's descriptor (a dist has a few large wasm files, not thousands).
    private let maxDescriptors: Int

    init(maxEntries: Int = 4096, maxBodyBytes: Int, maxDescriptors: Int = 64) {
        self.maxEntries = maxEntries
        self.maxBodyBytes = maxBodyBytes
        self.maxDescriptors = maxDescriptors
    }

    /// The key for `request` to file `path`, or nil when the answer depends on more than the file and the
    /// codings (validators, ranges).
    static func key(for request: HTTPRequest, path: String, preference: CodingPreference) -> Key? {
        for field in request.headers.fields {
            let name = field.name.utf8
            if name.first == UInt8(ascii: "i") || name.first == UInt8(ascii: "I") {
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
        return Key(path: path, preference: preference)
    }

    /// The response kept for `key`, valid while `file` is the version it was made for.
    func response(for key: Key, file: FoundFile) -> HTTPResponse? {
        guard let entry = state.withLock({ $0.entries[key] }), entry.identity == file.identity else { return nil }
        guard let range = entry.fileRange else { return entry.response }
        var response = entry.response
        response.body = .opened(file.file, offset: range.offset, count: range.count)
        return response
    }

    /// Keeps `response` (its headers prepared) for `key` while the file has `identity`. `ownDescriptor`: its
    /// `.opened` body is a sibling's, not the requested file's, and stays with the entry.
    func store(_ response: HTTPResponse, for key: Key, identity: FileIdentity, ownDescriptor: Bool = false) {
        var kept = response
        kept.headers = response.headers.prepared()
        var fileRange: (offset: Int, count: Int)?
        switch response.body {
        case .opened where ownDescriptor:
            break
        case .opened(_, let offset, let count):
            fileRange = (offset, count)
            kept.body = .empty
        case .file, .stream, .sizedStream, .tunnel:
            return
        case .empty, .bytes:
            break
        }
        let size =
            if case .bytes(let bytes) = response.body { bytes.count + key.path.utf8.count } else { key.path.utf8.count }
        guard size <= maxBodyBytes else { return }
        let entry = Entry(identity: identity, response: kept, fileRange: fileRange)
        state.withLock { state in
            if state.entries.count >= maxEntries || state.bodyBytes + size > maxBodyBytes
                || entry.holdsDescriptor && state.descriptors >= maxDescriptors
            {
                state.entries.removeAll(keepingCapacity: true)
                state.bodyBytes = 0
                state.descriptors = 0
            }
            if let old = state.entries.updateValue(entry, forKey: key) {
                state.bodyBytes -= Self.size(of: old, key: key)
                if old.holdsDescriptor { state.descriptors -= 1 }
            }
            state.bodyBytes += size
            if entry.holdsDescriptor { state.descriptors += 1 }
        }
    }

    private static func size(of entry: Entry, key: Key) -> Int {
        if case .bytes(let bytes) = entry.response.body { return bytes.count + key.path.utf8.count }
        return key.path.utf8.count
    }

    /// Responses kept now.
    var count: Int { state.withLock { $0.entries.count } }

    /// Returns `response` after keeping it, for the last line of a cacheable path.
    func keeping(
        _ response: HTTPResponse, for key: Key?, identity: FileIdentity, ownDescriptor: Bool = false
    ) -> HTTPResponse {
        if let key { store(response, for: key, identity: identity, ownDescriptor: ownDescriptor) }
        return response
    }
}
