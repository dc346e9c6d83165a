import AssetPipeline
import Foundation
import TestSupport
import Testing

/// The dev watcher: the debounce's decisions on an injected clock, and real inotify on a temporary package.
@Suite("Source watching")
struct WatcherTests {
    let start = ContinuousClock.now

    @Test("an editor's save burst is one rebuild, due one quiet period after its last event")
    func debounceCoalescesABurst() {
        var debounce = WatchDebounce(quiet: .milliseconds(30), maxDelay: .milliseconds(300))
        #expect(debounce.deadline == nil)
        do {
            let fired = debounce.fire(at: start + .seconds(10))
            #expect(!fired, "nothing pending, nothing due")
        }
        // write the temporary file, rename it over main.go, chmod; then a second file ("save all").
        for offset in [0, 2, 3, 12] { debounce.note(at: start + .milliseconds(offset)) }
        #expect(debounce.deadline == start + .milliseconds(42))
        do {
            let fired = debounce.fire(at: start + .milliseconds(41))
            #expect(!fired)
        }
        do {
            let fired = debounce.fire(at: start + .milliseconds(42))
            #expect(fired)
        }
        do {
            let fired = debounce.fire(at: start + .milliseconds(43))
            #expect(!fired, "fired once")
        }
        #expect(debounce.deadline == nil)
    }

    @Test("a file that keeps changing is still built, at most maxDelay after the first event")
    func debounceHasAMaximumDelay() {
        var debounce = WatchDebounce(quiet: .milliseconds(30), maxDelay: .milliseconds(300))
        var fired: [Int] = []
        for millisecond in 0..<700 {
            if millisecond % 20 == 0 { debounce.note(at: start + .milliseconds(millisecond)) }
            if debounce.fire(at: start + .milliseconds(millisecond)) { fired.append(millisecond) }
        }
        #expect(fired == [300, 620], "\(fired)")
    }

    @Test("inotify: a burst of atomic-rename saves of several files is one onChange, soon after")
    func inotifyCoalescesABurst() throws {
        let package = try Paths.temporaryDirectory("watch")
        defer { try? FileManager.default.removeItem(at: package) }
        try "package main\n".write(to: package.appendingPathComponent("main.go"), atomically: false, encoding: .utf8)
        try "module m\n".write(to: package.appendingPathComponent("go.mod"), atomically: false, encoding: .utf8)
        let calls = CallCounter()
        let watcher = InotifyWatcher(
            package: package, debounce: .init(quiet: .milliseconds(30), maxDelay: .milliseconds(300))
        ) {
            calls.record()
        }
        try watcher.start()
        defer { watcher.stop() }

        // A save-all: each file written to a temporary name and renamed over the original, as editors do.
        for name in ["main.go", "util.go", "go.mod"] {
            try "package main // \(name)\n".write(
                to: package.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let saved = ContinuousClock.now
        #expect(calls.wait(for: 1, timeout: 10), "no onChange after the burst")
        let reaction = ContinuousClock.now - saved
        // The debounce is 30 ms; the bound leaves room for a loaded, shared machine, not for a poll interval.
        #expect(reaction < .milliseconds(250), "reacted after \(reaction)")

        // Files the build does not read do not rebuild; a folder created later is watched.
        try "x".write(to: package.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        let sub = package.appendingPathComponent("internal/lib")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(calls.wait(for: 2, timeout: 10), "creating a package folder is a change")
        try "package lib\n".write(to: sub.appendingPathComponent("lib.go"), atomically: false, encoding: .utf8)
        #expect(calls.wait(for: 3, timeout: 10), "a file in the new folder is seen")
        #expect(calls.count == 3, "the burst was one call, the text file none")
    }
}

/// Counts calls from the watcher's thread; waits on a semaphore, never sleeps.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let signal = DispatchSemaphore(value: 0)

    func record() {
        lock.lock()
        calls += 1
        lock.unlock()
        signal.signal()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }

    /// Whether `count` reaches `target` within `timeout` seconds.
    func wait(for target: Int, timeout: Double) -> Bool {
        let deadline = DispatchTime.now() + timeout
        while count < target {
            if signal.wait(timeout: deadline) == .timedOut { return count >= target }
        }
        return true
    }
}
