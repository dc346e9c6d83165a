import Compression
import Dispatch
import Foundation
import HTTPServer
import Synchronization

/// Serves a dist folder: safe paths, exact MIME types, negotiated compression, validators and 304s,
/// Range, a Cache-Control policy, (for the dev server) live reload, and optionally pre-rendered HTML pages.
public final class SiteHandler: DeferringHTTPHandler {
    public struct Options: Sendable {
        /// Unknown extensionless paths (`/about`, `/users/42`) get `/index.html` (client-side routing).
        public var singlePageApp = false
        /// Pushes reloads to browsers; with `injectLiveReload`, HTML pages load the client script.
        public var liveReload: LiveReload?
        public var injectLiveReload = false
        /// Compress compressible files in the background at start, so first requests get the smallest variant.
        public var precompressAtStart = true
        public var cache = VariantStore.Limits()
        /// HTML pages (direct, directory index, client-side route) are served as this renders them.
        public var prerendering: Prerendering?
        /// Headers on every response (`--header`, `--coop-coep`, `--cors`), and CORS preflights.
        public var policy = ResponsePolicy()
        public init() {}
    }

    /// Pre-rendering of HTML pages: who renders, within which bounds, and where events are reported.
    public struct Prerendering: Sendable {
        public struct Limits: Sendable {
            /// Routes whose rendering (or failure) is kept; least recently used ones go first.
            public var pages = 256
            /// Renders running at once (each is a process that keeps a core busy).
            public var concurrentRenders = max(1, ProcessInfo.processInfo.activeProcessorCount)
            /// Renders waiting for a slot; beyond this, pages are served plain at once.
            public var queuedRenders = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
            /// A failed render is tried again for a request after this long, not before.
            public var retryFailuresAfter: Duration = .seconds(30)
            public init() {}
        }

        public var renderer: any PageRenderer
        public var limits = Limits()
        /// Renders and fallbacks; called from any thread.
        public var log: @Sendable (PrerenderEvent) -> Void

        public init(renderer: any PageRenderer, log: @escaping @Sendable (PrerenderEvent) -> Void = { _ in }) {
            self.renderer = renderer
            self.log = log
        }
    }

    public let root: SiteRoot
    public let options: Options
    public let store: VariantStore
    private let renderedPages: PrerenderedPages?
    private let responses: ResponseCache

    public static let allowedMethods = "GET, HEAD"

    public init(root: SiteRoot, options: Options = Options()) {
        self.root = root
        self.options = options
        var transform: (@Sendable (String, [UInt8]) -> [UInt8]?)?
        if options.liveReload != nil, options.injectLiveReload {
            transform = { path, bytes in MediaType.forFileName(path).isHTML ? LiveReload.inject(into: bytes) : nil }
        }
        store = VariantStore(root: root, limits: options.cache, transform: transform)
        renderedPages = options.prerendering.map {
            PrerenderedPages(renderer: $0.renderer, limits: $0.limits, log: $0.log)
        }
        responses = ResponseCache(maxBodyBytes: options.cache.memory / 2)
        if options.precompressAtStart { store.prepareInBackground(Self.compressibleFiles(in: root)) }
    }

    public convenience init(directory: String, options: Options = Options()) throws(SiteRoot.Failure) {
        self.init(root: try SiteRoot(directory), options: options)
    }

