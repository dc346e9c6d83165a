// After a 101, the client's connection and the backend's carry raw bytes both ways (a WebSocket's frames
// are never parsed): one thread per direction, each piece asked for only when the other side took the last.
import Dispatch
import Foundation
import HTTPServer

final class ByteTunnel: Sendable {
    private let exchange: BackendExchange
    private let client: any HTTPTunnel
    private let failed: @Sendable (ProxyFailure) -> Void

    init(exchange: BackendExchange, client: any HTTPTunnel, failed: @escaping @Sendable (ProxyFailure) -> Void) {
        self.exchange = exchange
        self.client = client
        self.failed = failed
    }

    func start() {
        // A client that goes wakes the backend reader (blocked in poll) by shutting the backend socket.
        client.onClientGone { [exchange] in exchange.abort() }
        ProxyHandler.onOwnThread { [self] in backendToClient() }
        ProxyHandler.onOwnThread { [self] in clientToBackend() }
    }

    private func backendToClient() {
        do throws(ProxyFailure) {
            try exchange.forwardTunnel { piece in client.writeWaiting(piece) }
            client.finish()  // the backend ended its direction: half-close ours
        } catch {
            failed(error)
            client.close()
        }
    }

    private func clientToBackend() {
        while true {
            switch client.nextPart() {
            case .bytes(let bytes):
                do throws(ProxyFailure) {
                    try exchange.sendRaw(bytes)
                } catch {
                    failed(error)
                    client.close()
                    exchange.abort()
                    return
                }
            case .end:
                exchange.closeWrite()
                return
            case .failed:
                exchange.abort()
                return
            }
        }
    }
}
