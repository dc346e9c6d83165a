// The listening side: binds, accepts, enforces the connection cap, and shuts down gracefully.
// Each accepted socket becomes a `Connection` that owns everything after that.
import Dispatch
import Foundation
import Glibc
import InputSafety
import Synchronization

/// Why the server could not start.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    case invalidHost(String)
    case invalidPort(Int)
    case alreadyStarted
    case socket(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidHost(let host): "invalid host \(host) (expected an IPv4 or IPv6 address or localhost)"
        case .invalidPort(let port): "invalid port \(port) (expected 0...65535)"
        case .alreadyStarted: "the server was already started"
        case .socket(let operation, let code): "\(operation) failed: \(Self.describe(errno: code))"
        }
    }
}

/// The address the server actually listens on (the real port when 0 was asked for).
public struct BoundAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `https` when the server speaks TLS, else `http`.
    public var scheme: String = "http"
    /// `http://host:port/`, with IPv6 hosts in brackets.
    public var url: String { host.contains(":") ? "\(scheme)://[\(host)]:\(port)/" : "\(scheme)://\(host):\(port)/" }
    public var description: String { url }
}

/// One line of the access log: what was asked, what was answered, how long it took.
public struct AccessLogEntry: Sendable {
    public var remoteAddress: String
    public var method: String
    public var path: String
    public var status: Int
    /// Body bytes sent (0 for HEAD, 204, 304).
    public var bytes: Int
    /// The content coding (`br`, `gzip`) from `HTTPResponse.logCoding`, nil for identity.
    public var encoding: String?
    public var milliseconds: Double

    /// `127.0.0.1:50412 "GET /index.html" 200 1432 br 0.4ms`
    public var line: String {
        let ms = (milliseconds * 10).rounded() / 10
        return "\(remoteAddress) \"\(method) \(path)\" \(status) \(bytes) \(encoding ?? "-") \(ms)ms"
    }
}

/// Wraps a closure that answers at once as a handler.
public struct HTTPClosureHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.body = body }
    public func respond(to request: HTTPRequest, reply: HTTPReply) { reply.send(body(request)) }
}

/// An HTTP/1.1 server on BSD sockets: a Dispatch source accepts, event-loop threads serve (`EventLoop`).
public final class HTTPServer: Sendable {
    public struct Configuration: Sendable {
        public static let defaultHost = "127.0.0.1"
        public static let defaultPort = 8080
        /// Longer request lines get 414.
        public static let defaultMaxRequestLineLength = 8 * 1024
        /// A larger header block gets 431.
        public static let defaultMaxHeaderBlockSize = 64 * 1024
        /// More header fields get 431.
        public static let defaultMaxHeaderCount = 100
        /// A larger request body gets 413.
        public static let defaultMaxBodySize = 1024 * 1024
        /// Time from the first byte of a request (or from accept) to its complete head; then 408.
        public static let defaultHeaderReadTimeout: Duration = .seconds(10)
        /// Time an idle keep-alive connection is kept open (also bounds a stalled body or write).
        public static let defaultIdleTimeout: Duration = .seconds(30)
        /// At this many open connections, an idle or stalled one is closed for each newcomer; when none is,
        /// newcomers are answered 503. Lowered at start to what the descriptor limit allows.
        public static let defaultMaxConnections = 4096
        /// No rate is asked of a body or a response during its first seconds.
        public static let defaultRateGrace: Duration = .seconds(10)
        /// Bytes per second a body must average after the grace period (slow-body attacks).
        public static let defaultMinimumBodyRate = 1024
        /// Bytes per second a response must leave at after the grace period (clients that do not read).
        public static let defaultMinimumSendRate = 1024
        /// A tunnel (after 101) that moves no byte either way for this long is closed. At the connection cap,
        /// a tunnel idle for a second is closed for a newcomer like a connection waiting for its client.
        public static let defaultTunnelIdleTimeout: Duration = .seconds(600)
        /// Pending connections the kernel queues before `accept`.
        public static let defaultBacklog = 1024

