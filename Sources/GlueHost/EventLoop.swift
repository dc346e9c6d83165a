import Foundation
import JavaScript
import WasmEngines

/// node's event loop, as far as Go programs see it: due timers in order, then immediates (and the fs
/// completions delivered as immediates); JavaScriptCore drains its microtasks after each of these calls.
/// While the JIT engine has an asynchronous compile in flight, the loop waits on the GLib main context,
/// where JavaScriptCore delivers it. The loop ends when nothing is pending.
public final class EventLoop {
    struct Timer {
        var due: Double
        var sequence: Int
        let interval: Double?
        let callback: JSObject
        var referenced = true
    }

    public let clock = MonotonicClock()
    private var timers: [Int: Timer] = [:]
    private var immediates: [(id: Int, callback: JSObject)] = []
    private var nextID = 1
    private var sequence = 0
    private let webAssembly: WebAssemblyHost?
    /// Called with an exception no script caught (node prints it and exits 1).
    var onUncaughtException: (JavaScriptError) -> Void = { _ in }

    public init(webAssembly: WebAssemblyHost?) { self.webAssembly = webAssembly }

    // MARK: Scheduling

    func addTimer(after milliseconds: Double, repeating: Bool, _ callback: JSObject) -> Int {
        let id = takeID()
        sequence += 1
        timers[id] = Timer(
            due: clock.milliseconds + milliseconds, sequence: sequence, interval: repeating ? milliseconds : nil,
            callback: callback)
        return id
    }

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

    /// Runs until nothing is pending: no referenced timer, no immediate, no asynchronous wasm operation.
    public func run() {
        while true {
            MainContext.iterate(mayBlock: false)
            if runDueTimers() { continue }
            if !immediates.isEmpty {
                // The immediates queued so far; those they queue wait for the next turn, as in node.
                let batch = immediates
                immediates.removeAll()
                for (_, callback) in batch { invoke(callback) }
                continue
            }
            let next = nextTimer()
            if let webAssembly, webAssembly.pendingOperations > 0 {
                let wait = next.map { max($0.timer.due - clock.milliseconds, 0) } ?? 100
                MainContext.iterate(mayBlock: true, wakeAfterMilliseconds: UInt32(min(wait, 100).rounded(.up)))
                continue
            }
            guard let next, timers.values.contains(where: \.referenced) else { return }
            let wait = next.timer.due - clock.milliseconds
            if wait > 0 { MainContext.iterate(mayBlock: true, wakeAfterMilliseconds: UInt32(min(wait, 1000).rounded(.up))) }
        }
    }

    /// Fires the timers that are due, earliest first; returns whether any fired.
    private func runDueTimers() -> Bool {
        var fired = false
        let now = clock.milliseconds
        while let (id, timer) = nextTimer(), timer.due <= now {
            if let interval = timer.interval {
                sequence += 1
                timers[id]?.due = now + interval
                timers[id]?.sequence = sequence
            } else {
                timers[id] = nil
            }
            invoke(timer.callback)
            fired = true
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
            if timer.due < current.timer.due || (timer.due == current.timer.due && timer.sequence < current.timer.sequence) {
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
    private let start = DispatchTime.now().uptimeNanoseconds
    /// `performance.timeOrigin`: milliseconds since the Unix epoch when the clock started.
    public let timeOrigin = Date().timeIntervalSince1970 * 1000

    public init() {}

    public var milliseconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }
}
