import Dispatch
import DistLayout
import PageRendering
import Synchronization

/// What the cache keeps of one rendering, made by the module that serves it (SiteServing: the page as a
/// file version with its compressed variants).
public protocol CachedRendering: Sendable {
    /// Made once per rendering, on the render's thread (never a connection's loop). `identity` is the
    /// page file's, with the newest modification time among the page and its inputs.
    init(_ bytes: [UInt8], page: String, identity: FileIdentity)
    /// Bytes held, counted against `Prerendering.Limits.memory`.
    var heldBytes: Int { get }
}

/// Renderings per route, each valid for one fingerprint (the content of the page and of the renderer's
/// inputs): a warm hit costs no render, a rebuild misses. Concurrent requests for one route share one render;
/// at most `rendersAtOnce` run at once (the configured count, within the total render memory), a bounded
/// number wait, and beyond that the plain page is served. New renders start at most `rendersPerMinute`
/// (a token bucket): a client walking through `/r1`, `/r2`, ... gets plain pages, not a render each.
/// Kept renderings are bounded by count (`pages`) and bytes (`memory`, the pre-rendering share of
/// `--cache-memory`). A failed render is remembered too (a page that loops forever must not cost a budget
/// per request) and tried again after `retryFailuresAfter`.
///
/// What is kept of a rendering (`Page`) is the server's business: the cache makes it from the rendered
/// bytes once, on the render's thread, and counts its `heldBytes`.
public final class PrerenderedPages<Page: CachedRendering>: Sendable {
    public enum Outcome: Sendable {
        case rendered(Page)
        case plain
    }

    public enum Lookup: Sendable {
        case ready(Outcome)
        /// `whenReady` will be called, once, from the rendering's thread.
        case waiting
    }

    /// What `admit` holds for a request whose page or inputs must be hashed (off the loop) before its
    /// rendering can be looked up: a render slot, or a place in the queue. Given back to `lookup` (or
    /// `release`) exactly once.
    public enum Admission: Sendable {
        case slot
        case queued
    }

    /// What one rendering is valid for.
    public struct Key: Sendable {
        let route: PageRoute
        let fingerprint: String
        /// The page's identity, with the newest modification time of the page and its inputs.
        let identity: FileIdentity

        public init(route: PageRoute, fingerprint: String, identity: FileIdentity) {
            self.route = route
            self.fingerprint = fingerprint
            self.identity = identity
        }
    }

    /// One render in flight (or queued) and the requests waiting for it.
    private final class Job: Sendable {
        let key: Key
        let waiters = Mutex<[@Sendable (Outcome) -> Void]>([])
        init(key: Key) { self.key = key }
    }

    private enum State {
        case rendering(Job)
        case rendered(Page)
        case failed(at: UInt64)
    }

    private struct Entry {
        var fingerprint: String
        var state: State
        var lastUse: UInt64

        /// Bytes held: the page and its compressed variants.
        var bytes: Int {
            guard case .rendered(let page) = state else { return 0 }
            return page.heldBytes
        }
    }

    private struct Table {
        var entries: [String: Entry] = [:]
        var running = 0
        var queue: [Job] = []
        /// Queue places held by admitted requests still being hashed.
        var reservedQueue = 0
        var clock: UInt64 = 0
        /// The renderer's inputs per page content (scanning a page costs more than hashing its inputs' stats).
        var inputs: [String: [String]] = [:]
        var starts: TokenBucket
        /// Bytes of the rendered entries.
        var bytes = 0
    }

    private let renderer: any PageRenderer
    private let limits: Prerendering.Limits
    private let log: @Sendable (PrerenderEvent) -> Void
    private let clock: @Sendable () -> UInt64
    private let table: Mutex<Table>

