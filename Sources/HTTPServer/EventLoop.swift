// One event loop per core: a thread of its own that blocks in `epoll_wait` on the loop's connections, as
// nginx's workers do. Before, a Dispatch read source watched the epoll descriptor: the Dispatch manager thread
// woke on it and handed the loop's serial queue to a worker, and that hop was ~18% of the small-file profile
// in the scheduler. Now the thread that wakes is the one that reads, parses and sends.
// - Work from other threads (a connection accepted, a stream writer's chunk, a deferred answer) goes through
//   `LoopExecutor.async`: a locked FIFO drained once per turn, and an eventfd in the same epoll that is
//   written only when the loop sleeps, so a loop that is busy anyway costs no system call to post to.
// - Deadlines are swept from the wait's timeout (one sweep per `sweepInterval`), not by a timer source.
// - Interest changes (a blocked write, a paused read) are one epoll_ctl, made only when the interest changes.
// Linux only: epoll and eventfd come through the CEpoll module (its shim.h), the one place to port.
import CEpoll
import Dispatch
import Glibc
import Synchronization

/// The readiness a connection wants to hear about.
struct Interest: OptionSet, Sendable {
    let rawValue: UInt32
    static let read = Interest(rawValue: EPOLLIN.rawValue)
    static let write = Interest(rawValue: EPOLLOUT.rawValue)
}

/// Runs closures on one event loop's thread, one at a time, in the order they were posted: what the loop's
/// serial `DispatchQueue` did before the loop had a thread of its own (same `async` spelling). Any thread.
final class LoopExecutor: Sendable {
    typealias Work = @Sendable () -> Void

    private struct State {
        var tasks: [Work] = []
        /// The loop is blocked in (or about to enter) `epoll_wait`: a new task must write the eventfd.
        var sleeping = false
        /// The eventfd was written and not read yet: one write wakes the loop, more would be wasted.
        var signalled = false
        /// The loop's thread ended: tasks run on `afterwards`, still one at a time and in order.
        var ended = false
    }

    private let state = Mutex(State())
    /// Registered in the loop's epoll with token 0; closed with the executor (a late `async` may write it).
    let wakeDescriptor: Int32
    /// Where tasks posted after the thread ended run (stream writers and tunnels that outlive a shutdown
    /// find a closed connection there, and answer their callers instead of waiting forever).
    private let afterwards: DispatchQueue

    init(label: String) throws(HTTPServerError) {
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeDescriptor >= 0 else { throw .socket(operation: "eventfd", errno: errno) }
        afterwards = DispatchQueue(label: label)
    }

    deinit { close(wakeDescriptor) }

    /// Runs `task` on the loop's thread after every task posted before it.
    func async(execute task: @escaping Work) {
        let wake = state.withLock { state -> Bool in
            if state.ended {
                afterwards.async(execute: task)
                return false
            }
            state.tasks.append(task)
            guard state.sleeping, !state.signalled else { return false }
            state.signalled = true
            return true
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, 8)
        }
    }

    // The loop's side (its thread only):

    /// Moves the tasks posted so far into `batch` (empty, its capacity kept from turn to turn); those they
    /// post wait for the next turn.
    fileprivate func take(into batch: inout [Work]) {
        state.withLock { swap(&$0.tasks, &batch) }
    }

    /// Before blocking: true when nothing waits, and from now on a posted task writes the eventfd.
    fileprivate func mayBlock() -> Bool {
        state.withLock { state in
            guard state.tasks.isEmpty else { return false }
            state.sleeping = true
            return true
        }
    }

    /// After `epoll_wait` returned: posting needs no eventfd write while the loop runs.
    fileprivate func woke() {
        state.withLock { $0.sleeping = false }
    }

    /// The eventfd was ready: reads it, so the next post to a sleeping loop writes it again.
    fileprivate func consumeWake() {
        var value: UInt64 = 0
        _ = read(wakeDescriptor, &value, 8)
        state.withLock { $0.signalled = false }
    }

    /// The thread is about to end: false when tasks still wait (the loop takes another turn for them).
    fileprivate func endIfIdle() -> Bool {
        state.withLock { state in
            guard state.tasks.isEmpty else { return false }
            state.ended = true
            return true
        }
    }
}

/// Connections, registration and event delivery are confined to the loop's thread (hence
/// `@unchecked Sendable`), and so is everything the connections do; other threads only `executor.async`.
final class EventLoop: @unchecked Sendable {
    let executor: LoopExecutor
    private let epoll: Int32
    /// Connections by token. Tokens are never reused, so an event for a connection closed earlier in the
    /// same batch (whose descriptor may already belong to a new connection) finds nothing. Token 0 is the
    /// executor's eventfd.
    private var connections: [UInt64: Connection] = [:]
    private var nextToken: UInt64 = 1
    private let events: UnsafeMutablePointer<epoll_event>
    private static let batchSize = 512
    private static let wakeToken: UInt64 = 0
    /// Where the loop's connections receive into before appending to their own buffers: one allocation per
    /// loop instead of one per read.
    let readBuffer: UnsafeMutableRawBufferPointer
    private let sweepInterval: UInt64
    private var nextSweep: UInt64
    /// 0 running; 1 end once no connection is left (the server went away without a shutdown); 2 end now.
    private let stopRequest = Atomic<Int>(0)
    private let joined = Atomic<Bool>(false)
    private var thread = pthread_t()