        public var host: String
        public var port: Int
        public var maxRequestLineLength: Int
        public var maxHeaderBlockSize: Int
        public var maxHeaderCount: Int
        public var maxBodySize: Int
        public var headerReadTimeout: Duration
        public var idleTimeout: Duration
        public var maxConnections: Int
        public var backlog: Int
        public var rateGrace: Duration = defaultRateGrace
        public var minimumBodyRate: Int = defaultMinimumBodyRate
        public var minimumSendRate: Int = defaultMinimumSendRate
        public var tunnelIdleTimeout: Duration = defaultTunnelIdleTimeout
        /// Where the server reports what an operator must know (out of descriptors); must not block.
        public var problemLog: @Sendable (String) -> Void = { LogSink.standardError.writeLine($0) }
        /// Makes each accepted connection's transport (TLS); nil serves plain TCP. See `StreamTransport`.
        public var transport: TransportFactory?
        /// Called once per finished response, on the connection's loop thread (keep it cheap).
        public var accessLog: (@Sendable (AccessLogEntry) -> Void)?
        /// The scheme of the URLs the server reports (`BoundAddress.url`): `https` with a TLS transport.
        public var urlScheme = "http"
        /// A test seam: called on the accept thread once a connection is counted, just before it starts, so a
        /// test can order a shutdown there (the connection must then never touch its descriptor again).
        package var beforeConnectionStart: (@Sendable () -> Void)?

        public init(
            host: String = defaultHost, port: Int = defaultPort,
            maxRequestLineLength: Int = defaultMaxRequestLineLength,
            maxHeaderBlockSize: Int = defaultMaxHeaderBlockSize, maxHeaderCount: Int = defaultMaxHeaderCount,
            maxBodySize: Int = defaultMaxBodySize, headerReadTimeout: Duration = defaultHeaderReadTimeout,
            idleTimeout: Duration = defaultIdleTimeout, maxConnections: Int = defaultMaxConnections,
            backlog: Int = defaultBacklog, accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil
        ) {
            self.host = host
            self.port = port
            self.maxRequestLineLength = maxRequestLineLength
            self.maxHeaderBlockSize = maxHeaderBlockSize
            self.maxHeaderCount = maxHeaderCount
            self.maxBodySize = maxBodySize
            self.headerReadTimeout = headerReadTimeout
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.backlog = backlog
            self.accessLog = accessLog
        }

        var timeoutPolicy: TimeoutPolicy {
            TimeoutPolicy(
                head: headerReadTimeout.nanoseconds, idle: idleTimeout.nanoseconds, rateGrace: rateGrace.nanoseconds,
                minimumBodyRate: minimumBodyRate, minimumSendRate: minimumSendRate,
                tunnelIdle: tunnelIdleTimeout.nanoseconds)
        }

        var parserLimits: ParserLimits {
            ParserLimits(
                maxRequestLineLength: maxRequestLineLength, maxHeaderBlockSize: maxHeaderBlockSize,
                maxHeaderCount: maxHeaderCount, maxBodySize: maxBodySize)
        }
    }

    public let configuration: Configuration
    let handler: any HTTPHandler
    let connections = ConnectionRegistry()
    private let acceptQueue = DispatchQueue(label: "gowasm-serve.accept", qos: .userInitiated)
    /// Marks `acceptQueue`, so a shutdown started from the accept path itself (`beforeConnectionStart`)
    /// does not wait for the batch it is part of.
    private static let onAcceptQueue = DispatchSpecificKey<Bool>()
    private let nextLoop = Atomic<Int>(0)
    private let listener = Mutex<Listener?>(nil)
    /// The cap in force: `configuration.maxConnections`, or less when the descriptor limit is lower.
    private let connectionCap = Atomic<Int>(0)
    /// A descriptor held in reserve: when accept fails with EMFILE, closing it makes room to accept the
    /// waiting client, answer 503 and close, instead of leaving it hanging in the backlog.
    private let spareDescriptor = Mutex<Int32>(-1)
    /// When the last "out of descriptors" line was logged (uptime ns), so a flood logs once a second.
    private let lastShortageLog = Atomic<UInt64>(0)

    private struct Listener: @unchecked Sendable {  // the source is only touched under the mutex
        let fd: Int32
        let source: DispatchSourceRead
        /// Suspended by `pauseAccepting`. Dispatch traps when a suspended source is released, so whoever
        /// cancels it (shutdown, deinit) resumes it first.
        var paused = false
        /// Each with its own thread, stopped by `shutdown` (or once idle, when the server goes away without one).
        let loops: [EventLoop]
    }