    public init(
        renderer: any PageRenderer, limits: Prerendering.Limits,
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
        log: @escaping @Sendable (PrerenderEvent) -> Void
    ) {
        self.renderer = renderer
        self.limits = limits
        self.log = log
        self.clock = clock
        table = Mutex(
            Table(starts: TokenBucket(ratePerMinute: limits.rendersPerMinute, burst: limits.renderBurst, now: clock())))
    }

    /// The renderer's inputs for `route`'s page, whose content hash is `pageHash`.
    public func inputs(of route: PageRoute, pageHash: String, page: () -> [UInt8]?) -> [String] {
        let key = route.page + "\n" + pageHash
        if let known = table.withLock({ $0.inputs[key] }) { return known }
        let found = page().map { renderer.inputs(of: route, page: $0) } ?? []
        table.withLock { table in
            if table.inputs.count >= 1024 { table.inputs.removeAll() }
            table.inputs[key] = found
        }
        return found
    }

    /// The renderer's inputs for `route`'s page when already known (nil when the page must be scanned).
    public func knownInputs(of route: PageRoute, pageHash: String) -> [String]? {
        table.withLock { $0.inputs[route.page + "\n" + pageHash] }
    }

    /// Before a request's page and inputs are hashed on a worker: the render slot or queue place it will
    /// use, taken now, in request order; nil (logged) when the queue is full and the plain page goes out
    /// at once. Hashing first would let a burst of new routes all pass the bound while they are hashed.
    public func admit(route: String) -> Admission? {
        let admission = table.withLock { table -> Admission? in
            if table.running < limits.rendersAtOnce {
                table.running += 1
                return .slot
            }
            guard table.queue.count + table.reservedQueue < limits.queuedRenders else { return nil }
            table.reservedQueue += 1
            return .queued
        }
        if admission == nil {
            log(.servedPlain(route: route, reason: .queueFull(waiting: limits.queuedRenders)))
        }
        return admission
    }

    /// Gives back what `admit` held, unused (the page could not be read).
    public func release(_ admission: Admission) {
        if let next = table.withLock({ table in give(admission, in: &table) }) { run(next) }
    }

    /// A slot given back passes to the first queued render (returned, to run), else frees.
    private func give(_ admission: Admission, in table: inout Table) -> Job? {
        switch admission {
        case .queued:
            table.reservedQueue -= 1
            return nil
        case .slot:
            guard !table.queue.isEmpty else {
                table.running -= 1
                return nil
            }
            return table.queue.removeFirst()
        }
    }

    /// The rendering for `key`, or a promise to call `whenReady` once it is made. `admission`: what `admit`
    /// held for this request; used if a render starts, else given back.
    public func lookup(_ key: Key, admission: Admission? = nil, whenReady: @escaping @Sendable (Outcome) -> Void)
        -> Lookup
    {
        let now = clock()
        let retry = limits.retryFailuresAfter.components
        let retryNanoseconds =
            UInt64(max(0, retry.seconds)) * 1_000_000_000 + UInt64(max(0, retry.attoseconds / 1_000_000_000))  // gowasm: allow-trap: our own configured Duration, clamped at 0
        let (lookup, start, passed, refusal) = table.withLock {
            table -> (Lookup, Job?, Job?, PrerenderEvent.PlainReason?) in
            table.clock += 1
            let clock = table.clock
            if var entry = table.entries[key.route.path], entry.fingerprint == key.fingerprint {
                entry.lastUse = clock
                table.entries[key.route.path] = entry
                switch entry.state {
                case .rendered(let page):
                    return (.ready(.rendered(page)), nil, admission.flatMap { give($0, in: &table) }, nil)
                case .rendering(let job):
                    job.waiters.withLock { $0.append(whenReady) }
                    return (.waiting, nil, admission.flatMap { give($0, in: &table) }, nil)
                case .failed(let at) where now &- at < retryNanoseconds:
                    return (.ready(.plain), nil, admission.flatMap { give($0, in: &table) }, nil)
                case .failed:
                    break  // long enough ago: try again
                }
            }
            if admission == nil {
                let startsNow = table.running < limits.rendersAtOnce
                guard startsNow || table.queue.count + table.reservedQueue < limits.queuedRenders else {
                    return (.ready(.plain), nil, nil, .queueFull(waiting: limits.queuedRenders))
                }
            }
            guard table.starts.take(now: now) else {
                return (
                    .ready(.plain), nil, admission.flatMap { give($0, in: &table) },
                    .rateLimited(perMinute: limits.rendersPerMinute)
                )
            }
            let job = Job(key: key)
            job.waiters.withLock { $0.append(whenReady) }
            store(.rendering(job), for: key, clock: clock, in: &table)
            switch admission {
            case .slot:
                return (.waiting, job, nil, nil)
            case .queued:
                table.reservedQueue -= 1
            case nil:
                break
            }
            guard table.running < limits.rendersAtOnce else {
                table.queue.append(job)
                return (.waiting, nil, nil, nil)
            }
            table.running += 1
            return (.waiting, job, nil, nil)
        }
        if let refusal { log(.servedPlain(route: key.route.path, reason: refusal)) }
        if let passed { run(passed) }
        if let start { run(start) }
        return lookup
    }

