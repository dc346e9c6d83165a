import Compression
import Dispatch
import DistLayout
import Foundation
import HTTPServer
import Synchronization

/// A compressed representation of one file version.
public struct Variant: Sendable {
    public let coding: ContentCoding
    public let bytes: [UInt8]
    public let grade: Grade
    /// The on-disk sibling (`main.wasm.br`) these bytes were read from, still open, so a large one can go
    /// out with sendfile like any file (and is the very file whose bytes were checked); nil for variants
    /// made here.
    public internal(set) var sibling: OpenedFile? = nil

    /// How hard the bytes were compressed. Different bytes, different strong ETag: each grade has its own.
    public enum Grade: Sendable, CaseIterable {
        /// The smallest we make (brotli 11, gzip 9), or an on-disk sibling.
        case final
        /// Made at a quick level (brotli 5, gzip 6), served while the smallest is being made.
        case quick
    }

    public var isFinal: Bool { grade == .final }

    /// The strong ETag of `hash`'s content in `coding` at `grade`: `"<hash>"` for identity, else
    /// `"<hash>-br"`/`"<hash>-gz"`, or `"<hash>-br5"`/`"<hash>-gz6"` for the quick grade.
    public static func etag(hash: String, coding: ContentCoding, grade: Grade) -> String {
        let suffix: String =
            switch (coding, grade) {
            case (.identity, _): ""
            case (.br, .final): "-br"
            case (.br, .quick): "-br5"
            case (.gzip, .final): "-gz"
            case (.gzip, .quick): "-gz6"
            }
        return "\"\(hash)\(suffix)\""
    }
}

/// One version of one file as served: its identity, content hash and (when small) its bytes.
public struct FileVersion: Sendable {
    public let path: String
    public let identity: FileIdentity
    public let hash: String
    public let size: Int
    /// The identity body when held in memory (small files, and HTML with an injected script).
    public let bytes: [UInt8]?
    /// The content was rewritten before serving (live-reload script), so on-disk siblings do not apply.
    public let isTransformed: Bool
}

/// Produces and caches compressed variants per file content, bounded in memory.
///
/// The first request for a large file must not wait for brotli 11 (seconds on a 2.5 MB wasm), so a
/// missing variant is made quickly (brotli 5 / gzip 6) and the smallest one replaces it in the background.
/// Entries are keyed by path and checked against the file's identity on every request, so a rebuild on disk
/// is seen at once. Concurrent first requests share one read and one compression.
public final class VariantStore: Sendable {
    public struct Limits: Sendable {
        /// Total bytes of cached bodies and variants; least recently used files are dropped beyond it.
        public var memory: Int = 256 << 20
        /// Identity bodies up to this size are kept in memory (one write with the head); larger ones go
        /// out with sendfile.
        public var inMemoryFile: Int = 256 << 10
        /// Files larger than this are served uncompressed (compressing them per version costs too much).
        public var compressibleFile: Int = 64 << 20
        public init() {}
    }

    private struct Entry {
        var version: FileVersion
        var variants: [ContentCoding: Variant] = [:]
        /// Codings checked and found not to shrink the file.
        var noGain: Set<ContentCoding> = []
        /// Codings whose smallest variant is being made in the background.
        var upgrading: Set<ContentCoding> = []
        var lastUse: UInt64 = 0
        var cost: Int {
            (version.bytes?.count ?? 0) + variants.values.reduce(0) { $0 + $1.bytes.count }  // gowasm: allow-trap: sizes of byte arrays held in memory: their sum cannot reach Int.max
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
        var bytes = 0
        /// Work another request is doing right now; wait for it instead of repeating it.
        var inFlight: [String: DispatchGroup] = [:]
    }

