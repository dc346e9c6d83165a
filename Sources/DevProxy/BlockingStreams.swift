// The server's streams answer through callbacks on Dispatch workers; an exchange's own thread waits for
// them instead (it has nothing else to do, and a wait is how back-pressure reaches the backend's socket).
// Only ever called on the proxy's own threads, never on an event loop or a shared worker.
import Dispatch
import HTTPServer
import InputSafety

extension HTTPInboundStream {
    /// The client's next part, waited for (a tunnel: the server's tunnel idle timeout closes a quiet one,
    /// which answers `.failed`).
    func nextPart() -> HTTPInbound { nextPart(timeout: .infinity) ?? .failed }

    /// The client's next part, waited for at most `timeout` seconds (nil: it did not come; the stream must
    /// not be asked again).
    func nextPart(timeout: Double) -> HTTPInbound? {
        let answered = DispatchSemaphore(value: 0)
        let part = Handoff<HTTPInbound>()
        next { inbound in
            part.value = inbound
            answered.signal()
        }
        if timeout.isInfinite {
            answered.wait()
        } else {
            let nanoseconds = Conversions.clamped(timeout * 1e9, to: 0...Int.max)
            guard answered.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        }
        return part.value ?? .failed
    }
}

extension HTTPStreamWriter {
    /// Queues `bytes`, then waits while the client is behind. False once the client is gone.
    func writeWaiting(_ bytes: [UInt8]) -> Bool {
        guard write(bytes) else { return false }
        if !isWritable {
            let writable = DispatchSemaphore(value: 0)
            whenWritable { writable.signal() }
            writable.wait()
        }
        return true
    }
}

/// A value set by a callback before it signals the semaphore the reading thread waits on (the semaphore
/// orders the write before the read).
private final class Handoff<Value>: @unchecked Sendable {
    var value: Value?
}