    /// Answers at once; waits for a pre-rendering when one is needed (a server uses the deferring form).
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let reply = ReplySlot()
        if let response = respond(to: request, replyLater: { reply.fill($0) }) { return response }
        return reply.wait()
    }

    public func respond(
        to request: HTTPRequest, replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        let policy = options.policy
        guard !policy.isEmpty else { return answer(request, replyLater: replyLater) }
        if let preflight = policy.preflightResponse(to: request, allowedMethods: Self.allowedMethods) { return preflight }
        return answer(request) { replyLater(policy.apply(to: $0)) }.map(policy.apply)
    }

    /// The response as the site's files decide it, before the user's policy.
    private func answer(
        _ request: HTTPRequest, replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        guard request.method == "GET" || request.method == "HEAD" else {
            return ErrorPage.response(
                .methodNotAllowed, detail: "\(request.method) is not supported here; use GET or HEAD.",
                headers: ["Allow": Self.allowedMethods])
        }
        if let liveReload = options.liveReload {
            if request.path == LiveReload.eventsPath { return liveReload.eventsResponse() }
            if request.path == LiveReload.scriptPath { return liveReload.scriptResponse() }
        }
        let path: RequestPath
        do {
            path = try RequestPath(decoding: request.path)
        } catch {
            return ErrorPage.response(.badRequest, detail: "Refused: \(error).")
        }
        switch root.lookup(path) {
        case .file(let file, let identity):
            return servePage(file, identity: identity, to: request, replyLater: replyLater)
        case .directoryWithoutSlash:
            let location = request.path + "/" + (request.query.map { "?" + $0 } ?? "")
            var response = ErrorPage.response(.movedPermanently, detail: "This folder lives at \(location).")
            response.headers["Location"] = location
            return response
        case .notFound:
            if options.singlePageApp, path.isExtensionless, !path.touchesDotfile,
                case .file(let index, let identity) = root.lookup(RequestPath(segments: [], hasTrailingSlash: true))
            {
                return servePage(index, identity: identity, to: request, replyLater: replyLater)
            }
            return ErrorPage.response(.notFound, detail: "Nothing is served at \(request.path).")
        }
    }

    // MARK: - Pre-rendered pages

    /// The file at `path`; an HTML page as pre-rendered for the request's route when pages are pre-rendered.
    private func servePage(
        _ path: String, identity: FileIdentity, to request: HTTPRequest,
        replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        let type = MediaType.forFileName(path)
        guard let renderedPages, type.isHTML, let relative = relativePath(of: path),
            let page = try? store.version(of: path, identity: identity, type: type)
        else { return serve(path, identity: identity, to: request) }
        let route = PageRoute(path: request.path, page: relative)
        let inputs = renderedPages.inputs(of: route, pageHash: page.hash) {
            page.bytes ?? (try? FileReader.read(path, keepBytes: { _ in true }))?.bytes
        }
        let key = fingerprint(route, page: page, inputs: inputs)
        let lookup = renderedPages.lookup(key) { [self] outcome in
            replyLater(serve(outcome, path, identity: identity, to: request))
        }
        switch lookup {
        case .ready(let outcome): return serve(outcome, path, identity: identity, to: request)
        case .waiting: return nil
        }
    }

    private func serve(
        _ outcome: PrerenderedPages.Outcome, _ path: String, identity: FileIdentity, to request: HTTPRequest
    ) -> HTTPResponse {
        switch outcome {
        case .rendered(let page):
            // Its own cache holds the rendering; the response cache is for files as they are on disk.
            serve(page.version, type: MediaType.forFileName(path), to: request, cacheKey: nil) { page.variants[$0] }
        case .plain:
            serve(path, identity: identity, to: request)
        }
    }

    /// What a rendering of `route` is valid for: the page's content and its inputs' (stat, then a hash
    /// cached per file identity), and the newest modification time among them.
    private func fingerprint(_ route: PageRoute, page: FileVersion, inputs: [String]) -> PrerenderedPages.Key {
        var fingerprint = page.hash
        var identity = page.identity
        for input in inputs {
            let segments = input.split(separator: "/").map(String.init)
            guard case .file(let file, let inputIdentity) = root.lookup(RequestPath(segments: segments)),
                let version = try? store.version(of: file, identity: inputIdentity, type: MediaType.forFileName(file))
            else {
                fingerprint += " -"
                continue
            }
            fingerprint += " " + version.hash
            identity.modified = max(identity.modified, inputIdentity.modified)
        }
        return PrerenderedPages.Key(route: route, fingerprint: fingerprint, identity: identity)
    }

    private func relativePath(of path: String) -> String? {
        let prefix = root.path == "/" ? "/" : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    // MARK: - One file

    private func serve(_ path: String, identity: FileIdentity, to request: HTTPRequest) -> HTTPResponse {
        let cacheKey = ResponseCache.key(for: request, path: path)
        if let cacheKey, let cached = responses.response(for: cacheKey, identity: identity) { return cached }
        let type = MediaType.forFileName(path)
        let version: FileVersion
        do {
            version = try store.version(of: path, identity: identity, type: type)
        } catch {
            // Deleted between stat and open (a rebuild in progress): as if it had never been there.
            return ErrorPage.response(.notFound, detail: "Nothing is served at \(request.path).")
        }
        return serve(version, type: type, to: request, cacheKey: cacheKey) { [store] coding in
            store.variant(coding, of: version)
        }
    }

    /// One representation (a file's content, or a page's rendering): negotiation, validators, ranges.
    /// `variant(coding)` is its compressed form, or nil when compressing does not shrink it. A final 200 is
    /// kept under `cacheKey` for the next identical request.
    private func serve(
        _ version: FileVersion, type: MediaType, to request: HTTPRequest, cacheKey: ResponseCache.Key?,
        variant makeVariant: (ContentCoding) -> Variant?
    ) -> HTTPResponse {
        let fileName = version.path.split(separator: "/").last ?? ""
        var headers: HTTPHeaders = [
            "Content-Type": type.value,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": CachePolicy.forFileName(fileName).headerValue,
            "Last-Modified": HTTPDate.format(version.identity.modifiedSeconds),
            "Accept-Ranges": "bytes",
        ]
        if type.isCompressible { headers["Vary"] = "Accept-Encoding" }

        let identityTag = "\"\(version.hash)\""
        let accepts = AcceptEncoding(request.headers.contains("Accept-Encoding") ? request.headers.values("Accept-Encoding") : nil)
        let rangeHeader = request.method == "GET" ? request.headers["Range"] : nil
        let wantsRange = rangeHeader != nil && ifRangeHolds(request, identityTag: identityTag, version: version)

        // Pick the representation: a range request gets identity (ranges apply to it alone).
        var candidates: [ContentCoding] =
            type.isCompressible && version.size <= store.limits.compressibleFile ? [.br, .gzip, .identity] : [.identity]
        if wantsRange, accepts.weight(of: .identity) > 0 { candidates = [.identity] }
        var variant: Variant?
        var coding: ContentCoding?
        while let choice = accepts.choose(from: candidates) {
            if choice == .identity {
                coding = .identity
                break
            }
            if let made = makeVariant(choice) {
                variant = made
                coding = choice
                break
            }
            candidates.removeAll { $0 == choice }  // compressing does not shrink this file
        }
        guard let coding else {
            return ErrorPage.response(
                .init(406, "Not Acceptable"), detail: "No content coding acceptable to this client is available.",
                headers: type.isCompressible ? ["Vary": "Accept-Encoding"] : [:])
        }
        let etag = variant.map { "\"\(version.hash)-\($0.tag)\"" } ?? identityTag
        headers["ETag"] = etag
        if let variant { headers["Content-Encoding"] = variant.coding.rawValue }

        if let failed = preconditionFailure(request, etag: etag, version: version) {
            headers["Content-Encoding"] = nil
            return HTTPResponse(status: failed, headers: headers)
        }
        if notModified(request, coding: coding, hash: version.hash, version: version) {
            headers["Content-Encoding"] = nil
            return HTTPResponse(status: .notModified, headers: headers, logCoding: variant?.coding.rawValue)
        }
        if let variant {
            // A large precompressed sibling goes out with sendfile, as large files do.
            let body: HTTPBody =
                if let sibling = variant.siblingPath, variant.bytes.count > store.limits.inMemoryFile {
                    .file(path: sibling, offset: 0, count: variant.bytes.count)
                } else {
                    .bytes(variant.bytes)
                }
            let response = HTTPResponse(
                status: .ok, headers: headers, body: body, logCoding: variant.coding.rawValue)
            return variant.isFinal ? responses.keeping(response, for: cacheKey, identity: version.identity) : response
        }
        if wantsRange, let rangeHeader {
            switch ByteRangeRequest(rangeHeader, size: version.size) {
            case .whole:
                break
            case .range(let range):
                headers["Content-Range"] = "bytes \(range.lowerBound)-\(range.upperBound)/\(version.size)"
                return HTTPResponse(status: .partialContent, headers: headers, body: body(of: version, range: range))
            case .unsatisfiable:
                var response = ErrorPage.response(
                    .rangeNotSatisfiable, detail: "The range is outside the file (\(version.size) bytes).")
                response.headers["Content-Range"] = "bytes */\(version.size)"
                if type.isCompressible { response.headers["Vary"] = "Accept-Encoding" }
                return response
            }
        }
        return responses.keeping(
            HTTPResponse(status: .ok, headers: headers, body: body(of: version, range: nil)), for: cacheKey,
            identity: version.identity)
    }

    private func body(of version: FileVersion, range: ClosedRange<Int>?) -> HTTPBody {
        guard version.size > 0 else { return .empty }
        let range = range ?? 0...(version.size - 1)
        if let bytes = version.bytes {
            return .bytes(range.count == bytes.count ? bytes : Array(bytes[range]))
        }
        return .file(path: version.path, offset: range.lowerBound, count: range.count)
    }

    // MARK: - Conditional requests (RFC 9110 §13.2.2 order)

    /// If-Match / If-Unmodified-Since that fail → 412.
    private func preconditionFailure(_ request: HTTPRequest, etag: String, version: FileVersion) -> HTTPStatus? {
        let ifMatch = request.headers.values("If-Match")
        if !ifMatch.isEmpty {
            return ifMatch.contains("*") || ifMatch.contains(etag) ? nil : .preconditionFailed
        }
        if let since = request.headers["If-Unmodified-Since"].flatMap(HTTPDate.parse),
            version.identity.modifiedSeconds > since
        {
            return .preconditionFailed
        }
        return nil
    }

    /// If-None-Match (weak comparison; any variant tag of this content in this coding counts, since they
    /// decode to the same bytes) or, without it, If-Modified-Since.
    private func notModified(_ request: HTTPRequest, coding: ContentCoding, hash: String, version: FileVersion) -> Bool {
        let ifNoneMatch = request.headers.values("If-None-Match")
        if !ifNoneMatch.isEmpty {
            let suffixes: [String] = switch coding {
            case .identity: [""]
            case .br: ["-br", "-br5"]
            case .gzip: ["-gz", "-gz6"]
            }
            let current = Set(suffixes.map { "\"\(hash)\($0)\"" })
            return ifNoneMatch.contains { tag in
                tag == "*" || current.contains(tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag)
            }
        }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse) {
            return version.identity.modifiedSeconds <= since
        }
        return false
    }

    /// If-Range: the Range applies only when the validator still names the identity representation.
    private func ifRangeHolds(_ request: HTTPRequest, identityTag: String, version: FileVersion) -> Bool {
        guard let validator = request.headers["If-Range"]?.trimmingHTTPWhitespace() else { return true }
        if validator.hasPrefix("\"") { return validator == identityTag }  // strong comparison
        if validator.hasPrefix("W/") { return false }
        return HTTPDate.parse(validator) == version.identity.modifiedSeconds
    }

    // MARK: - Warm-up

    /// Every compressible regular file under the root (dotfiles skipped), up to a bound.
    private static func compressibleFiles(in root: SiteRoot) -> [(path: String, identity: FileIdentity, type: MediaType)] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(path: String, identity: FileIdentity, type: MediaType)] = []
        while let relative = walker.nextObject() as? String, files.count < 10_000 {
            let segments = relative.split(separator: "/").map(String.init)
            if segments.last?.hasPrefix(".") == true { walker.skipDescendants() }
            let type = MediaType.forFileName(relative)
            guard type.isCompressible, let last = segments.last, !last.hasSuffix(".br"), !last.hasSuffix(".gz"),
                case .file(let path, let identity) = root.lookup(RequestPath(segments: segments))
            else { continue }
            files.append((path, identity, type))
        }
        return files
    }
}

/// Holds the one reply a deferred answer delivers, for a caller that waits for it.
private final class ReplySlot: Sendable {
    private let response = Mutex<HTTPResponse?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    func fill(_ reply: HTTPResponse) {
        response.withLock { $0 = reply }
        filled.signal()
    }

    func wait() -> HTTPResponse {
        filled.wait()
        return response.withLock { $0 } ?? ErrorPage.response(.internalServerError, detail: "No reply.")
    }
}