    /// One event loop per core; accepted connections are spread over them round-robin.
    private static var loopCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64)) }

    public init(configuration: Configuration, handler: some HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
        acceptQueue.setSpecific(key: Self.onAcceptQueue, value: true)
    }

    /// Binds and starts accepting. Returns the address actually bound.
    @discardableResult
    public func start() throws(HTTPServerError) -> BoundAddress {
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        // sendfile(2) has no MSG_NOSIGNAL: a peer that vanishes mid-file must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        let descriptors = DescriptorLimit.raiseToHardLimit()
        connectionCap.store(
            min(configuration.maxConnections, DescriptorLimit.connections(fittingIn: descriptors)), ordering: .relaxed)
        spareDescriptor.withLock { spare in
            if spare < 0 { spare = open("/dev/null", O_RDONLY | O_CLOEXEC) }
        }
        return try listener.withLock { listener throws(HTTPServerError) -> BoundAddress in
            guard listener == nil else { throw .alreadyStarted }
            let sweepInterval = Connection.sweepInterval(for: configuration)
            var loops: [EventLoop] = []
            for index in 0..<Self.loopCount {
                do throws(HTTPServerError) {
                    loops.append(try EventLoop(label: "gowasm-loop\(index)", sweepInterval: sweepInterval))
                } catch {
                    for loop in loops { loop.stop() }
                    throw error
                }
            }
            let fd: Int32
            do throws(HTTPServerError) {
                fd = try Socket.listen(on: address, backlog: Int32(clamping: configuration.backlog))
            } catch {
                for loop in loops { loop.stop() }
                throw error
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
            source.setEventHandler { [weak self, loops] in self?.acceptPending(fd, loops: loops) }
            source.setCancelHandler { close(fd) }
            source.resume()
            listener = Listener(fd: fd, source: source, loops: loops)
            let bound = Socket.localAddress(fd)
            return BoundAddress(host: bound.host, port: bound.port, scheme: configuration.urlScheme)
        }
    }

    /// Number of open connections (for tests and status output).
    public var openConnectionCount: Int { connections.count }

    /// The connection cap in force since `start()`: the configured one, or what the descriptor limit allows.
    public var effectiveMaxConnections: Int { connectionCap.load(ordering: .relaxed) }

    private func acceptPending(_ listenFD: Int32, loops: [EventLoop]) {
        // Accept a bounded batch per event so one burst cannot starve the queue.
        for _ in 0..<256 {
            if case .soon(let at) = roomAhead() {
                pauseAccepting(for: at &- DispatchTime.now().uptimeNanoseconds)
                return
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Socket.accept(listenFD, $0, &length) }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE:
                    logShortage(errno)
                    if refuseWithSpareDescriptor(listenFD) { continue }
                    pauseAccepting()
                case ENOBUFS, ENOMEM: pauseAccepting()
                default: break
                }
                return
            }
            guard !connections.isShuttingDown, makeRoom() else {
                refuse(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let peer = SocketAddress.describe(storage)
            let remote = peer.host.contains(":") ? "[\(peer.host)]:\(peer.port)" : "\(peer.host):\(peer.port)"
            let loop = loops[nextLoop.add(1, ordering: .relaxed).newValue % loops.count]
            let connection = Connection(fd: fd, remoteAddress: remote, server: self, loop: loop)
            connections.insert(connection)
            configuration.beforeConnectionStart?()
            connection.start()
        }
    }

    /// True when a newcomer may be accepted: under the cap, or after an idle or stalled connection was
    /// chosen to close (it closes on its own loop a moment later). When every connection is in its first
    /// 100 ms (a burst accepted at once on a busy machine), `roomAhead` has already left newcomers waiting in
    /// the listen backlog until one can be closed, as nginx leaves clients there at its limit; when none
    /// ever can (streams, deferred answers), a 503.
    private func makeRoom() -> Bool {
        let cap = connectionCap.load(ordering: .relaxed)
        if connections.count < cap { return true }
        guard case .victim(let victim) = connections.evictionCandidate(now: DispatchTime.now().uptimeNanoseconds) else {
            return false
        }
        victim.forceClose()
        return true
    }

    /// Before accepting: at the cap, whether a newcomer could get a slot now, soon, or not at all (nothing
    /// is claimed: there may be no newcomer).
    private func roomAhead() -> EvictionChoice {
        guard !connections.isShuttingDown, connections.count >= connectionCap.load(ordering: .relaxed) else {
            return .room
        }
        return connections.evictionCandidate(now: DispatchTime.now().uptimeNanoseconds, claim: false)
    }

    private func logShortage(_ code: Int32) {
        let now = DispatchTime.now().uptimeNanoseconds
        let last = lastShortageLog.load(ordering: .relaxed)
        guard now >= last &+ 1_000_000_000,
            lastShortageLog.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
        else { return }
        configuration.problemLog(
            "gowasm-serve: accept: \(HTTPServerError.describe(errno: code)) (\(connections.count) connections open); answering 503"
        )
    }

    /// EMFILE: gives up the spare descriptor for a moment to accept one waiting client, answer 503, close
    /// it and take the spare back. False when there is no spare or nothing was waiting.
    private func refuseWithSpareDescriptor(_ listenFD: Int32) -> Bool {
        spareDescriptor.withLock { spare in
            guard spare >= 0 else { return false }
            close(spare)
            let fd = Socket.accept(listenFD, nil, nil)
            if fd >= 0 { refuse(fd) }
            spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
            return fd >= 0
        }
    }

    /// Out of descriptors: stop listening for a moment instead of spinning on a readable listener.
    private func pauseAccepting(for nanoseconds: UInt64 = 100_000_000) {
        let paused = listener.withLock { listener -> Bool in
            guard listener?.paused == false else { return false }  // gone, or already paused
            listener?.source.suspend()
            listener?.paused = true
            return true
        }
        guard paused else { return }
        let delay = Int(min(max(nanoseconds, 1_000_000), 100_000_000))  // gowasm: allow-trap: clamped to 1...100 ms
        acceptQueue.asyncAfter(deadline: .now() + .nanoseconds(delay)) { [weak self] in
            self?.listener.withLock { Self.resume(&$0) }
        }
    }

    private static func resume(_ listener: inout Listener?) {
        guard listener?.paused == true else { return }
        listener?.source.resume()
        listener?.paused = false
    }

    private static let refusal: [UInt8] = Array(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n".utf8)

    /// Over the cap: a best-effort 503 (non-blocking, so it cannot stall accepting) and close. Behind a
    /// transport (TLS) there is no session yet to answer in, and plaintext would be garbage: close only.
    private func refuse(_ fd: Int32) {
        if configuration.transport == nil {
            Self.refusal.withUnsafeBytes { _ = send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        close(fd)
    }

    /// Stops accepting, lets in-flight responses finish for up to `grace`, then closes whatever is left.
    /// Streams (Server-Sent Events) are ended right away: they would never finish on their own.
    public func shutdown(grace: Duration = .seconds(5)) {
        let loops = listener.withLock { listener in
            listener?.source.cancel()
            Self.resume(&listener)
            return listener?.loops ?? []
        }
        // An accept batch in progress has handed its connections to the loops (unless this is that batch).
        if DispatchQueue.getSpecific(key: Self.onAcceptQueue) != true { acceptQueue.sync {} }
        let remaining = connections.beginShutdown()
        for connection in remaining { connection.shutdownGracefully() }
        let deadline = DispatchTime.now().uptimeNanoseconds + grace.nanoseconds
        while connections.count > 0, DispatchTime.now().uptimeNanoseconds < deadline {
            usleep(5_000)
        }
        for connection in connections.all { connection.forceClose() }
        let hardDeadline = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
        while connections.count > 0, DispatchTime.now().uptimeNanoseconds < hardDeadline {
            usleep(5_000)
        }
        // Every thread ends and is joined (a connection still open on one is closed as it goes).
        for loop in loops { loop.stop() }
    }

    /// Blocks until `signals` catches SIGINT or SIGTERM, then shuts down gracefully. Returns the signal number.
    /// Create `signals` before announcing the address, so that a signal sent right after the announcement
    /// already means a graceful stop.
    @discardableResult
    public func runUntilTerminated(by signals: TerminationSignals, grace: Duration = .seconds(5)) -> Int32 {
        let received = signals.wait()
        shutdown(grace: grace)
        return received
    }

    /// The async form of `runUntilTerminated`, for `AsyncParsableCommand`s. The wait happens on a
    /// thread of its own: parking a Dispatch worker would take one from the connections (2 on 2 cores).
    @discardableResult
    public func runUntilTerminated(by signals: TerminationSignals, grace: Duration = .seconds(5)) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.runUntilTerminated(by: signals, grace: grace)) }.start()
        }
    }

    deinit {
        listener.withLock { listener in
            listener?.source.cancel()
            Self.resume(&listener)
            for loop in listener?.loops ?? [] { loop.stopWhenIdle() }
        }
    }
}

