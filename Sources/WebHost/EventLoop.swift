import Foundation
import InputSafety
import JavaScript

/// Work the loop waits for besides its own timers and tasks, settled on the GLib main context (JavaScriptCore's
/// asynchronous WebAssembly compiles): while any is pending, the loop iterates that context. WebHost owns the
/// question; the WebAssembly host (WasmEngines) answers it.
public protocol PendingWork: AnyObject {
    var pendingOperations: Int { get }
}

/// The event loop of a JavaScript host, as node and browsers run it as far as Go programs see it: due
/// timers in order, then queued tasks (node's immediates, fs completions, fetch replies); JavaScriptCore
/// drains its microtasks after each of these calls. While the JIT engine has an asynchronous compile in
/// flight, the loop waits on the GLib main context, where JavaScriptCore delivers it. The loop ends when
/// nothing is pending, or at one of its limits.
///
/// On a virtual clock (pre-rendering) nothing waits: when only a timer is left, the clock jumps to it, and a
/// timer past the virtual-time budget ends the run (a ticking clock never "finishes"). Between jumps it runs
/// at the real clock's pace, as a browser's does while scripts run: time spent computing is time passed.
public final class EventLoop {
    struct Timer {
        var due: Double
        var sequence: Int
        let interval: Double?
        let callback: JSObject
        var referenced = true
    }

    /// Where the loop's time comes from.
    public enum Clock: Sendable {
        /// The real monotonic clock (`run`).
        case realTime
        /// The real clock plus every wait skipped (a jump to the next timer); `budgetMilliseconds` of it may
        /// pass.
        case virtual(budgetMilliseconds: Double)
    }

    /// Why `run()` returned.
    public enum Ending: Sendable, Equatable {
        /// Nothing is pending.
        case idle
        /// The next timer is past the virtual-time budget.
        case virtualTimeBudget
        /// The wall-clock deadline passed (checked between events).
        case wallClock
        /// `stop()` was called (the program exited).
        case stopped
    }

    public let clock: MonotonicClock
    private let mode: Clock
    /// Virtual clock: the milliseconds jumped over so far.
    private var skipped = 0.0
    /// Checked between events; nil: no deadline.
    public var wallClockDeadline: ContinuousClock.Instant?
    private var stopRequested = false
    private var timers: [Int: Timer] = [:]
    private var immediates: [(id: Int, callback: JSObject)] = []
    private var nextID = 1
    private var sequence = 0
    private let pendingWork: (any PendingWork)?
    /// Called with an exception no script caught (node prints it and exits 1).
    public var onUncaughtException: (JavaScriptError) -> Void = { _ in }

    /// `pendingWork`: asynchronous work outside the loop's own timers and tasks that keeps it running;
    /// `time`: where the real part of the clock comes from (tests stop it, so only skipped waits count).
    public init(pendingWork: (any PendingWork)?, clock: Clock = .realTime, time: MonotonicClock = MonotonicClock()) {
        self.pendingWork = pendingWork
        mode = clock
        self.clock = time
    }

    /// Milliseconds since the loop began (`performance.now()`): real, or real plus the waits skipped.
    public var now: Double {
        if case .virtual = mode { return clock.milliseconds + skipped }
        return clock.milliseconds
    }

    /// Whether waits are skipped (pre-rendering): the page's `Date` then follows this clock too.
    public var isVirtual: Bool {
        if case .virtual = mode { return true }
        return false
    }

    /// Ends `run()` after the current event (the program exited).
    public func stop() { stopRequested = true }

    /// Drops every pending timer and task: their callbacks keep the context alive, and the context's
    /// functions keep the loop (an embedder that outlives a run breaks the cycle here).
    public func cancelAll() {
        timers.removeAll()
        immediates.removeAll()
    }

    // MARK: Scheduling

    func addTimer(after milliseconds: Double, repeating: Bool, _ callback: JSObject) -> Int {
        let id = takeID()
        sequence += 1
        // An interval under 1 ms (or NaN) would let `runDueTimers` fire the same timer forever.
        timers[id] = Timer(
            due: now + milliseconds, sequence: sequence,
            interval: repeating ? (milliseconds >= 1 ? milliseconds : 1) : nil, callback: callback)
        return id
    }

