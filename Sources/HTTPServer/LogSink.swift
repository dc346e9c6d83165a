// Log lines that never block the caller. A stopped terminal (Ctrl-S) or a full stderr pipe must not freeze
// the event loops: lines go into a bounded buffer that one thread of its own drains with blocking writes.
// When the buffer is full, lines are dropped and counted, and the count is reported once writing resumes.
import Foundation
import Glibc
import InputSafety
import Synchronization

public final class LogSink: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var dropped = 0
        var droppedTotal = 0
    }

    private let descriptor: Int32
    private let capacity: Int
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Standard error, with a 1 MiB buffer.
    public static let standardError = LogSink(descriptor: 2, capacity: 1 << 20)

    /// `capacity`: bytes buffered before lines are dropped.
    public init(descriptor: Int32, capacity: Int) {
        self.descriptor = descriptor
        self.capacity = capacity
        let thread = Thread { [self] in drain() }
        thread.name = "gowasm-serve.log"
        thread.start()
    }

    /// Queues `line` (a newline is added); returns at once, whether or not the line could be kept. Control
    /// characters other than tab and newline are escaped visibly first (`TerminalText`): a line may carry
    /// text from a page, a backend or a guest program, and the terminal must not obey it.
    public func writeLine(_ line: String) {
        let line = TerminalText.escaped(line)
        let accepted = state.withLock { state -> Bool in
            let size = line.utf8.count + 1
            guard state.pending.count + size <= capacity else {
                state.dropped += 1
                state.droppedTotal += 1
                return false
            }
            let wasEmpty = state.pending.isEmpty
            state.pending.append(contentsOf: line.utf8)
            state.pending.append(0x0A)
            return wasEmpty
        }
        if accepted { wakeUp.signal() }
    }

    /// Lines dropped since the start because the buffer was full.
    public var droppedLineCount: Int { state.withLock { $0.droppedTotal } }

    /// Blocks until everything queued so far was written (tests; the end of a command).
    public func flush(timeout: Duration = .seconds(2)) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, state.withLock({ !$0.pending.isEmpty }) {
            usleep(1_000)
        }
    }

    private func drain() {
        while true {
            wakeUp.wait()
            while true {
                let (bytes, dropped) = state.withLock { state -> ([UInt8], Int) in
                    let taken = (state.pending, state.dropped)
                    state.pending = []
                    state.dropped = 0
                    return taken
                }
                if bytes.isEmpty, dropped == 0 { break }
                writeAll(bytes)
                if dropped > 0 {
                    writeAll(
                        Array(
                            "gowasm-serve: \(dropped) log line(s) dropped: the log was not being read fast enough\n"
                                .utf8))
                }
            }
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }  // gowasm: allow-trap: the loop runs only while written < bytes.count, so the buffer is not empty
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }  // closed or broken: nothing to do but drop
            written += count
        }
    }
}
