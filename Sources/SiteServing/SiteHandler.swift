import Compression
import Dispatch
import DistLayout
import Foundation
import HTTPServer
import InputSafety
import PageRendering
import PrerenderCache
import Synchronization

/// Serves a dist folder: safe paths, exact MIME types, negotiated compression, validators and 304s,
/// Range, a Cache-Control policy, and optionally pre-rendered HTML pages. (`dev` puts its own endpoints in front,
/// DevServing's `DevRoutes`, and rewrites pages through `pageTransform`.)
public final class SiteHandler: HTTPHandler {
    /// Pre-rendered pages kept as this handler serves them.
    private typealias RenderedPages = PrerenderedPages<RenderedPage>

    public struct Options: Sendable {
        /// Unknown extensionless paths (`/about`, `/users/42`) get `/index.html` (client-side routing).
        public var singlePageApp = false
        /// HTML files are served as this rewrites them (`dev` injects its scripts); variants and validators are
        /// those of the rewritten page.
        public var pageTransform: (@Sendable ([UInt8]) -> [UInt8])?
        /// Compress compressible files in the background at start, so first requests get the smallest variant.
        public var precompressAtStart = true
        public var cache = VariantStore.Limits()
        /// HTML pages (direct, directory index, client-side route) are served as this renders them.
        public var prerendering: Prerendering?
        /// Problems worth an operator's attention (out of file descriptors); never blocks.
        public var problemLog: @Sendable (String) -> Void = { LogSink.standardError.writeLine($0) }
        /// Headers on every response (`--header`, `--coop-coep`, `--cors`), and CORS preflights.
        public var policy = ResponsePolicy()
        public init() {}
    }

    public let root: SiteRoot
    public let options: Options
    public let store: VariantStore
    private let renderedPages: RenderedPages?
    private let responses: ResponseCache
    private let hashedNames: HashedNames
    /// Where work that reads, hashes or compresses whole files runs, so no event loop waits for it.
    private let fileWork = DispatchQueue(label: "gowasm-serve.files", qos: .userInitiated, attributes: .concurrent)

    public static let allowedMethods = "GET, HEAD"

    /// Finished responses kept for repeat requests (one per file and coding preference).
    public var cachedResponseCount: Int { responses.count }

    public init(root: SiteRoot, options: Options = Options()) {
        self.root = root
        self.options = options
        var transform: (@Sendable (String, [UInt8]) -> [UInt8]?)?
        if let rewrite = options.pageTransform {
            transform = { path, bytes in MediaType.forFileName(path).isHTML ? rewrite(bytes) : nil }
        }
        // `cache.memory` bounds every cache together: finished responses get a quarter, rendered pages their
        // own share (`Prerendering.Limits.memory`), variants the rest.
        let renderedShare = min(options.prerendering?.limits.memory ?? 0, options.cache.memory / 4)
        var storeLimits = options.cache
        storeLimits.memory = options.cache.memory - options.cache.memory / 4 - renderedShare
        store = VariantStore(root: root, limits: storeLimits, transform: transform)
        renderedPages = options.prerendering.map {
            RenderedPages(renderer: $0.renderer, limits: $0.limits, clock: $0.clock, log: $0.log)
        }
        responses = ResponseCache(maxBodyBytes: options.cache.memory / 4)
        hashedNames = HashedNames(root: root)
        if options.precompressAtStart { store.prepareInBackground(Self.compressibleFiles(in: root)) }
    }

    public convenience init(directory: String, options: Options = Options()) throws(SiteRoot.Failure) {
        self.init(root: try SiteRoot(directory), options: options)
    }

    /// Answers at once, or later when a page is being pre-rendered in another process.
    public func respond(to request: HTTPRequest, reply: HTTPReply) {
        if let now = respond(to: request, replyLater: reply.send) { reply.send(now) }
    }

