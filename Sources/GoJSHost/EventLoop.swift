import Foundation

/// The runtime's clock in milliseconds since the Unix epoch: real, or virtual (advanced by the event loop).
final class HostClock {
    let mode: GoJSConfiguration.ClockMode
    private let origin: Double
    private let monotonicStart: UInt64
    private var virtualNow: Double

    init(mode: GoJSConfiguration.ClockMode) {
        self.mode = mode
        monotonicStart = DispatchTime.now().uptimeNanoseconds
        switch mode {
        case .real:
            origin = Date().timeIntervalSince1970 * 1000
            virtualNow = origin
        case .virtual(let start):
            origin = start
            virtualNow = start
        }
    }

    var isVirtual: Bool { if case .virtual = mode { true } else { false } }

    /// Milliseconds since the epoch (fractional): `timeOrigin + performance.now()`.
    func now() -> Double {
        isVirtual ? virtualNow : origin + elapsedRealMilliseconds()
    }

    /// `performance.now()`.
    func sinceStart() -> Double { now() - origin }

    func elapsedRealMilliseconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - monotonicStart) / 1_000_000
    }

    /// Moves virtual time forward (never back); waits in real mode.
    func advance(to time: Double) {
        if isVirtual {
            virtualNow = max(virtualNow, time)
        } else {
            let wait = time - now()
            if wait > 0 { usleep(useconds_t(min(wait, 1_000_000) * 1000)) }
        }
    }
}

/// Tasks, timers and microtasks, in the order node's loop would run them.
struct EventLoop {
    typealias Job = () throws(JSException) -> Void

    struct Timer {
        let due: Double
        let sequence: Int
        let interval: Double?
        let job: Job
    }

    var microtasks: [Job] = []
    var microtaskHead = 0
    var tasks: [Job] = []
    private(set) var timers: [Int: Timer] = [:]
    private var nextTimerID = 1
    private var sequence = 0

    mutating func addTimer(at due: Double, interval: Double?, _ job: @escaping Job) -> Int {
        let id = nextTimerID
        nextTimerID += 1
        sequence += 1
        timers[id] = Timer(due: due, sequence: sequence, interval: interval, job: job)
        return id
    }

    mutating func removeTimer(_ id: Int) { timers[id] = nil }

    /// The timer to fire next: earliest due, then first scheduled.
    func nextTimer() -> (id: Int, timer: Timer)? {
        var best: (id: Int, timer: Timer)?
        for (id, timer) in timers {
            if let current = best {
                if timer.due < current.timer.due
                    || (timer.due == current.timer.due && timer.sequence < current.timer.sequence)
                {
                    best = (id, timer)
                }
            } else {
                best = (id, timer)
            }
        }
        return best
    }

    /// Re-arms an interval timer after it fired, keeping its id.
    mutating func rearm(_ id: Int, after now: Double) {
        guard let timer = timers[id], let interval = timer.interval else {
            timers[id] = nil
            return
        }
        sequence += 1
        timers[id] = Timer(due: now + interval, sequence: sequence, interval: interval, job: timer.job)
    }

    var isEmpty: Bool { timers.isEmpty && tasks.isEmpty && microtaskHead >= microtasks.count }
}

extension GoJSRuntime {
    /// Runs tasks until Go exits, nothing is pending, or a budget ends.
    func driveEventLoop() throws(GoJSError) -> GoJSOutcome {
        let startedAt = clock.elapsedRealMilliseconds()
        let virtualStart = clock.now()
        while true {
            try drainMicrotasks()
            if let exitCode { return .exited(code: exitCode) }
            if let limit = configuration.wallClockLimit,
                clock.elapsedRealMilliseconds() - startedAt > limit.milliseconds
            {
                return .budgetExhausted(.wallClock(limit))
            }
            if !eventLoop.tasks.isEmpty {
                let task = eventLoop.tasks.removeFirst()
                try runJob(task)
                continue
            }
            if let (id, timer) = eventLoop.nextTimer() {
                if clock.isVirtual, let limit = configuration.virtualTimeLimit,
                    timer.due - virtualStart > limit.milliseconds
                {
                    return .budgetExhausted(.virtualTime(limit))
                }
                if !clock.isVirtual, let limit = configuration.wallClockLimit {
                    // Do not sleep past the budget.
                    let remaining = limit.milliseconds - (clock.elapsedRealMilliseconds() - startedAt)
                    if timer.due - clock.now() > remaining {
                        clock.advance(to: clock.now() + max(remaining, 0))
                        continue
                    }
                }
                clock.advance(to: timer.due)
                if clock.now() < timer.due { continue }  // woke early (sleep is capped); wait again
                eventLoop.rearm(id, after: clock.now())
                try runJob(timer.job)
                continue
            }
            // Nothing pending and Go has not exited.
            switch configuration.whenIdle {
            case .returnIdle:
                return .idle
            case .reportDeadlock:
                let event = JSObject(prototype: intrinsics.objectPrototype)
                event.properties["id"] = .number(0)
                goInstance.properties["_pendingEvent"] = .object(event)
                try runJob { () throws(JSException) in try self.resumeGo() }
                try drainMicrotasks()
                return .exited(code: exitCode ?? 0)
            }
        }
    }

    private func drainMicrotasks() throws(GoJSError) {
        while eventLoop.microtaskHead < eventLoop.microtasks.count {
            if exitCode != nil { break }
            let job = eventLoop.microtasks[eventLoop.microtaskHead]
            eventLoop.microtaskHead += 1
            try runJob(job)
        }
        eventLoop.microtasks.removeAll(keepingCapacity: true)
        eventLoop.microtaskHead = 0
    }

    /// Runs one job; an exception nobody caught ends the run like node's uncaught exception (exit 1).
    private func runJob(_ job: EventLoop.Job) throws(GoJSError) {
        do {
            try job()
        } catch {
            switch pendingUnwind {
            case .exited(let code)?:
                exitCode = code
                return
            case .fault(let fault)?:
                throw fault
            case nil:
                throw .uncaughtException(error.message)
            }
        }
        if case .fault(let fault)? = pendingUnwind { throw fault }
        if case .exited(let code)? = pendingUnwind { exitCode = code }
    }

}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
