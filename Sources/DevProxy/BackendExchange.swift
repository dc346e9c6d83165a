// One request forwarded to a backend and its response read back, on the calling thread: blocking, but every
// wait bounded by the proxy's timeout. The body goes up and comes down in pieces of at most 64 KiB, so
// neither a large upload nor a long response is ever held whole.
import HTTPServer

/// The request body as the proxy receives it from the client, piece by piece.
public enum RequestBodyPiece: Sendable {
    case data([UInt8])
    case end
    /// The client went away mid-body: the backend must not see a complete request.
    case aborted
    /// The client sent nothing for the proxy's timeout (`--proxy-timeout` bounds this wait too).
    case stalled
}

public struct ProxyOptions: Sendable {
    /// Seconds to connect, to wait for the response head, and to wait for each further piece of either body.
    public var timeout: Double
    /// Forward the client's Host instead of the backend's.
    public var keepHost: Bool
    /// What the client used to reach us, for `X-Forwarded-Proto` (`http`, or `https` behind TLS).
    public var scheme: String

    public static let defaultTimeout: Double = 30

    public init(timeout: Double = defaultTimeout, keepHost: Bool = false, scheme: String = "http") {
        self.timeout = timeout
        self.keepHost = keepHost
        self.scheme = scheme
    }
}

/// What the proxy forwards of a client's request.
public struct ForwardedRequest: Sendable {
    public var method: String
    public var path: String
    public var query: String?
    public var headers: HTTPHeaders
    public var body: ForwardedBodyFraming
    public var clientAddress: String
    public var scheme: String

    public init(
        method: String, path: String, query: String?, headers: HTTPHeaders, body: ForwardedBodyFraming,
        clientAddress: String, scheme: String = "http"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
        self.scheme = scheme
    }
}

/// Used by one thread at a time: started on one, its body read on another once the head is answered.
public final class BackendExchange: @unchecked Sendable {
    public let head: HTTPResponseHead
    public let framing: BackendBodyFraming
    /// The fields the client gets: the backend's, less hop-by-hop ones.
    public var responseHeaders: HTTPHeaders { ForwardingRules.responseHeaders(head) }
    /// After a 101, the bytes the backend sent past its head (already the new protocol's).
    public private(set) var pending: [UInt8]

    let socket: BackendSocket
    private let options: ProxyOptions
    private static let pieceSize = 64 * 1024
    private static let maxHeadSize = 64 * 1024

    private init(
        socket: BackendSocket, head: HTTPResponseHead, framing: BackendBodyFraming, pending: [UInt8],
        options: ProxyOptions
    ) {
        self.socket = socket
        self.head = head
        self.framing = framing
        self.pending = pending
        self.options = options
    }

    /// Connects, sends the head and the body (pieces from `nextBodyPiece` until `.end`), and reads the
    /// response head (skipping interim 1xx other than 101).
    public static func start(
        _ request: ForwardedRequest, to backend: Backend, options: ProxyOptions,
        nextBodyPiece: () -> RequestBodyPiece
    ) throws(ProxyFailure) -> BackendExchange {
        let socket = try BackendSocket.connect(to: backend, timeout: options.timeout)
        let head = ForwardingRules.requestHead(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            body: request.body, clientAddress: request.clientAddress, scheme: request.scheme, backend: backend,
            keepHost: options.keepHost)
        try socket.send(head, timeout: options.timeout)
        if request.body != .none {
            try sendBody(framing: request.body, on: socket, options: options, nextBodyPiece: nextBodyPiece)
        }
        return try readHead(from: socket, method: request.method, options: options)
    }

    private static func sendBody(
        framing: ForwardedBodyFraming, on socket: BackendSocket, options: ProxyOptions,
        nextBodyPiece: () -> RequestBodyPiece
    ) throws(ProxyFailure) {
        let chunked = framing == .chunked
        while true {
            switch nextBodyPiece() {
            case .data(let bytes):
                guard !bytes.isEmpty else { continue }
                if chunked {
                    try socket.send(Array((String(bytes.count, radix: 16) + "\r\n").utf8), timeout: options.timeout)
                }
                try socket.send(bytes, timeout: options.timeout)
                if chunked { try socket.send([0x0D, 0x0A], timeout: options.timeout) }
            case .end:
                if chunked { try socket.send(Array("0\r\n\r\n".utf8), timeout: options.timeout) }
                return
            case .aborted:
                throw .lost(socket.backend, detail: "the client stopped sending the request body")
            case .stalled:
                throw .lost(
                    socket.backend, detail: "the client sent no more of the request body within \(options.timeout) s")
            }
        }
    }