    public let limits: Limits
    private let root: SiteRoot
    private let transform: (@Sendable (String, [UInt8]) -> [UInt8]?)?
    private let state = Mutex(State())
    /// Compression nobody waits for (warm-up, upgrades to the smallest variant), on a thread at idle priority.
    private let background = IdleWorker(name: "gowasm-serve.compress")
    /// Requests seen (`noteRequest`) while a background compression runs, which it steps aside for
    /// (`BackgroundYield`). Counted only then: the rest of the time a request only reads `compressing`, so
    /// the two loop threads do not contend for the counter's cache line on every request.
    private let requests = Atomic<UInt64>(0)
    private let compressing = Atomic<Bool>(false)

    /// `transform(path, bytes)` may rewrite a file's content before it is served (live-reload injection);
    /// nil from it means "unchanged". Files it rewrites are always held in memory.
    public init(
        root: SiteRoot, limits: Limits = Limits(), transform: (@Sendable (String, [UInt8]) -> [UInt8]?)? = nil
    ) {
        self.root = root
        self.limits = limits
        self.transform = transform
    }

    /// The version of `file` (opened at lookup): cached while its identity holds, else read from its
    /// descriptor, so the version always describes the bytes that descriptor sends.
    public func version(of file: FoundFile, type: MediaType) throws(FileReadError) -> FileVersion {
        if let cached = touch(file.path, file.identity) { return cached.version }
        return try deduplicated("load:" + file.path) { () throws(FileReadError) -> FileVersion in
            if let cached = touch(file.path, file.identity) { return cached.version }
            let version = try load(file, type: type)
            insert(Entry(version: version))
            return version
        }
    }

    /// The cached version for `file`, without reading anything (nil when it would take a read).
    public func cachedVersion(of file: FoundFile) -> FileVersion? {
        touch(file.path, file.identity)?.version
    }

    /// True when `coding`'s variant of `version` is known (made, or known not to shrink it): asking for it
    /// costs no compression and no file read.
    public func hasSettledVariant(_ coding: ContentCoding, of version: FileVersion) -> Bool {
        lookupVariant(coding, version) != nil
    }

    /// The `coding` variant of `version`, or nil when compressing does not make it smaller.
    public func variant(_ coding: ContentCoding, of version: FileVersion) -> Variant? {
        precondition(coding != .identity, "identity has no variant")
        if let known = lookupVariant(coding, version) { return known }
        return try? deduplicated("\(coding):" + version.path) { () throws(CompressionError) -> Variant? in
            if let known = lookupVariant(coding, version) { return known }
            guard let original = readBytes(version) else { return nil }
            let made: Variant
            if let onDisk = sibling(coding, of: version) {
                made = onDisk
            } else {
                let quick = try coding.encode(original, fast: true)
                made = Variant(coding: coding, bytes: quick, grade: .quick)
            }
            let kept = made.bytes.count < version.size ? made : nil
            record(kept, coding, version)
            if let kept, !kept.isFinal { upgradeInBackground(coding, version, original) }
            return kept
        } ?? nil
    }

    /// Makes the smallest variants of `paths` in the background (a server warming up at start), at idle
    /// priority: requests keep the CPU while this runs.
    public func prepareInBackground(_ files: [(path: String, type: MediaType)]) {
        background.async { [self] in
            for file in files where file.type.isCompressible {
                guard let found = root.openRegularFile(atPath: file.path),
                    found.identity.size <= limits.compressibleFile,
                    let version = try? version(of: found, type: file.type),
                    let original = readBytes(version)
                else { continue }
                for coding in [ContentCoding.br, .gzip] where lookupVariant(coding, version) == nil {
                    let best =
                        sibling(coding, of: version)
                        ?? (try? encodeStepAside(coding, original))
                        .map { Variant(coding: coding, bytes: $0, grade: .final) }
                    record(best.flatMap { $0.bytes.count < version.size ? $0 : nil }, coding, version)
                }
            }
        }
    }

    /// Counts a request, so background compression pauses while requests come in.
    public func noteRequest() {
        if compressing.load(ordering: .relaxed) { requests.add(1, ordering: .relaxed) }
    }