    /// The response now, or nil after arranging for `replyLater` to get it.
    private func respond(
        to request: HTTPRequest, replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        store.noteRequest()
        let policy = options.policy
        guard !policy.isEmpty else { return answer(request, replyLater: replyLater) }
        if let preflight = policy.preflightResponse(to: request, allowedMethods: Self.allowedMethods) {
            return preflight
        }
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
        let path: RequestPath
        do {
            path = try RequestPath(decoding: request.path)
        } catch {
            return ErrorPage.response(.badRequest, detail: "Refused: \(error).")
        }
        switch root.lookup(path) {
        case .file(let file):
            return serveFound(file, route: path, to: request, replyLater: replyLater)
        case .directoryWithoutSlash:
            let location = Self.slashRedirect(for: request)
            var response = ErrorPage.response(.movedPermanently, detail: "This folder lives at \(location).")
            response.headers["Location"] = location
            return response
        case .unavailable(let code):
            return unavailable(request, errno: code)
        case .notFound:
            if options.singlePageApp, path.isExtensionless, !path.touchesDotfile {
                switch root.lookup(RequestPath(segments: [], hasTrailingSlash: true)) {
                case .file(let index): return serveFound(index, route: path, to: request, replyLater: replyLater)
                case .unavailable(let code): return unavailable(request, errno: code)
                case .notFound, .directoryWithoutSlash: break
                }
            }
            return ErrorPage.response(.notFound, detail: "Nothing is served at \(request.path).")
        }
    }

    /// `Location` for a directory asked for without its slash: the path as sent, its leading slashes
    /// collapsed to one. `//static/` would be a network-path reference, that is another host named `static`.
    static func slashRedirect(for request: HTTPRequest) -> String {
        let path = "/" + request.path.drop { $0 == "/" }
        return path + "/" + (request.query.map { "?" + $0 } ?? "")
    }

    /// Out of descriptors or memory: 503 with Retry-After (the file is there; a 404 would be a lie that
    /// caches keep), and a line for the operator.
    private func unavailable(_ request: HTTPRequest, errno code: Int32) -> HTTPResponse {
        options.problemLog(
            "gowasm-serve: cannot open \(request.path): \(String(cString: strerror(code))) (answered 503)")
        return ErrorPage.response(
            .serviceUnavailable, detail: "The server is out of resources for a moment; try again.",
            headers: ["Retry-After": "1"])
    }

    /// A found file: from the response cache at once; otherwise on a worker when answering means reading,
    /// hashing or compressing (so the event loop goes on with other connections); else here.
    /// `route` is the request's path as matched: a page's rendering is shared by every spelling of it.
    private func serveFound(
        _ file: FoundFile, route: RequestPath, to request: HTTPRequest,
        replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        let type = MediaType.forFileName(file.path)
        if renderedPages != nil, type.isHTML {
            // Answered in request order (a render slot, or plain at once when the queue is full); the page
            // and its inputs are hashed on a worker the first time they are seen (see `servePage`).
            return servePage(file, type: type, route: route, to: request, replyLater: replyLater)
        }
        let accepts = AcceptEncoding(request)
        let cacheKey = ResponseCache.key(for: request, path: file.path, preference: accepts.preference)
        if let cacheKey, let cached = responses.response(for: cacheKey, file: file) { return cached }
        guard needsFileWork(file, type: type, accepts: accepts) else {
            return serve(file, type: type, to: request, accepts: accepts, cacheKey: cacheKey)
        }
        fileWork.async { [self] in
            replyLater(serve(file, type: type, to: request, accepts: accepts, cacheKey: cacheKey))
        }
        return nil
    }

    /// True when answering would read the file or compress it (nothing cached for this identity yet).
    private func needsFileWork(_ file: FoundFile, type: MediaType, accepts: AcceptEncoding) -> Bool {
        guard let version = store.cachedVersion(of: file) else { return true }
        guard type.isCompressible, version.size <= store.limits.compressibleFile else { return false }
        return [ContentCoding.br, .gzip].contains { coding in
            accepts.weight(of: coding) > 0 && !store.hasSettledVariant(coding, of: version)
        }
    }

