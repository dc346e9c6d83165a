import Dispatch
import Glibc
import Synchronization

/// Client bytes for one reader, one part per `next`. Its state lives on the connection's loop thread; callbacks
/// run on Dispatch workers, one at a time (a reader asks again only after an answer).
final class InboundChannel: HTTPInboundStream, @unchecked Sendable {
    private let connection: Connection
    private var waiting: (@Sendable (HTTPInbound) -> Void)?
    /// Once set, every later `next` gets it.
    private var final: HTTPInbound?

    init(connection: Connection) { self.connection = connection }

    func next(_ receive: @escaping @Sendable (HTTPInbound) -> Void) {
        connection.executor.async { [connection, self] in connection.inboundRequested(self, receive) }
    }

    var isWaiting: Bool { waiting != nil }
    var hasEnded: Bool { final != nil }

    /// Keeps `receive` for the next part; false when the channel already ended (it was answered).
    func wait(_ receive: @escaping @Sendable (HTTPInbound) -> Void) -> Bool {
        if let final {
            DispatchQueue.global().async { receive(final) }
            return false
        }
        waiting = receive
        return true
    }

    func deliver(_ part: HTTPInbound) {
        guard let receive = waiting else { return }
        waiting = nil
        DispatchQueue.global().async { receive(part) }
    }

    /// No part follows `last` (`.end` or `.failed`); a waiting reader gets it now, later ones on asking.
    func end(_ last: HTTPInbound) {
        guard final == nil else { return }
        final = last
        deliver(last)
    }
}