    private static func readHead(
        from socket: BackendSocket, method: String, options: ProxyOptions
    ) throws(ProxyFailure) -> BackendExchange {
        let deadline = ContinuousClock.now + .milliseconds(Int(options.timeout * 1000))  // gowasm: allow-trap: --proxy-timeout, validated at most 3600 s
        var input: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: pieceSize)
        while true {
            // Everything already buffered is parsed before waiting for more (a 100 and the final head may
            // arrive in one read).
            let parsed: (head: HTTPResponseHead, length: Int)?
            do {
                parsed = try input.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
                    try ResponseHeadParser.parse(buffer, maxSize: maxHeadSize)
                }
            } catch {
                throw .malformedResponse(socket.backend, detail: error.reason)
            }
            if let (head, length) = parsed {
                input.removeFirst(length)
                let code = head.status.code
                if (100..<200).contains(code), code != 101 { continue }  // interim: the final head follows
                let framing: BackendBodyFraming
                do {
                    framing = try ForwardingRules.bodyFraming(requestMethod: method, head: head)
                } catch {
                    throw .malformedResponse(socket.backend, detail: error.reason)
                }
                return BackendExchange(socket: socket, head: head, framing: framing, pending: input, options: options)
            }
            let left =
                Double((deadline - ContinuousClock.now).components.seconds)
                + Double((deadline - ContinuousClock.now).components.attoseconds) / 1e18
            guard left > 0 else { throw .responseTimedOut(socket.backend, seconds: options.timeout) }
            let received = try scratch.withUnsafeMutableBytes { raw in
                Result { () throws(ProxyFailure) in try socket.receive(into: raw, timeout: left) }
            }.get()
            switch received {
            case .bytes(let count): input += scratch[..<count]
            case .endOfStream: throw .closedBeforeResponse(socket.backend)
            case .timedOut: throw .responseTimedOut(socket.backend, seconds: options.timeout)
            }
        }
    }

    /// Reads the response body, decoded from its framing, handing each piece (at most 64 KiB) to `deliver`,
    /// which may block while the client is behind and returns false once the client is gone.
    /// Returns normally when the body is complete (or the client went); throws when the backend failed.
    public func forwardBody(to deliver: ([UInt8]) -> Bool) throws(ProxyFailure) {
        switch framing {
        case .none:
            return
        case .length(let total):
            var remaining = total
            if !pending.isEmpty {
                let piece = Array(pending.prefix(remaining))
                pending.removeAll()
                remaining -= piece.count
                guard deliver(piece) else { return }
            }
            while remaining > 0 {
                guard let piece = try receivePiece(max: remaining) else {
                    throw .lost(socket.backend, detail: "it closed \(remaining) bytes before the end of the body")
                }
                remaining -= piece.count
                guard deliver(piece) else { return }
            }
        case .untilClose:
            if !pending.isEmpty {
                let piece = pending
                pending.removeAll()
                guard deliver(piece) else { return }
            }
            while let piece = try receivePiece(max: Self.pieceSize) {
                guard deliver(piece) else { return }
            }
        case .chunked:
            var decoder = ChunkedBodyDecoder()
            var input = pending
            pending.removeAll()
            var decoded: [UInt8] = []
            while true {
                let consumed: Int
                do {
                    consumed = try input.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
                        try decoder.decode(buffer, from: 0, into: &decoded)
                    }
                } catch {
                    throw .lost(socket.backend, detail: "bad chunked framing: \(error.reason)")
                }
                input.removeFirst(consumed)
                if !decoded.isEmpty {
                    guard deliver(decoded) else { return }
                    decoded.removeAll(keepingCapacity: true)
                }
                if decoder.isDone { return }
                guard let piece = try receivePiece(max: Self.pieceSize) else {
                    throw .lost(socket.backend, detail: "it closed before the last chunk")
                }
                input += piece
            }
        }
    }

    // MARK: After a 101

    /// Hands the backend's bytes to `deliver` as they come, until the backend ends its direction (or
    /// `deliver` returns false). No timeout: a WebSocket may be quiet for long, and the server bounds an
    /// idle tunnel itself (then `abort()` ends this wait).
    public func forwardTunnel(to deliver: ([UInt8]) -> Bool) throws(ProxyFailure) {
        if !pending.isEmpty {
            let piece = pending
            pending.removeAll()
            guard deliver(piece) else { return }
        }
        while let piece = try receivePiece(max: Self.pieceSize, timeout: -1) {
            guard deliver(piece) else { return }
        }
    }

    /// Sends the client's bytes to the backend as they are.
    public func sendRaw(_ bytes: [UInt8]) throws(ProxyFailure) {
        try socket.send(bytes, timeout: options.timeout)
    }

    /// The client ended its direction: so does the backend's connection.
    public func closeWrite() { socket.shutdownWrite() }

    /// Ends the exchange from any thread (the client went): whichever wait the exchange's thread is in ends.
    public func abort() { socket.shutdownBoth() }

    /// The next bytes from the backend; nil at its end of stream.
    private func receivePiece(max: Int, timeout: Double? = nil) throws(ProxyFailure) -> [UInt8]? {
        var piece = [UInt8](repeating: 0, count: min(max, Self.pieceSize))
        let wait = timeout ?? options.timeout
        let received = try piece.withUnsafeMutableBytes { raw in
            Result { () throws(ProxyFailure) in try socket.receive(into: raw, timeout: wait) }
        }.get()
        switch received {
        case .bytes(let count):
            piece.removeSubrange(count...)
            return piece
        case .endOfStream:
            return nil
        case .timedOut:
            throw .lost(socket.backend, detail: "no data for \(options.timeout) s")
        }
    }
}