    // MARK: - Pre-rendered pages

    /// The file at `path`; an HTML page as pre-rendered for the request's route when pages are pre-rendered.
    /// Once the page and its inputs were hashed (their versions cached), the lookup happens here. The first
    /// time (after a build), reading and hashing them (a 2.5 MB wasm) goes to a worker, as for files, after
    /// the request took its render slot or queue place here: a full queue is still answered at once.
    private func servePage(
        _ file: FoundFile, type: MediaType, route requestPath: RequestPath, to request: HTTPRequest,
        replyLater: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        let accepts = AcceptEncoding(request)
        guard let renderedPages, let relative = relativePath(of: file.path) else {
            return serve(file, type: type, to: request, accepts: accepts, cacheKey: nil)
        }
        let route = PageRoute(path: PageRoute.canonicalPath(requestPath), page: relative)
        let answer = { @Sendable [self] (outcome: RenderedPages.Outcome) in
            replyLater(serve(outcome, file, type: type, to: request, accepts: accepts))
        }
        if let page = store.cachedVersion(of: file),
            let inputs = renderedPages.knownInputs(of: route, pageHash: page.hash),
            let key = fingerprint(route, page: page, inputs: inputs, cachedOnly: true)
        {
            switch renderedPages.lookup(key, whenReady: answer) {
            case .ready(let outcome): return serve(outcome, file, type: type, to: request, accepts: accepts)
            case .waiting: return nil
            }
        }
        guard let admission = renderedPages.admit(route: route.path) else {
            return serve(file, type: type, to: request, accepts: accepts, cacheKey: nil)
        }
        fileWork.async { [self] in
            guard let page = try? store.version(of: file, type: type) else {
                renderedPages.release(admission)
                replyLater(serve(file, type: type, to: request, accepts: accepts, cacheKey: nil))
                return
            }
            let inputs = renderedPages.inputs(of: route, pageHash: page.hash) {
                page.bytes ?? (try? FileReader.read(file, keepBytes: { _ in true }))?.bytes
            }
            let key = fingerprint(route, page: page, inputs: inputs, cachedOnly: false)!  // gowasm: allow-trap: fingerprint returns nil only when cachedOnly is true
            if case .ready(let outcome) = renderedPages.lookup(key, admission: admission, whenReady: answer) {
                answer(outcome)
            }
        }
        return nil
    }

    private func serve(
        _ outcome: RenderedPages.Outcome, _ file: FoundFile, type: MediaType, to request: HTTPRequest,
        accepts: AcceptEncoding
    ) -> HTTPResponse {
        switch outcome {
        case .rendered(let page):
            // Its own cache holds the rendering; the response cache is for files as they are on disk.
            serve(page.version, file: nil, type: type, to: request, accepts: accepts, cacheKey: nil) {
                page.variants[$0]
            }
        case .plain:
            serve(file, type: type, to: request, accepts: accepts, cacheKey: nil)
        }
    }

    /// What a rendering of `route` is valid for: the page's content and its inputs' (stat, then a hash
    /// cached per file identity), and the newest modification time among them. `cachedOnly`: nil when an
    /// input would have to be read and hashed.
    private func fingerprint(
        _ route: PageRoute, page: FileVersion, inputs: [String], cachedOnly: Bool
    ) -> RenderedPages.Key? {
        var fingerprint = page.hash
        var identity = page.identity
        for input in inputs {
            let segments = input.split(separator: "/").map(String.init)
            guard case .file(let file) = root.lookup(RequestPath(segments: segments)) else {
                fingerprint += " -"
                continue
            }
            let version: FileVersion?
            if cachedOnly {
                guard let cached = store.cachedVersion(of: file) else { return nil }
                version = cached
            } else {
                version = try? store.version(of: file, type: MediaType.forFileName(file.path))
            }
            guard let version else {
                fingerprint += " -"
                continue
            }
            fingerprint += " " + version.hash
            identity.modified = max(identity.modified, file.identity.modified)
        }
        return RenderedPages.Key(route: route, fingerprint: fingerprint, identity: identity)
    }