    /// `sweepInterval`: how often each connection's deadline is checked (one sweep per loop, not a timer per
    /// connection). `name` names the thread (at most 15 bytes show in `top -H` and `perf`).
    init(label name: String, sweepInterval: UInt64) throws(HTTPServerError) {
        executor = try LoopExecutor(label: name)
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw .socket(operation: "epoll_create1", errno: errno) }
        var wake = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.wakeToken))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, executor.wakeDescriptor, &wake) == 0 else {
            let code = errno
            close(epoll)
            throw .socket(operation: "epoll_ctl", errno: code)
        }
        events = .allocate(capacity: Self.batchSize)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.sweepInterval = sweepInterval
        nextSweep = DispatchTime.now().uptimeNanoseconds &+ sweepInterval
        // The thread holds the loop until it ends.
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<EventLoop>.fromOpaque(context!).takeRetainedValue().run()  // gowasm: allow-trap: the context is the loop we passed to pthread_create
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            joined.store(true, ordering: .relaxed)
            throw .socket(operation: "pthread_create", errno: created)
        }
        // Named before `start()` returns (top -H, perf, tests).
        _ = cepoll_name_thread(thread, String(decoding: name.utf8.prefix(15), as: UTF8.self))
    }

    deinit {
        close(epoll)
        events.deallocate()
        readBuffer.deallocate()
        // Never joined (`stopWhenIdle`): the thread ended on its own, since it held the loop until then.
        if !joined.load(ordering: .relaxed) { pthread_detach(thread) }
    }

    /// Ends the thread now and waits for it (not when called on the loop itself). Connections still open
    /// are closed first; tasks posted later run on a serial Dispatch queue, where they find them closed.
    func stop() {
        stopRequest.store(2, ordering: .releasing)
        executor.async {}  // wakes the loop
        guard pthread_equal(pthread_self(), thread) == 0,
            !joined.exchange(true, ordering: .acquiringAndReleasing)
        else { return }
        pthread_join(thread, nil)
    }

    /// Lets the thread end once its last connection closed (the server was released without a shutdown).
    func stopWhenIdle() {
        guard stopRequest.compareExchange(expected: 0, desired: 1, ordering: .releasing).exchanged else { return }
        executor.async {}
    }

    /// On the loop: starts watching `fd` for `connection`. Returns the token for `update`/`remove`, nil if the
    /// kernel refused (the caller closes the connection).
    func add(_ fd: Int32, _ interest: Interest, for connection: Connection) -> UInt64? {
        let token = nextToken
        nextToken += 1
        var event = epoll_event(events: interest.rawValue, data: epoll_data_t(u64: token))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { return nil }
        connections[token] = connection
        return token
    }

    /// On the loop: changes what `fd` is watched for. False if the kernel refused.
    func update(_ fd: Int32, token: UInt64, _ interest: Interest) -> Bool {
        var event = epoll_event(events: interest.rawValue, data: epoll_data_t(u64: token))
        return epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0
    }

    /// On the loop, before `fd` is closed: stops watching it and forgets the connection.
    func remove(_ fd: Int32, token: UInt64) {
        var event = epoll_event()
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event)
        connections[token] = nil
    }

    /// The thread: each turn runs the tasks posted so far, sweeps deadlines when due, then takes one batch
    /// of ready events (blocking until the next sweep only when no task waits). Level-triggered: whatever
    /// a connection leaves unread is reported again next turn, so one batch per turn keeps tasks (stream
    /// writes, new connections) from waiting behind a busy socket.
    private func run() {
        var batch: [LoopExecutor.Work] = []
        while true {
            executor.take(into: &batch)
            for task in batch { task() }
            batch.removeAll(keepingCapacity: true)

            let stop = stopRequest.load(ordering: .acquiring)
            if stop == 2 || (stop == 1 && connections.isEmpty) {
                for connection in Array(connections.values) { connection.hungUp() }
                if executor.endIfIdle() { return }
                continue
            }
            var now = DispatchTime.now().uptimeNanoseconds
            if now >= nextSweep {
                sweepDeadlines(now: now)
                now = DispatchTime.now().uptimeNanoseconds
                nextSweep = now &+ sweepInterval
            }
            let blocking = executor.mayBlock()
            // Rounded up to whole milliseconds, so the wait never ends just before the sweep is due.
            let timeout = blocking ? Int32(clamping: (nextSweep &- now + 999_999) / 1_000_000) : 0
            let count = epoll_wait(epoll, events, Int32(Self.batchSize), timeout)  // gowasm: allow-trap: our own batch size constant
            deliver(Int(max(count, 0)), blocking: blocking)  // gowasm: allow-trap: Int32 widened to Int
        }
    }

    private func deliver(_ count: Int, blocking: Bool) {
        if blocking { executor.woke() }
        for index in 0..<count {
            let event = events[index]
            let flags = event.events
            guard let connection = connections[event.data.u64] else {
                if event.data.u64 == Self.wakeToken { executor.consumeWake() }
                continue
            }
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

    private func sweepDeadlines(now: UInt64) {
        guard !connections.isEmpty else { return }
        for connection in Array(connections.values) { connection.checkDeadline(now: now) }
    }
}