    /// The best (slow) encoding of `bytes`, pausing between pieces while requests come in.
    private func encodeStepAside(_ coding: ContentCoding, _ bytes: [UInt8]) throws(CompressionError) -> [UInt8] {
        compressing.store(true, ordering: .relaxed)  // one background worker: no other encoding overlaps
        defer { compressing.store(false, ordering: .relaxed) }
        var yield = BackgroundYield(requests: requests.load(ordering: .relaxed))
        return try coding.encode(bytes, fast: false) { [self] in
            while case .wait(let nanoseconds) = yield.next(requests: requests.load(ordering: .relaxed)) {
                usleep(UInt32(nanoseconds / 1000))  // gowasm: allow-trap: BackgroundYield's own waits (milliseconds)
            }
        }
    }

    /// Blocks until background compression queued so far is done (tests, and graceful shutdown).
    public func waitForBackgroundWork() { background.waitUntilIdle() }

    /// Bytes held by the cache now.
    public var cachedBytes: Int { state.withLock { $0.bytes } }

    // MARK: - Internals

    private func touch(_ path: String, _ identity: FileIdentity) -> Entry? {
        state.withLock { state in
            guard var entry = state.entries[path] else { return nil }
            guard entry.version.identity == identity else {
                state.bytes -= entry.cost
                state.entries[path] = nil
                return nil
            }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[path] = entry
            return entry
        }
    }

    private func lookupVariant(_ coding: ContentCoding, _ version: FileVersion) -> Variant?? {
        state.withLock { state in
            guard let entry = state.entries[version.path], entry.version.hash == version.hash,
                entry.version.identity == version.identity
            else { return nil }
            if entry.noGain.contains(coding) { return .some(nil) }
            return entry.variants[coding].map { .some($0) }
        }
    }

    private func load(_ file: FoundFile, type: MediaType) throws(FileReadError) -> FileVersion {
        let path = file.path
        let inMemoryLimit = limits.inMemoryFile
        let keep = type.isHTML && transform != nil || type.isCompressible
        var contents = try FileReader.read(file) { size in
            size <= inMemoryLimit || (keep && size <= self.limits.compressibleFile)
        }
        if let transform, let bytes = contents.bytes, let rewritten = transform(path, bytes) {
            contents.bytes = rewritten
            contents.hash = ContentHash.of(rewritten)
        }
        let size = contents.bytes?.count ?? contents.identity.size
        let isRewritten = contents.bytes.map { $0.count != contents.identity.size } ?? false
        // Keep large compressible bodies only long enough to compress them: identity goes out with sendfile.
        let kept = size <= inMemoryLimit || isRewritten ? contents.bytes : nil
        return FileVersion(
            path: path, identity: contents.identity, hash: contents.hash, size: size, bytes: kept,
            isTransformed: isRewritten)
    }

    /// The identity bytes of `version`: held in memory, or read again (only when making a variant).
    private func readBytes(_ version: FileVersion) -> [UInt8]? {
        if let bytes = version.bytes { return bytes }
        guard let file = root.openRegularFile(atPath: version.path),
            let contents = try? FileReader.read(file, keepBytes: { _ in true }),
            contents.identity == version.identity, contents.hash == version.hash
        else { return nil }
        return contents.bytes
    }

    /// A precompressed `main.wasm.br` / `.gz` next to the file, used when it decodes to the file's current
    /// content (checked once per file version). Comparing content rather than times: `brotli -k` keeps the
    /// source's mtime truncated to the second, so a fresh sibling can look older, and a stale one written in
    /// the same second as a rebuild can look current.
    private func sibling(_ coding: ContentCoding, of version: FileVersion) -> Variant? {
        guard !version.isTransformed, let suffix = coding.siblingSuffix,
            let file = root.openRegularFile(atPath: version.path + suffix), file.identity.size < version.size,
            let contents = try? FileReader.read(file, keepBytes: { _ in true }),
            let bytes = contents.bytes, coding.matchesMagic(bytes),
            let decoded = try? coding.decode(bytes, limit: version.size), decoded.count == version.size,
            ContentHash.of(decoded) == version.hash
        else { return nil }
        return Variant(
            coding: coding, bytes: bytes, grade: .final, sibling: file.file)
    }