    private func relativePath(of path: String) -> String? {
        let prefix = root.path == "/" ? "/" : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    // MARK: - One file

    private func serve(
        _ file: FoundFile, type: MediaType, to request: HTTPRequest, accepts: AcceptEncoding,
        cacheKey: ResponseCache.Key?
    ) -> HTTPResponse {
        let version: FileVersion
        do {
            version = try store.version(of: file, type: type)
        } catch let failure where failure.isResourceShortage {
            return unavailable(request, errno: failure.errno)
        } catch {
            // The file is open, so it exists: a read that fails is the server's problem, not a missing file.
            return ErrorPage.response(.internalServerError, detail: "\(request.path) could not be read.")
        }
        return serve(version, file: file, type: type, to: request, accepts: accepts, cacheKey: cacheKey) {
            [store] coding in
            store.variant(coding, of: version)
        }
    }

    /// One representation (a file's content, or a page's rendering): negotiation, validators, ranges.
    /// `variant(coding)` is its compressed form, or nil when compressing does not shrink it. `file` is the
    /// open file the identity bytes are sent from when they are not in memory. A final 200 is kept under
    /// `cacheKey` for the next identical request.
    private func serve(
        _ version: FileVersion, file: FoundFile?, type: MediaType, to request: HTTPRequest, accepts: AcceptEncoding,
        cacheKey: ResponseCache.Key?, variant makeVariant: (ContentCoding) -> Variant?
    ) -> HTTPResponse {
        let fileName = version.path.split(separator: "/").last ?? ""
        // A name whose caching depends on the manifest (an all-digit hash) is not kept: the manifest may change.
        let cacheKey = CachePolicy.mayHoldDecimalHash(fileName) ? nil : cacheKey
        var headers: HTTPHeaders = [
            "Content-Type": type.value,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": cachePolicy(fileName, path: version.path).headerValue,
            "Last-Modified": HTTPDate.format(version.identity.modifiedSeconds),
            "Accept-Ranges": "bytes",
        ]
        if type.isCompressible { headers["Vary"] = "Accept-Encoding" }

        // Pick the representation. A Range applies to the one a 200 would send (a range of the br bytes for
        // a client that accepts br), as nginx does with gzip_static: same ETag, same Content-Encoding.
        var candidates: [ContentCoding] =
            type.isCompressible && version.size <= store.limits.compressibleFile
            ? [.br, .gzip, .identity] : [.identity]
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
        let etag =
            variant.map { Variant.etag(hash: version.hash, coding: $0.coding, grade: $0.grade) }
            ?? Variant.etag(hash: version.hash, coding: .identity, grade: .final)
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

        let size = variant?.bytes.count ?? version.size
        let rangeHeader = request.method == "GET" ? request.headers["Range"] : nil
        if let rangeHeader, ifRangeHolds(request, etag: etag, version: version) {
            switch ByteRangeRequest(rangeHeader, size: size) {
            case .whole:
                break
            case .range(let range):
                headers["Content-Range"] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
                let part = variant.map { body(of: $0, range: range) } ?? body(of: version, file: file, range: range)
                return HTTPResponse(
                    status: .partialContent, headers: headers, body: part, logCoding: variant?.coding.rawValue)
            case .unsatisfiable:
                var response = ErrorPage.response(
                    .rangeNotSatisfiable, detail: "The range is outside the representation (\(size) bytes).")
                response.headers["Content-Range"] = "bytes */\(size)"
                if type.isCompressible { response.headers["Vary"] = "Accept-Encoding" }
                return response
            }
        }
        if let variant {
            let response = HTTPResponse(
                status: .ok, headers: headers, body: body(of: variant, range: nil), logCoding: variant.coding.rawValue)
            // Not kept: a quick variant the upgrade replaces. A large sibling is kept with its own descriptor
            // (the one its bytes were checked through); small siblings go from memory.
            if !variant.isFinal { return response }
            return responses.keeping(
                response, for: cacheKey, identity: version.identity, ownDescriptor: variant.sibling != nil)
        }
        return responses.keeping(
            HTTPResponse(status: .ok, headers: headers, body: body(of: version, file: file, range: nil)), for: cacheKey,
            identity: version.identity)
    }

    /// Compressed bytes are in memory; a large on-disk sibling goes out with sendfile from the descriptor
    /// its bytes were checked through.
    private func body(of variant: Variant, range: ClosedRange<Int>?) -> HTTPBody {
        let range = range ?? 0...(variant.bytes.count - 1)
        if let sibling = variant.sibling, range.count > store.limits.inMemoryFile {
            return .opened(sibling, offset: range.lowerBound, count: range.count)
        }
        return .bytes(range.count == variant.bytes.count ? variant.bytes : Array(variant.bytes[range]))
    }

    private func body(of version: FileVersion, file: FoundFile?, range: ClosedRange<Int>?) -> HTTPBody {
        guard version.size > 0 else { return .empty }
        let range = range ?? 0...(version.size - 1)
        if let bytes = version.bytes {
            return .bytes(range.count == bytes.count ? bytes : Array(bytes[range]))
        }
        // The store read this version through this very descriptor (or checked its identity against it).
        if let file, file.identity == version.identity {
            return .opened(file.file, offset: range.lowerBound, count: range.count)
        }
        return .file(path: version.path, offset: range.lowerBound, count: range.count)
    }

    /// Immutable for names with a content hash, or for names the dist's manifest lists (a hash that happens
    /// to be all decimal digits).
    private func cachePolicy(_ fileName: Substring, path: String) -> CachePolicy {
        let policy = CachePolicy.forFileName(fileName)
        guard policy == .revalidate, CachePolicy.mayHoldDecimalHash(fileName),
            let relative = relativePath(of: path), hashedNames.contains(relative)
        else { return policy }
        return .immutable
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
    private func notModified(_ request: HTTPRequest, coding: ContentCoding, hash: String, version: FileVersion) -> Bool
    {
        let ifNoneMatch = request.headers.values("If-None-Match")
        if !ifNoneMatch.isEmpty {
            let current = Set(Variant.Grade.allCases.map { Variant.etag(hash: hash, coding: coding, grade: $0) })
            return ifNoneMatch.contains { tag in
                tag == "*" || current.contains(tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag)
            }
        }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse) {
            return version.identity.modifiedSeconds <= since
        }
        return false
    }

    /// If-Range: the Range applies only when the validator still names the representation chosen.
    private func ifRangeHolds(_ request: HTTPRequest, etag: String, version: FileVersion) -> Bool {
        guard let validator = request.headers["If-Range"]?.trimmingHTTPWhitespace() else { return true }
        if validator.hasPrefix("\"") { return validator == etag }  // strong comparison
        if validator.hasPrefix("W/") { return false }
        return HTTPDate.parse(validator) == version.identity.modifiedSeconds
    }

    // MARK: - Warm-up

    /// Every compressible file name under the root (dotfiles skipped), up to a bound. Opened one at a time
    /// when compressed, not here.
    private static func compressibleFiles(in root: SiteRoot) -> [(path: String, type: MediaType)] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(path: String, type: MediaType)] = []
        while let relative = walker.nextObject() as? String, files.count < 10_000 {
            let segments = relative.split(separator: "/").map(String.init)
            if segments.last?.hasPrefix(".") == true { walker.skipDescendants() }
            let type = MediaType.forFileName(relative)
            guard type.isCompressible, let last = segments.last, !last.hasSuffix(".br"), !last.hasSuffix(".gz"),
                !segments.contains(where: { $0.hasPrefix(".") })
            else { continue }
            files.append((root.path + "/" + relative, type))
        }
        return files
    }
}