    /// Queues a task (a fetch reply, a DOM event): it runs after the due timers, in order.
    @discardableResult
    public func enqueue(_ callback: JSObject) -> Int { addImmediate(callback) }

    func removeTimer(_ id: Int) { timers[id] = nil }

    func setReferenced(_ id: Int, _ referenced: Bool) { timers[id]?.referenced = referenced }

    func addImmediate(_ callback: JSObject) -> Int {
        let id = takeID()
        immediates.append((id, callback))
        return id
    }

    func removeImmediate(_ id: Int) { immediates.removeAll { $0.id == id } }

    private func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: Running

    /// Runs until nothing is pending (no referenced timer, no task, no asynchronous wasm operation), or
    /// a limit is reached.
    @discardableResult
    public func run() -> Ending {
        while true {
            if stopRequested { return .stopped }
            if let deadline = wallClockDeadline, ContinuousClock.now >= deadline { return .wallClock }
            MainContext.iterate(mayBlock: false)
            if runDueTimers() { continue }
            if !immediates.isEmpty {
                // The tasks queued so far; those they queue wait for the next turn, as in node.
                let batch = immediates
                immediates.removeAll()
                for (_, callback) in batch { invoke(callback) }
                continue
            }
            let next = nextTimer()
            if let pendingWork, pendingWork.pendingOperations > 0 {
                let wait = next.map { max($0.timer.due - now, 0) } ?? 100
                MainContext.iterate(
                    mayBlock: true,
                    wakeAfterMilliseconds: UInt32(clamping: Conversions.clamped(wait.rounded(.up), to: 0...100)))
                continue
            }
            guard let next, timers.values.contains(where: \.referenced) else { return .idle }
            if case .virtual(let budget) = mode {
                // Nothing else can happen before the next timer: jump to it, unless it is past the budget.
                guard next.timer.due <= budget else { return .virtualTimeBudget }
                skipped += max(0, next.timer.due - now)
                continue
            }
            let wait = next.timer.due - now
            if wait > 0 {
                MainContext.iterate(
                    mayBlock: true,
                    wakeAfterMilliseconds: UInt32(clamping: Conversions.clamped(wait.rounded(.up), to: 0...1000)))
            }
        }
    }

    /// Fires the timers that are due, earliest first; returns whether any fired.
    private func runDueTimers() -> Bool {
        var fired = false
        let now = self.now
        while let (id, timer) = nextTimer(), timer.due <= now {
            if let interval = timer.interval {
                sequence += 1
                // node counts the next interval from now; on the virtual clock it counts from the due time,
                // so the ticks a budget holds do not depend on how loaded the machine is (the interval is at
                // least 1 ms, so this loop still ends at `now`).
                timers[id]?.due = isVirtual ? timer.due + interval : now + interval
                timers[id]?.sequence = sequence
            } else {
                timers[id] = nil
            }
            invoke(timer.callback)
            fired = true
            if stopRequested { return true }
        }
        return fired
    }

    /// The timer to fire next: earliest due, then first scheduled.
    private func nextTimer() -> (id: Int, timer: Timer)? {
        var best: (id: Int, timer: Timer)?
        for (id, timer) in timers {
            guard let current = best else {
                best = (id, timer)
                continue
            }
            if timer.due < current.timer.due
                || (timer.due == current.timer.due && timer.sequence < current.timer.sequence)
            {
                best = (id, timer)
            }
        }
        return best
    }

    private func invoke(_ callback: JSObject) {
        do {
            try callback.call()
        } catch {
            onUncaughtException(error)
        }
    }
}

/// Milliseconds on a monotonic clock since the loop began (`performance.now()`), and the Unix time then.
public struct MonotonicClock: Sendable {
    private let uptimeNanoseconds: @Sendable () -> UInt64
    private let start: UInt64
    /// `performance.timeOrigin`: milliseconds since the Unix epoch when the clock started.
    public let timeOrigin = Date().timeIntervalSince1970 * 1000

    /// `uptimeNanoseconds`: a monotonic reading; the system's unless a test injects its own.
    public init(uptimeNanoseconds: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.uptimeNanoseconds = uptimeNanoseconds
        start = uptimeNanoseconds()
    }

    public var milliseconds: Double {
        let now = uptimeNanoseconds()
        return now >= start ? Double(now - start) / 1_000_000 : 0
    }
}