    /// Opens the renderer's failure type: what reaches the log is its own failure, wrapped, not its text.
    private func render<Renderer: PageRenderer>(
        _ route: PageRoute, with renderer: Renderer,
        completion: @escaping @Sendable (Result<[UInt8], PrerenderEvent.PlainReason>) -> Void
    ) {
        renderer.render(route) { result in completion(result.mapError { .renderFailed($0) }) }
    }

    private func run(_ job: Job) {
        let started = DispatchTime.now().uptimeNanoseconds
        render(job.key.route, with: renderer) { [self] result in
            let finished = DispatchTime.now().uptimeNanoseconds
            let failedAt = clock()
            let page = try? result.map { Page($0, page: job.key.route.page, identity: job.key.identity) }.get()
            let next = table.withLock { table -> Job? in
                if let entry = table.entries[job.key.route.path], case .rendering(let current) = entry.state,
                    current === job
                {
                    let state: State = page.map { .rendered($0) } ?? .failed(at: failedAt)
                    update(job.key.route.path, to: state, in: &table)
                }
                guard !table.queue.isEmpty else {
                    table.running -= 1
                    return nil
                }
                return table.queue.removeFirst()  // the slot passes on
            }
            switch result {
            case .success:
                log(.rendered(route: job.key.route.path, milliseconds: Int((finished - started) / 1_000_000)))  // gowasm: allow-trap: our own clock readings, finished >= started
            case .failure(let failure):
                log(.servedPlain(route: job.key.route.path, reason: failure))
            }
            let outcome = page.map { Outcome.rendered($0) } ?? .plain
            for waiter in job.waiters.withLock({ $0 }) { waiter(outcome) }
            if let next { run(next) }
        }
    }

    /// Sets the entry for `key`'s route, dropping the least recently used finished entries beyond the bounds.
    private func store(_ state: State, for key: Key, clock: UInt64, in table: inout Table) {
        table.bytes -= table.entries[key.route.path]?.bytes ?? 0
        table.entries[key.route.path] = Entry(fingerprint: key.fingerprint, state: state, lastUse: clock)
        evict(in: &table)
    }

    /// A finished render's state for `route`, counted against the byte bound.
    private func update(_ route: String, to state: State, in table: inout Table) {
        guard var entry = table.entries[route] else { return }
        table.bytes -= entry.bytes
        entry.state = state
        table.bytes += entry.bytes
        table.entries[route] = entry
        evict(in: &table)
    }

    private func evict(in table: inout Table) {
        while table.entries.count > limits.pages || table.bytes > limits.memory {
            let finished = table.entries.filter {
                if case .rendering = $0.value.state { return false }
                return true
            }
            guard let victim = finished.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return }
            table.bytes -= victim.value.bytes
            table.entries[victim.key] = nil
        }
    }
}
