import Dispatch
import Glibc
import Synchronization

/// The handler's side of a stream response (and of a tunnel's direction to the client). Safe from any
/// thread; every write hops onto the connection's loop. Counts the bytes it was given and not yet sent,
/// for back-pressure.
class ConnectionStreamWriter: HTTPStreamWriter, @unchecked Sendable {  // mutable state: atomics and a mutex
    private enum State {
        case open, finished, gone
    }
    let connection: Connection
    let chunked: Bool
    private let open = Atomic<Bool>(true)
    /// Bytes given to `write` and not yet queued on the connection.
    private let inTransit = Atomic<Int>(0)
    /// Bytes queued on the connection and not yet sent (as of the last write attempt).
    private let queuedBytes = Atomic<Int>(0)
    private let waiters = Mutex<(state: State, resume: [@Sendable () -> Void], gone: [@Sendable () -> Void])>(
        (.open, [], []))

    init(connection: Connection, chunked: Bool) {
        self.connection = connection
        self.chunked = chunked
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        guard open.load(ordering: .acquiring) else { return false }
        inTransit.add(bytes.count, ordering: .relaxed)
        connection.executor.async { [connection, self] in connection.streamWrite(bytes, from: self) }
        return true
    }

    func finish() { end(aborted: false) }

    func abort() { end(aborted: true) }

    private func end(aborted: Bool) {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        waiters.withLock { if $0.state == .open { $0.state = .finished } }
        connection.executor.async { [connection, self] in connection.streamFinish(from: self, aborted: aborted) }
    }

    var isWritable: Bool {
        open.load(ordering: .acquiring)
            && inTransit.load(ordering: .relaxed) + queuedBytes.load(ordering: .relaxed) < Self.highWaterMark
    }

    func whenWritable(_ resume: @escaping @Sendable () -> Void) {
        let now = waiters.withLock { waiters -> Bool in
            if waiters.state == .gone || isWritable { return true }
            waiters.resume.append(resume)
            return false
        }
        if now { DispatchQueue.global().async(execute: resume) }
    }

    func onClientGone(_ gone: @escaping @Sendable () -> Void) {
        let now = waiters.withLock { waiters -> Bool in
            if waiters.state == .gone { return true }
            waiters.gone.append(gone)
            return false
        }
        if now { DispatchQueue.global().async(execute: gone) }
    }

    // The connection's side (its loop's thread):

    func handedOver(_ count: Int) { inTransit.subtract(count, ordering: .relaxed) }

    /// The socket took what it could; `count` bytes still wait.
    func queued(_ count: Int) { queuedBytes.store(count, ordering: .relaxed) }

    /// Everything queued went out: wake a producer that waits.
    func queueDrained() {
        queuedBytes.store(0, ordering: .relaxed)
        guard isWritable else { return }
        let woken = waiters.withLock { waiters -> [@Sendable () -> Void] in
            defer { waiters.resume.removeAll() }
            return waiters.resume
        }
        for resume in woken { DispatchQueue.global().async(execute: resume) }
    }

    /// The connection closed: writes fail from now on, and whoever waits learns it.
    func markClosed() {
        open.store(false, ordering: .releasing)
        let woken = waiters.withLock { waiters -> [@Sendable () -> Void] in
            let wasFinished = waiters.state == .finished
            waiters.state = .gone
            defer {
                waiters.resume.removeAll()
                waiters.gone.removeAll()
            }
            return waiters.resume + (wasFinished ? [] : waiters.gone)
        }
        for callback in woken { DispatchQueue.global().async(execute: callback) }
    }
}

/// A connection after 101: `write`/`finish` go to the client, `next` reads from it.
final class ConnectionTunnel: ConnectionStreamWriter, HTTPTunnel, @unchecked Sendable {
    let inbound: InboundChannel

    init(connection: Connection) {
        inbound = InboundChannel(connection: connection)
        super.init(connection: connection, chunked: false)
    }

    func next(_ receive: @escaping @Sendable (HTTPInbound) -> Void) { inbound.next(receive) }

    func close() {
        connection.executor.async { [connection, self] in connection.tunnelClose(self) }
    }
}