/// SIGINT and SIGTERM, caught from the moment this is created until `wait()` returns one of them. A signal
/// that arrives before anyone waits is kept, not lost and not fatal. The default actions stay disabled
/// afterwards, so a second signal cannot cut the (bounded) graceful shutdown short.
public final class TerminationSignals: @unchecked Sendable {  // sources are set up in init and only cancelled
    private final class Caught: Sendable {
        let number = Atomic<Int32>(0)
        let semaphore = DispatchSemaphore(value: 0)
    }
    private let caught = Caught()
    private let sources: [DispatchSourceSignal]

    public init() {
        let queue = DispatchQueue(label: "gowasm-serve.signals")
        let caught = self.caught
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                caught.number.store(number, ordering: .releasing)
                caught.semaphore.signal()
            }
            source.resume()
            return source
        }
    }

    /// Blocks until a signal has been caught (at once if one already was); returns its number.
    public func wait() -> Int32 {
        caught.semaphore.wait()
        return caught.number.load(ordering: .acquiring)
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

/// The open connections, for the cap and for shutdown.
final class ConnectionRegistry: Sendable {
    private struct State {
        var connections: [ObjectIdentifier: Connection] = [:]
        var shuttingDown = false
    }
    private let state = Mutex(State())
    private let openCount = Atomic<Int>(0)

    var count: Int { openCount.load(ordering: .relaxed) }
    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }
    var all: [Connection] { state.withLock { Array($0.connections.values) } }

    func insert(_ connection: Connection) {
        state.withLock { $0.connections[ObjectIdentifier(connection)] = connection }
        openCount.add(1, ordering: .relaxed)
    }

    func remove(_ connection: Connection) {
        let removed = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
        if removed != nil { openCount.subtract(1, ordering: .relaxed) }
    }

    /// The connection to close for a newcomer at the cap (see `EvictionRank`). Claimed, so two newcomers
    /// never pick the same one.
    func evictionCandidate(now: UInt64, claim: Bool = true) -> EvictionChoice {
        state.withLock { state in
            var best: (connection: Connection, key: EvictionKey)?
            var soonest: UInt64?
            var closing = false
            for connection in state.connections.values {
                if connection.isClaimedForEviction {
                    closing = true
                    continue
                }
                let rank = connection.evictionRank
                guard let key = rank.evictionKey(at: now) else {
                    if let from = rank.evictableFrom, from > now { soonest = min(soonest ?? from, from) }
                    continue
                }
                if let current = best, !(key < current.key) { continue }
                best = (connection, key)
            }
            if let best, !claim || best.connection.claimForEviction() { return .victim(best.connection) }
            if let soonest { return .soon(at: soonest) }
            // Connections chosen for earlier newcomers are still closing on loops that lag behind (a flood
            // on a busy machine): their slots come back in a moment.
            return closing ? .soon(at: now &+ 5_000_000) : .none
        }
    }

    func beginShutdown() -> [Connection] {
        state.withLock {
            $0.shuttingDown = true
            return Array($0.connections.values)
        }
    }
}

/// What a newcomer at the cap gets.
enum EvictionChoice {
    /// Under the cap, or a slot made free.
    case room
    /// This connection closes to make room.
    case victim(Connection)
    /// None can close before this time (uptime nanoseconds).
    case soon(at: UInt64)
    /// None will: every connection is live (streams, deferred answers).
    case none
}