    private func upgradeInBackground(_ coding: ContentCoding, _ version: FileVersion, _ original: [UInt8]) {
        let claimed = state.withLock { state -> Bool in
            guard state.entries[version.path]?.version.hash == version.hash,
                state.entries[version.path]?.upgrading.insert(coding).inserted == true
            else { return false }
            return true
        }
        guard claimed else { return }
        background.async { [self] in
            guard let bytes = try? encodeStepAside(coding, original) else { return }
            let best = Variant(coding: coding, bytes: bytes, grade: .final)
            state.withLock { state in
                guard var entry = state.entries[version.path], entry.version.identity == version.identity,
                    let current = entry.variants[coding], bytes.count <= current.bytes.count
                else { return }
                state.bytes -= entry.cost
                entry.variants[coding] = best
                entry.upgrading.remove(coding)
                state.bytes += entry.cost
                state.entries[version.path] = entry
            }
        }
    }

    private func record(_ variant: Variant?, _ coding: ContentCoding, _ version: FileVersion) {
        state.withLock { state in
            guard var entry = state.entries[version.path], entry.version.identity == version.identity else { return }
            state.bytes -= entry.cost
            if let variant { entry.variants[coding] = variant } else { entry.noGain.insert(coding) }
            state.bytes += entry.cost
            state.entries[version.path] = entry
            evict(&state, keeping: version.path)
        }
    }

    private func insert(_ entry: Entry) {
        state.withLock { state in
            if let old = state.entries[entry.version.path] { state.bytes -= old.cost }
            var entry = entry
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[entry.version.path] = entry
            state.bytes += entry.cost
            evict(&state, keeping: entry.version.path)
        }
    }

    /// Drops least recently used entries until the cache fits its budget (never the one just used).
    private func evict(_ state: inout State, keeping path: String) {
        while state.bytes > limits.memory {
            guard let victim = state.entries.filter({ $0.key != path }).min(by: { $0.value.lastUse < $1.value.lastUse })
            else { return }
            state.bytes -= victim.value.cost
            state.entries[victim.key] = nil
        }
    }

    /// Runs `work` once per `key` at a time; concurrent callers wait and then run their own (cheap) re-check.
    private func deduplicated<T, E: Error>(_ key: String, _ work: () throws(E) -> T) throws(E) -> T {
        while true {
            let (group, mine) = state.withLock { state -> (DispatchGroup, Bool) in
                if let running = state.inFlight[key] { return (running, false) }
                let group = DispatchGroup()
                group.enter()
                state.inFlight[key] = group
                return (group, true)
            }
            guard mine else {
                group.wait()
                continue
            }
            defer {
                state.withLock { $0.inFlight[key] = nil }
                group.leave()
            }
            return try work()
        }
    }
}

/// One thread running closures in order at the lowest CPU priority (Linux SCHED_IDLE, else nice 19): work
/// that may take seconds (brotli 11 of a large wasm) uses only CPU time nothing else wants.
public final class IdleWorker: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var running = false
    }
    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)

    public init(name: String) {
        let thread = Thread { [self] in
            Self.lowerPriority()
            run()
        }
        thread.name = name
        thread.start()
    }

    public func async(_ job: @escaping @Sendable () -> Void) {
        state.withLock { $0.jobs.append(job) }
        ready.signal()
    }

    /// Blocks until every job queued before the call has run.
    func waitUntilIdle() {
        let done = DispatchSemaphore(value: 0)
        async { done.signal() }
        done.wait()
    }

    private func run() {
        while true {
            ready.wait()
            guard let job = state.withLock({ $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }) else { continue }
            job()
        }
    }

    private static func lowerPriority() {
        var parameters = sched_param()
        parameters.sched_priority = 0
        let schedIdle: Int32 = 5  // SCHED_IDLE (linux/sched.h); applies to the calling thread
        if sched_setscheduler(0, schedIdle, &parameters) == 0 { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    }
}
