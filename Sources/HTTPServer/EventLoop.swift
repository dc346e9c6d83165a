// One event loop per core: an epoll instance holding the loop's connections, watched by a single Dispatch
// read source on a serial queue. A per-connection DispatchSourceRead costs, per event on Linux, an epoll_ctl
// to disarm it, an ioctl(FIONREAD), a hop to a worker thread and an epoll_ctl to re-arm it; here one Dispatch
// event delivers a whole batch of ready connections, and each connection costs only its recv and send.
// Interest changes (a blocked write, a paused read) are one epoll_ctl, made only when the interest changes.
import CEpoll
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// The readiness a connection wants to hear about.
struct Interest: OptionSet, Sendable {
    let rawValue: UInt32
    static let read = Interest(rawValue: EPOLLIN.rawValue)
    static let write = Interest(rawValue: EPOLLOUT.rawValue)
}

/// All state is confined to `queue` (hence `@unchecked Sendable`): registration, updates and event delivery
/// happen there, and so does everything the connections do.
final class EventLoop: @unchecked Sendable {
    let queue: DispatchQueue
    private let epoll: Int32
    private var source: DispatchSourceRead?
    private var sweeper: DispatchSourceTimer?
    /// Connections by token. Tokens are never reused, so an event for a connection closed earlier in the
    /// same batch (whose descriptor may already belong to a new connection) finds nothing.
    private var connections: [UInt64: Connection] = [:]
    private var nextToken: UInt64 = 1
    private let events: UnsafeMutablePointer<epoll_event>
    private static let batchSize = 512
    /// Where the loop's connections receive into before appending to their own buffers: one allocation per
    /// loop instead of one per read.
    let readBuffer: UnsafeMutableRawBufferPointer

    /// `sweepInterval`: how often each connection's deadline is checked (one timer per loop, not per connection).
    init(label: String, sweepInterval: UInt64) throws(HTTPServerError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw .socket(operation: "epoll_create1", errno: errno) }
        events = .allocate(capacity: Self.batchSize)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        queue = DispatchQueue(label: label, qos: .userInitiated)

        let source = DispatchSource.makeReadSource(fileDescriptor: epoll, queue: queue)
        source.setEventHandler { [weak self] in self?.deliverReadyEvents() }
        source.setCancelHandler { [epoll] in close(epoll) }
        self.source = source

        let sweeper = DispatchSource.makeTimerSource(queue: queue)
        sweeper.setEventHandler { [weak self] in self?.sweepDeadlines() }
        sweeper.schedule(
            deadline: .now() + .nanoseconds(Int(sweepInterval)), repeating: .nanoseconds(Int(sweepInterval)),
            leeway: .nanoseconds(Int(sweepInterval / 4)))
        self.sweeper = sweeper
        source.resume()
        sweeper.resume()
    }

    deinit {
        sweeper?.cancel()
        source?.cancel()
        events.deallocate()
        readBuffer.deallocate()
    }

    /// On `queue`: starts watching `fd` for `connection`. Returns the token for `update`/`remove`, nil if the
    /// kernel refused (the caller closes the connection).
    func add(_ fd: Int32, _ interest: Interest, for connection: Connection) -> UInt64? {
        let token = nextToken
        nextToken += 1
        var event = epoll_event(events: interest.rawValue, data: epoll_data_t(u64: token))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { return nil }
        connections[token] = connection
        return token
    }

    /// On `queue`: changes what `fd` is watched for. False if the kernel refused.
    func update(_ fd: Int32, token: UInt64, _ interest: Interest) -> Bool {
        var event = epoll_event(events: interest.rawValue, data: epoll_data_t(u64: token))
        return epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0
    }

    /// On `queue`, before `fd` is closed: stops watching it and forgets the connection.
    func remove(_ fd: Int32, token: UInt64) {
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
        connections[token] = nil
    }

    /// The epoll descriptor is level-triggered: whatever is left unread stays ready, and Dispatch calls
    /// again. One batch per call keeps the serial queue fair to stream writes queued behind it.
    private func deliverReadyEvents() {
        let count = epoll_wait(epoll, events, Int32(Self.batchSize), 0)
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let event = events[index]
            let flags = event.events
            guard let connection = connections[event.data.u64] else { continue }
            if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                // Reset, or both directions shut: nothing more can be sent. Reported whatever the
                // interest, so the connection must end now or the loop would spin.
                connection.hungUp()
                continue
            }
            if flags & EPOLLIN.rawValue != 0 { connection.readable() }
            if flags & EPOLLOUT.rawValue != 0 { connection.writable() }
        }
    }

    private func sweepDeadlines() {
        guard !connections.isEmpty else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        for connection in Array(connections.values) { connection.checkDeadline(now: now) }
    }
}
