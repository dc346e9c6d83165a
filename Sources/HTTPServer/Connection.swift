// One accepted socket: reads and parses requests, calls the handler, writes responses in order.
// All mutable state is confined to the serial queue of the event loop the connection lives on (hence
// `@unchecked Sendable`); stream writers on other threads only ever `async` onto that queue.
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class Connection: @unchecked Sendable {
    private enum Phase {
        /// Waiting for (or reading) a request head; idle when the input is empty.
        case head
        /// Reading the body of `pendingHead`.
        case body
        /// The handler took the request and answers later (`DeferringHTTPHandler`).
        case awaitingHandler
        /// Writing a response with a known end.
        case responding
        /// A stream response is open: chunks arrive from the handler's writer.
        case streaming
        /// Our side is done (write half shut); draining the peer's input before closing so the last
        /// response is not destroyed by a TCP reset.
        case lingering
        case closed
    }

    /// The response being written, for the access log and the keep-alive decision.
    private struct InFlight {
        var method: String
        var path: String
        var status: Int
        var bytes: Int
        var encoding: String?
        var startedAt: UInt64
        var keepAlive: Bool
    }

    private let fd: Int32
    let remoteAddress: String
    private let configuration: HTTPServer.Configuration
    private let limits: ParserLimits
    private let handler: any HTTPHandler
    private let deferringHandler: (any DeferringHTTPHandler)?
    private let registry: ConnectionRegistry
    private let loop: EventLoop
    var queue: DispatchQueue { loop.queue }

    /// Identifies this connection's registration in the loop (nil until registered, and after close).
    private var token: UInt64?
    private var registeredInterest: Interest = .read
    private var readSuspended = false
    private var writeArmed = false

    private var phase = Phase.head
    private var input: [UInt8] = []
    private var inputStart = 0
    private var headScanFrom = 0
    private var pendingHead: RequestHead?
    private var bodyReader: BodyReader?
    private var outbound = OutboundQueue()
    private var current: InFlight?
    private var stream: ConnectionStreamWriter?
    private var peerClosed = false
    private var shuttingDown = false

    /// Which wait the connection is in and when it runs out (pure; see `ConnectionDeadlines`). The loop's
    /// sweep asks it, so moving a deadline per request costs a store, not a timer reprogramming.
    private var timeouts: ConnectionDeadlines {
        didSet { publishRank() }
    }
    /// `timeouts.evictionRank`, readable from the accept thread when the cap is reached (three words, each
    /// read on its own: a heuristic may see a mix of two moments).
    private let publishedPhase = Atomic<UInt64>(0)
    private let publishedProgress = Atomic<UInt64>(0)
    private let publishedBytes = Atomic<Int>(0)
    /// Set once the accept thread chose this connection to make room.
    private let evicted = Atomic<Bool>(false)
    /// Reading is paused while a response is written and this much input is already buffered.
    private static let maxBufferedWhileResponding = 256 * 1024
    /// A small `.bytes` body is copied behind its head so both leave in one write.
    private static let inlineBodyLimit = 64 * 1024
    /// A stream whose reader falls this far behind is dropped.
    private static let maxQueuedStreamBytes = 8 * 1024 * 1024

    init(fd: Int32, remoteAddress: String, server: HTTPServer, loop: EventLoop) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.configuration = server.configuration
        self.limits = server.configuration.parserLimits
        self.handler = server.handler
        self.deferringHandler = server.deferringHandler
        self.registry = server.connections
        self.loop = loop
        self.timeouts = ConnectionDeadlines(policy: server.configuration.timeoutPolicy, acceptedAt: Self.now())
        publishRank()
    }

    private func publishRank() {
        let rank = timeouts.evictionRank
        publishedPhase.store(UInt64(rank.order) << 62 | (rank.since & (1 << 62 - 1)), ordering: .relaxed)
        publishedProgress.store(rank.lastProgress, ordering: .relaxed)
        publishedBytes.store(rank.transferred, ordering: .relaxed)
    }

    func start() {
        queue.async { [self] in
            // A shutdown may have closed the connection before it was registered: its descriptor number
            // may already belong to someone else, so it must be neither watched nor closed again.
            guard phase != .closed else { return }
            guard let token = loop.add(fd, .read, for: self) else {
                Glibc.close(fd)
                registry.remove(self)
                phase = .closed
                return
            }
            self.token = token
            // Slow-loris guard: the head's clock started at accept (see `ConnectionDeadlines`).
        }
    }

    /// The rank it had when last updated, for choosing whom to close at the cap (any thread).
    var evictionRank: EvictionRank {
        let phase = publishedPhase.load(ordering: .relaxed)
        return EvictionRank(
            order: Int(phase >> 62), since: phase & (1 << 62 - 1),
            lastProgress: publishedProgress.load(ordering: .relaxed), transferred: publishedBytes.load(ordering: .relaxed))
    }

    var isClaimedForEviction: Bool { evicted.load(ordering: .relaxed) }

    /// Claims this connection for eviction; false if another newcomer already did.
    func claimForEviction() -> Bool {
        !evicted.exchange(true, ordering: .relaxed)
    }

    /// How often the loop checks deadlines: a tenth of the shortest timeout keeps each within ~10% of its value.
    static func sweepInterval(for configuration: HTTPServer.Configuration) -> UInt64 {
        let shortest = min(configuration.headerReadTimeout.nanoseconds, configuration.idleTimeout.nanoseconds, 1_000_000_000)
        return min(max(shortest / 10, 10_000_000), 1_000_000_000)
    }

    // MARK: Events from the loop

    func readable() { readAvailable() }

    func writable() {
        guard phase != .closed else { return }
        flush()
        if phase == .head { processInput() }
    }

    /// The socket was reset or both directions are shut: read what the peer sent before it went (a
    /// lingering close ends here at EOF), then close whatever is left.
    func hungUp() {
        guard phase != .closed else { return }
        readAvailable()
        close()
    }

    /// Registers what the connection waits for, when that changed (one epoll_ctl).
    private func updateInterest() {
        guard let token else { return }
        var wanted: Interest = []
        if !readSuspended { wanted.insert(.read) }
        if writeArmed { wanted.insert(.write) }
        guard wanted != registeredInterest else { return }
        registeredInterest = wanted
        if !loop.update(fd, token: token, wanted) { close() }
    }

    // MARK: Reading

    private func readAvailable() {
        guard phase != .closed else { return }
        let wasEmpty = inputStart == input.count
        var received = 0
        var sawEOF = false
        let scratch = loop.readBuffer  // shared by the loop's connections, which run one at a time
        readLoop: while received < scratch.count * 4 {
            let count = recv(fd, scratch.baseAddress, scratch.count, 0)
            if count > 0 {
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                received += count
                if count < scratch.count { break }  // drained: skip the recv that would say EAGAIN
                continue
            }
            if count == 0 {
                sawEOF = true
                break
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: break readLoop
            case EINTR: continue
            default:
                close()
                return
            }
        }

        if phase == .lingering {
            input.removeAll(keepingCapacity: true)
            inputStart = 0
            if sawEOF { close() }
            return
        }
        if sawEOF {
            peerClosed = true
            suspendReading()
            // A vanished reader ends a stream; anything else may still be answered from the buffer.
            if phase == .streaming {
                close()
                return
            }
        }
        if received > 0, wasEmpty, phase == .head {
            // The first byte of a request starts the head's clock (when it was idling between requests).
            timeouts.headBytes(at: now())
        } else if received > 0, phase == .body {
            timeouts.bodyBytes(received, at: now())
        }
        if phase == .responding || phase == .streaming || phase == .awaitingHandler {
            if input.count - inputStart > Self.maxBufferedWhileResponding { suspendReading() }
            return
        }
        processInput()
    }

    private func suspendReading() {
        guard !readSuspended else { return }
        readSuspended = true
        updateInterest()
    }

    private func resumeReading() {
        guard readSuspended, !peerClosed else { return }
        readSuspended = false
        updateInterest()
    }

    // MARK: Parsing

    /// Turns buffered input into requests and answers them, until input runs out or a response must wait.
    private func processInput() {
        defer { compactInput() }
        while true {
            switch phase {
            case .head:
                guard parseHead() else { return }
            case .body:
                guard readBody() else { return }
            case .awaitingHandler, .responding, .streaming, .lingering, .closed:
                return
            }
        }
    }

    /// Returns true when it moved to another phase (so the loop should continue).
    private func parseHead() -> Bool {
        skipLeadingEmptyLines()
        if inputStart == input.count {
            if peerClosed { close() }
            return false
        }
        do {
            let found = try input.withUnsafeBufferPointer { buffer throws(RequestError) -> RequestHead? in
                let scan = try RequestParser.scanHead(
                    buffer, start: inputStart, scanFrom: &headScanFrom, limits: limits)
                guard case .complete(let end) = scan else { return nil }
                let head = try RequestParser.parseHead(buffer, start: inputStart, end: end, limits: limits)
                inputStart = end
                headScanFrom = end
                return head
            }
            guard let head = found else {
                if peerClosed { close() }  // the peer stopped mid-head: nobody to answer
                return false
            }
            let startedAt = now()
            if head.framing == .none {
                respond(to: head, body: [], startedAt: startedAt)
                return true
            }
            pendingHead = head
            bodyReader = BodyReader(framing: head.framing, limits: limits, startedAt: startedAt)
            phase = .body
            timeouts.bodyStarted(at: startedAt)
            timeouts.bodyBytes(input.count - inputStart, at: startedAt)
            if head.expectsContinue, inputStart == input.count {
                enqueue(ResponseHead.continueResponse)
                flush()
            }
            return true
        } catch {
            fail(error)
            return false
        }
    }

    /// RFC 9112 §2.2: at least one empty line before a request line is ignored.
    private func skipLeadingEmptyLines() {
        while inputStart < input.count, input[inputStart] == 0x0A || input[inputStart] == 0x0D {
            if input[inputStart] == 0x0D {
                guard inputStart + 1 < input.count else { return }
                guard input[inputStart + 1] == 0x0A else { return }  // a bare CR: the parser rejects it
                inputStart += 2
            } else {
                inputStart += 1
            }
        }
        headScanFrom = max(headScanFrom, inputStart)
    }

    private func readBody() -> Bool {
        guard var reader = bodyReader, let head = pendingHead else { return false }
        do {
            let done = try input.withUnsafeBufferPointer { buffer throws(RequestError) -> Bool in
                try reader.consume(buffer, position: &inputStart)
            }
            if done {
                bodyReader = nil
                pendingHead = nil
                headScanFrom = inputStart
                respond(to: head, body: reader.body, startedAt: reader.startedAt)
                return true
            }
            bodyReader = reader
            if peerClosed { close() }
            return false
        } catch {
            bodyReader = nil
            pendingHead = nil
            fail(error)
            return false
        }
    }

    private func compactInput() {
        if inputStart == input.count {
            if !input.isEmpty {
                input.removeAll(keepingCapacity: input.capacity <= 1 << 20)
            }
            inputStart = 0
            headScanFrom = 0
        } else if inputStart > 32 * 1024 {
            input.removeSubrange(0..<inputStart)
            headScanFrom -= inputStart
            inputStart = 0
        }
    }

    // MARK: Responding

    private func respond(to head: RequestHead, body: [UInt8], startedAt: UInt64) {
        let request = HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query, version: head.version,
            headers: head.headers, body: body, remoteAddress: remoteAddress)
        guard let deferringHandler else {
            answer(handler.respond(to: request), to: head, startedAt: startedAt)
            return
        }
        let answered = deferringHandler.respond(to: request) { [self] response in
            queue.async { [self] in
                guard phase == .awaitingHandler else { return }  // closed meanwhile
                answer(response, to: head, startedAt: startedAt)
                if phase == .head { processInput() }  // requests pipelined behind this one
            }
        }
        guard let answered else {
            phase = .awaitingHandler
            timeouts.unbounded(at: now())  // the handler bounds its own time
            return
        }
        answer(answered, to: head, startedAt: startedAt)
    }

    private func answer(_ response: HTTPResponse, to head: RequestHead, startedAt: UInt64) {
        var response = response
        let isHead = head.method == "HEAD"
        var keepAlive = head.keepAlive && !shuttingDown
        if keepAlive, Self.asksToClose(response.headers) { keepAlive = false }
        let code = response.status.code
        let bodiless = (100..<200).contains(code) || code == 204 || code == 304

        var fileToSend: (file: OpenedFile, offset: Int, count: Int)?
        if case .opened(let file, let offset, let count) = response.body, !isHead, !bodiless, count > 0 {
            fileToSend = (file, offset, count)
        } else if case .file(let path, let offset, let count) = response.body, !isHead, !bodiless, count > 0 {
            if let opened = Self.openFile(path, offset: offset, count: count) {
                fileToSend = (OpenedFile(adopting: opened), offset, count)
            } else {
                response = HTTPResponse(
                    status: .internalServerError, headers: ["Content-Type": "text/plain; charset=utf-8"],
                    body: .bytes(Array("500 Internal Server Error: file unavailable\n".utf8)))
            }
        }

        let framing: ResponseFraming
        var streamStart: (@Sendable (any HTTPStreamWriter) -> Void)?
        switch response.body {
        case _ where bodiless:
            framing = .bodiless
        case .stream(let start):
            if head.version.minor >= 1 {
                framing = .chunked
            } else {
                framing = .closeDelimited
                keepAlive = false
            }
            if !isHead { streamStart = start }
        default:
            framing = .length(response.body.knownCount ?? 0)
        }

        let connectionField: ConnectionField =
            keepAlive ? (head.version.minor == 0 ? .keepAlive : .none) : .close
        var bytes: [UInt8] = []
        let inlineBody: [UInt8]? = {
            guard !isHead, !bodiless, case .bytes(let body) = response.body else { return nil }
            return body
        }()
        bytes.reserveCapacity(
            256 + response.headers.fields.count * 48
                + ((inlineBody?.count ?? 0) <= Self.inlineBodyLimit ? inlineBody?.count ?? 0 : 0))
        ResponseHead.encode(
            status: response.status, headers: response.headers, framing: framing, connection: connectionField,
            into: &bytes)

        var bodyBytes = 0
        if let inlineBody {
            bodyBytes = inlineBody.count
            if inlineBody.count <= Self.inlineBodyLimit {
                bytes.append(contentsOf: inlineBody)
                enqueue(bytes)
            } else {
                enqueue(bytes)
                enqueue(inlineBody)
            }
        } else {
            enqueue(bytes)
        }
        if let fileToSend {
            bodyBytes = fileToSend.count
            outbound.append(fileToSend.file, offset: fileToSend.offset, count: fileToSend.count)
        }

        current = InFlight(
            method: head.method, path: head.path, status: code, bytes: bodyBytes, encoding: response.logCoding,
            startedAt: startedAt, keepAlive: keepAlive)
        timeouts.sendStarted(at: now())
        if let streamStart {
            phase = .streaming
            let writer = ConnectionStreamWriter(connection: self, chunked: framing == .chunked)
            stream = writer
            flush()
            DispatchQueue.global().async { streamStart(writer) }
        } else {
            phase = .responding
            flush()
        }
    }

    /// A handler may end the connection with `Connection: close`.
    private static func asksToClose(_ headers: HTTPHeaders) -> Bool {
        for field in headers.fields where field.name.utf8.count == 10 && field.name.caseInsensitiveEquals("connection") {
            if field.value.split(separator: ",").contains(where: { $0.trimmingHTTPWhitespace().caseInsensitiveEquals("close") }) {
                return true
            }
        }
        return false
    }

    /// Opens a file for sendfile, checking it still holds the promised range (it may have shrunk).
    private static func openFile(_ path: String, offset: Int, count: Int) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, offset >= 0, Int(status.st_size) >= offset + count else {
            Glibc.close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Answers a request we could not parse or accept, then closes.
    private func fail(_ error: RequestError) {
        let body = Array("\(error.status.code) \(error.status.reason): \(error.reason)\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + body.count)
        ResponseHead.encode(
            status: error.status, headers: ["Content-Type": "text/plain; charset=utf-8"],
            framing: .length(body.count), connection: .close, into: &bytes)
        bytes.append(contentsOf: body)
        input.removeAll()
        inputStart = 0
        headScanFrom = 0
        enqueue(bytes)
        current = InFlight(
            method: "-", path: "-", status: error.status.code, bytes: body.count, encoding: nil, startedAt: now(),
            keepAlive: false)
        phase = .responding
        timeouts.sendStarted(at: now())
        flush()
    }

    private func finishResponse() {
        guard let finished = current else { return }
        current = nil
        if let log = configuration.accessLog {
            log(
                AccessLogEntry(
                    remoteAddress: remoteAddress, method: finished.method, path: finished.path,
                    status: finished.status, bytes: finished.bytes, encoding: finished.encoding,
                    milliseconds: Double(now() - finished.startedAt) / 1_000_000))
        }
        guard finished.keepAlive, !shuttingDown else {
            linger()
            return
        }
        phase = .head
        let finishedAt = now()
        timeouts.idle(at: finishedAt)
        if inputStart < input.count { timeouts.headBytes(at: finishedAt) }  // a pipelined request is waiting
        resumeReading()
    }

    /// Shuts our write half and drains the peer for a moment before closing (RFC 9112 §9.6).
    private func linger() {
        if peerClosed || shuttingDown {
            close()
            return
        }
        phase = .lingering
        Glibc.shutdown(fd, Int32(SHUT_WR))
        input.removeAll()
        inputStart = 0
        timeouts.lingering(at: now())
        resumeReading()
    }

    // MARK: Streams

    fileprivate func streamWrite(_ data: [UInt8], chunked: Bool) {
        guard phase == .streaming, !data.isEmpty else { return }
        if outbound.queuedBytes > Self.maxQueuedStreamBytes {
            close()
            return
        }
        current?.bytes += data.count
        enqueue(chunked ? ResponseHead.chunk(data) : data)
        flush()
    }

    fileprivate func streamFinish(chunked: Bool) {
        guard phase == .streaming else { return }
        stream = nil
        if chunked { enqueue(ResponseHead.lastChunk) }
        phase = .responding
        timeouts.sendStarted(at: now())
        flush()
        if phase == .head { processInput() }
    }

    // MARK: Writing

    private func enqueue(_ bytes: [UInt8]) { outbound.append(bytes) }

    /// Writes as much as the socket takes; on EAGAIN waits for the write source. When a response's last
    /// byte is out, finishes it.
    private func flush() {
        let (outcome, sent) = outbound.write(to: fd)
        if sent > 0 { timeouts.sent(sent, at: now()) }
        switch outcome {
        case .wouldBlock:
            armWriting()
            return
        case .failed:
            close()
            return
        case .drained:
            break
        }
        disarmWriting()
        if phase == .responding {
            finishResponse()
        } else if phase == .streaming {
            timeouts.unbounded(at: now())  // a live stream is not idle: the keep-alive timeout must not end it
        }
    }

    private func armWriting() {
        // A stalled reader is bounded by the send deadlines (stall and minimum rate), see `ConnectionDeadlines`;
        // a live stream too, while its reader keeps it from draining.
        if phase == .streaming, timeouts.phase == .unbounded { timeouts.sendStarted(at: now()) }
        guard !writeArmed else { return }
        writeArmed = true
        updateInterest()
    }

    private func disarmWriting() {
        guard writeArmed else { return }
        writeArmed = false
        updateInterest()
    }

    // MARK: Timeouts

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    private func now() -> UInt64 { Self.now() }

    /// Called by the loop's sweep.
    func checkDeadline(now: UInt64) {
        guard phase != .closed, let expiry = timeouts.expiry(at: now) else { return }
        switch expiry {
        case .head where inputStart < input.count && phase == .head, .bodyTooSlow where phase == .body:
            fail(RequestError(.requestTimeout, "request not received in time"))
        case .head, .idle, .bodyTooSlow, .sendTooSlow, .linger:
            close()
        }
    }

    // MARK: Shutdown

    func shutdownGracefully() {
        queue.async { [self] in
            shuttingDown = true
            switch phase {
            case .head, .body, .lingering:
                close()
            case .responding:
                current?.keepAlive = false
            case .streaming:
                current?.keepAlive = false
                stream?.markClosed()
                streamFinish(chunked: stream?.chunked ?? true)
            case .awaitingHandler:
                break  // the reply goes out without keep-alive (shuttingDown), then the connection closes
            case .closed:
                break
            }
        }
    }

    func forceClose() {
        queue.async { [self] in close() }
    }

    private func close() {
        guard phase != .closed else { return }
        phase = .closed
        stream?.markClosed()
        stream = nil
        outbound.removeAll()
        input = []
        if let token {
            loop.remove(fd, token: token)
            self.token = nil
        }
        Glibc.close(fd)
        registry.remove(self)
    }
}

/// The handler's side of a stream response. Safe from any thread; every call hops onto the connection queue.
final class ConnectionStreamWriter: HTTPStreamWriter {
    private let connection: Connection
    let chunked: Bool
    private let open = Atomic<Bool>(true)

    init(connection: Connection, chunked: Bool) {
        self.connection = connection
        self.chunked = chunked
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        guard open.load(ordering: .acquiring) else { return false }
        let chunked = self.chunked
        connection.queue.async { [connection] in connection.streamWrite(bytes, chunked: chunked) }
        return true
    }

    func finish() {
        guard open.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let chunked = self.chunked
        connection.queue.async { [connection] in connection.streamFinish(chunked: chunked) }
    }

    func markClosed() { open.store(false, ordering: .releasing) }
}
