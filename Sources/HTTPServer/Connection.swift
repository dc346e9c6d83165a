import Dispatch
// One accepted socket: the driver of a `ConnectionStateMachine`. It reads and parses requests, calls the
// handler and writes responses in order, through the thin POSIX layer (`PlainSocket`/`Transport`) and the
// `OutboundQueue`; every decision (phase, keep-alive, pausing reads, epoll interest, deadlines) is the
// machine's, which gets each event with the time and answers with an action.
// All mutable state is confined to the thread of the event loop the connection lives on (hence
// `@unchecked Sendable`); other threads (stream writers, deferred answers) only post to its `LoopExecutor`.
import DistLayout
import Glibc
import InputSafety
import Synchronization

final class Connection: @unchecked Sendable {
    /// The response being written, for the access log.
    private struct InFlight {
        var method: String
        var path: String
        var status: Int
        var bytes: Int
        var encoding: String?
        var startedAt: UInt64
    }

    private let fd: Int32
    /// Plain TCP until `start()` makes the configured transport (TLS).
    private var transport = Transport.plain
    private let makeTransport: TransportFactory?
    let remoteAddress: String
    private let configuration: HTTPServer.Configuration
    private let limits: ParserLimits
    private let handler: any HTTPHandler
    private let registry: ConnectionRegistry
    private let loop: EventLoop
    var executor: LoopExecutor { loop.executor }

    /// Phases, keep-alive, read pauses, epoll interest and deadlines. Every entry point from the loop or
    /// another thread ends with `settle()`, which applies the interest it wants and publishes its rank.
    private var machine: ConnectionStateMachine
    /// Identifies this connection's registration in the loop (nil until registered, and after close).
    private var token: UInt64?

    private var input: [UInt8] = []
    private var inputStart = 0
    private var headScanFrom = 0
    private var pendingHead: RequestHead?
    private var bodyReader: BodyReader?
    private var outbound = OutboundQueue()
    private var current: InFlight?
    /// The writer of a stream response, or the tunnel.
    private var stream: ConnectionStreamWriter?
    /// A stream response's bytes still owed under its Content-Length (`HTTPBody.sizedStream`).
    private var sizedRemaining: Int?
    /// A request body handed to the handler as it arrives (`HTTPHandler.streamsBody`), until its end was taken.
    private var inbound: InboundChannel?
    /// The tunnel, while the connection is one.
    private var tunnel: ConnectionTunnel?

    /// `machine.deadlines.evictionRank`, readable from the accept thread when the cap is reached (three
    /// words, each read on its own: a heuristic may see a mix of two moments). The standing takes the
    /// top 3 bits.
    private let publishedPhase = Atomic<UInt64>(0)
    private let publishedProgress = Atomic<UInt64>(0)
    private let publishedBytes = Atomic<Int>(0)
    /// Set once the accept thread chose this connection to make room.
    private let evicted = Atomic<Bool>(false)
    /// A small `.bytes` body is copied behind its head so both leave in one write.
    private static let inlineBodyLimit = 64 * 1024

    init(fd: Int32, remoteAddress: String, server: HTTPServer, loop: EventLoop) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.configuration = server.configuration
        self.limits = server.configuration.parserLimits
        self.handler = server.handler
        self.registry = server.connections
        self.makeTransport = server.configuration.transport
        self.loop = loop
        self.machine = ConnectionStateMachine(policy: server.configuration.timeoutPolicy, acceptedAt: Self.now())
        publishRank()
    }

    private func publishRank() {
        let rank = machine.deadlines.evictionRank
        let standing = UInt64(truncatingIfNeeded: rank.standing.rawValue)  // a UInt8 widened: nothing is lost
        publishedPhase.store(standing << 61 | (rank.since & (1 << 61 - 1)), ordering: .relaxed)
        publishedProgress.store(rank.lastProgress, ordering: .relaxed)
        publishedBytes.store(rank.transferred, ordering: .relaxed)
    }

    /// After each event: registers the interest the machine now wants, when it changed (one epoll_ctl), and
    /// publishes the eviction rank.
    private func settle() {
        if let wanted = machine.interestChange(), let token {
            if !loop.update(fd, token: token, Interest(wanted)) { close() }
        }
        publishRank()
    }

    func start() {
        executor.async { [self] in
            defer { settle() }
            // A shutdown may have closed the connection before it was registered: its descriptor number
            // may already belong to someone else, so it must be neither watched nor closed again.
            guard case .register(let wanted) = machine.start(handshake: makeTransport != nil) else { return }
            if let makeTransport {
                guard let made = makeTransport(fd) else {
                    machine.outputLost()  // nothing was ever said on it
                    close()
                    return
                }
                transport = .stream(made)
            }
            guard let token = loop.add(fd, Interest(wanted), for: self) else {
                machine.outputLost()
                close()
                return
            }
            self.token = token
            machine.registered(wanted)
            // Slow-loris guard: the head's clock started at accept (see `ConnectionDeadlines`), and covers
            // a handshake as well.
            if machine.phase == .handshake { advanceHandshake() }
        }
    }

    /// The rank it had when last updated, for choosing whom to close at the cap (any thread).
    var evictionRank: EvictionRank {
        let phase = publishedPhase.load(ordering: .relaxed)
        return EvictionRank(
            // Only this connection writes the word, always from a `Standing`; `.unbounded` (never evicted)
            // stands in for a value that cannot occur.
            standing: EvictionRank.Standing(rawValue: UInt8(truncatingIfNeeded: phase >> 61)) ?? .unbounded,
            since: phase & (1 << 61 - 1),
            lastProgress: publishedProgress.load(ordering: .relaxed),
            transferred: publishedBytes.load(ordering: .relaxed))
    }

    var isClaimedForEviction: Bool { evicted.load(ordering: .relaxed) }

    /// Claims this connection for eviction; false if another newcomer already did.
    func claimForEviction() -> Bool {
        !evicted.exchange(true, ordering: .relaxed)
    }

    /// How often the loop checks deadlines: a tenth of the shortest timeout keeps each within ~10% of its value.
    static func sweepInterval(for configuration: HTTPServer.Configuration) -> UInt64 {
        let shortest = min(
            configuration.headerReadTimeout.nanoseconds, configuration.idleTimeout.nanoseconds, 1_000_000_000)
        return min(max(shortest / 10, 10_000_000), 1_000_000_000)
    }

    // MARK: Events from the loop

    func readable() {
        defer { settle() }
        perform(machine.readable())
    }

    func writable() {
        defer { settle() }
        perform(machine.writable())
    }

    private func perform(_ action: ConnectionStateMachine.ReadinessAction) {
        switch action {
        case .ignore:
            return
        case .handshake:
            advanceHandshake()
        case .read:
            readAvailable()
        case .flushThenRead:
            flushAndContinue()  // a TLS write waited for the peer's bytes
            if !machine.readPaused { readAvailable() }
        case .readThenFlush:
            readAvailable()  // a TLS read waited for writability
            flushAndContinue()
        case .flush:
            flushAndContinue()
        }
    }

    private func flushAndContinue() {
        guard machine.phase != .closed else { return }
        flush()
        if machine.phase == .head { processInput() }
    }

    /// One step of the transport's handshake; once done, requests are read (some may already be buffered).
    private func advanceHandshake() {
        guard case .stream(let stream) = transport else { return }
        let step: ConnectionStateMachine.HandshakeAction
        do { step = try machine.handshakeStep(stream.handshake()) } catch { return refused(error) }
        switch step {
        case .read: readAvailable()
        case .wait: break
        case .close: close()
        }
    }

    /// The socket was reset or both directions are shut: read what the peer sent before it went (a
    /// lingering close ends here at EOF), then close whatever is left.
    func hungUp() {
        defer { settle() }
        switch machine.hungUp() {
        case .ignore: return
        case .readThenClose: readAvailable()
        case .close: break
        }
        machine.outputLost()  // nothing more can be sent, close_notify included
        close()
    }

    // MARK: Reading

    private func readAvailable() {
        guard machine.phase != .closed else { return }
        let wasEmpty = inputStart == input.count
        var received = 0
        var sawEOF = false
        let scratch = loop.readBuffer  // shared by the loop's connections, which run one at a time
        machine.readStarted()
        readLoop: while received < scratch.count * 4 {
            switch transport.receive(on: fd, into: scratch) {
            case .received(let count):
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                received += count
                if count < scratch.count, case .plain = transport { break readLoop }  // drained: skip the recv that would say EAGAIN
            case .endOfStream:
                sawEOF = true
                break readLoop
            case .wouldBlock(let needs):
                machine.readWaits(for: needs)
                break readLoop
            case .failed:
                machine.outputLost()
                close()
                return
            }
        }
        // Decrypted bytes left inside the transport are invisible to epoll: come back for them.
        if received >= scratch.count * 4, transport.hasBufferedInput { scheduleRead() }

        switch machine.received(
            received, endOfStream: sawEOF, inputWasEmpty: wasEmpty, buffered: input.count - inputStart, at: now())
        {
        case .none:
            return
        case .process:
            processInput()
        case .pumpStreamedBody:
            pumpStreamedBody()
            compactInput()
        case .pumpTunnel:
            pumpTunnel()
        case .discardInput:
            input.removeAll(keepingCapacity: true)
            inputStart = 0
        case .discardInputAndClose:
            close()
        case .close:
            close()
        }
    }

    /// After reading resumed: reads on the next turn what a transport already holds.
    private func readBufferedByTransport() {
        if transport.hasBufferedInput { scheduleRead() }
    }

    /// Reads on the next turn of the loop, for input a transport holds that epoll cannot report.
    private func scheduleRead() {
        executor.async { [self] in
            defer { settle() }
            guard machine.phase != .closed, !machine.readPaused else { return }
            readAvailable()
        }
    }

    // MARK: Parsing

    /// Turns buffered input into requests and answers them, until input runs out or a response must wait.
    private func processInput() {
        defer { compactInput() }
        while true {
            switch machine.phase {
            case .head:
                guard parseHead() else { return }
            case .body:
                guard readBody() else { return }
            case .awaitingHandler, .responding, .streaming:
                if inbound != nil { pumpStreamedBody() }
                return
            case .handshake, .tunnel, .lingering, .closed:
                return
            }
        }
    }

    /// Returns true when it moved to another phase (so the loop should continue).
    private func parseHead() -> Bool {
        skipLeadingEmptyLines()
        if inputStart == input.count {
            if machine.inputExhausted { close() }
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
                if machine.inputExhausted { close() }  // the peer stopped mid-head: nobody to answer
                return false
            }
            let startedAt = now()
            let streams =
                head.framing != .none && handler.streamsBody(of: request(for: head))
            switch machine.headReceived(
                hasBody: head.framing != .none, streamsBody: streams, expectsContinue: head.expectsContinue,
                buffered: input.count - inputStart, at: startedAt)
            {
            case .deliver:
                respond(to: head, body: [], startedAt: startedAt)
            case .deliverStreaming(let sendContinue):
                // The handler reads the body as it arrives: it gets the request now.
                bodyReader = BodyReader(framing: head.framing, limits: limits, startedAt: startedAt, streaming: true)
                let channel = InboundChannel(connection: self)
                inbound = channel
                if sendContinue { sendContinueResponse() }
                respond(to: head, body: [], bodyStream: channel, startedAt: startedAt)
            case .readBody(let sendContinue):
                pendingHead = head
                bodyReader = BodyReader(framing: head.framing, limits: limits, startedAt: startedAt)
                if sendContinue { sendContinueResponse() }
            }
            return true
        } catch {
            fail(error)
            return false
        }
    }

    private func sendContinueResponse() {
        enqueue(ResponseHead.continueResponse)
        flush()
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
            if machine.inputExhausted { close() }
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

    private func request(for head: RequestHead, body: [UInt8] = []) -> HTTPRequest {
        HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query, version: head.version,
            headers: head.headers, body: body, remoteAddress: remoteAddress)
    }

    private func respond(
        to head: RequestHead, body: [UInt8], bodyStream: InboundChannel? = nil, startedAt: UInt64
    ) {
        var request = request(for: head, body: body)
        request.bodyStream = bodyStream
        let reply = HTTPReply()
        handler.respond(to: request, reply: reply)
        let answered = reply.settle { [self] response in
            executor.async { [self] in
                defer { settle() }
                guard machine.awaitsHandler else { return }  // closed meanwhile
                answer(response, to: head, startedAt: startedAt)
                if machine.phase == .head { processInput() }  // requests pipelined behind this one
            }
        }
        guard let answered else {
            do { try machine.handlerDeferred(at: now()) } catch { refused(error) }
            return
        }
        answer(answered, to: head, startedAt: startedAt)
    }

    private func answer(_ response: HTTPResponse, to head: RequestHead, startedAt: UInt64) {
        var response = response
        let isHead = head.method == "HEAD"
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

        if case .sizedStream(let count, _) = response.body, count < 0 {
            // A handler's length from outside (a proxy's backend) that no check caught: never on the wire.
            response = HTTPResponse(
                status: .internalServerError, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: .bytes(Array("500 Internal Server Error: negative body length\n".utf8)))
        }
        let framing: ResponseFraming
        var streamStart: (@Sendable (any HTTPStreamWriter) -> Void)?
        var tunnelStart: (@Sendable (any HTTPTunnel) -> Void)?
        switch response.body {
        case .tunnel(let start) where code == 101 && !isHead && inbound == nil:
            framing = .bodiless
            tunnelStart = start
        case _ where bodiless:
            framing = .bodiless
        case .stream(let start):
            framing = head.version.minor >= 1 ? .chunked : .closeDelimited
            if !isHead { streamStart = start }
        case .sizedStream(let count, let start):
            framing = .length(count)
            if !isHead {
                streamStart = start
                sizedRemaining = count
            }
        default:
            framing = .length(response.body.knownCount ?? 0)
        }
        let kind: ConnectionStateMachine.ResponseKind =
            tunnelStart != nil ? .tunnel : streamStart != nil ? .stream : .complete
        let keepAlive = machine.keepsAlive(
            requestKeepAlive: head.keepAlive,
            responseAllows: framing != .closeDelimited && !Self.asksToClose(response.headers))

        let connectionField: ConnectionField =
            kind == .tunnel ? .upgrade : keepAlive ? (head.version.minor == 0 ? .keepAlive : .none) : .close
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
            startedAt: startedAt)
        machine.responseStarted(kind, keepAlive: keepAlive, at: now())
        if let tunnelStart {
            startTunnel(tunnelStart)
        } else if let streamStart {
            let writer = ConnectionStreamWriter(connection: self, chunked: framing == .chunked)
            stream = writer
            flush()
            DispatchQueue.global().async { streamStart(writer) }
        } else {
            flush()
        }
    }

    /// A handler may end the connection with `Connection: close`.
    private static func asksToClose(_ headers: HTTPHeaders) -> Bool {
        for field in headers.fields where field.name.utf8.count == 10 && field.name.caseInsensitiveEquals("connection")
        {
            if field.value.split(separator: ",").contains(where: {
                $0.trimmingHTTPWhitespace().caseInsensitiveEquals("close")
            }) {
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
        guard fstat(descriptor, &status) == 0, offset >= 0, Int(status.st_size) >= offset + count else {  // gowasm: allow-trap: st_size is Int64 (off_t): same width as Int
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
        let failedAt = now()
        current = InFlight(
            method: "-", path: "-", status: error.status.code, bytes: body.count, encoding: nil, startedAt: failedAt)
        machine.requestFailed(at: failedAt)
        flush()
    }

    private func finishResponse() {
        guard let finished = current else { return }
        current = nil
        logAccess(finished)
        if inbound != nil { abandonInbound() }  // answered before the body ended: the rest is not read
        let next: ConnectionStateMachine.FinishAction
        do { next = try machine.responseFinished(pipelined: inputStart < input.count, at: now()) } catch {
            return refused(error)
        }
        switch next {
        case .nextRequest:
            readBufferedByTransport()
        case .linger:
            // Shut our write half and drain the peer for a moment before closing (RFC 9112 §9.6).
            transport.closeOutput(on: fd)
            input.removeAll()
            inputStart = 0
            readBufferedByTransport()
        case .close:
            close()
        }
    }

    private func logAccess(_ finished: InFlight) {
        if let log = configuration.accessLog {
            log(
                AccessLogEntry(
                    remoteAddress: remoteAddress, method: finished.method, path: finished.path,
                    status: finished.status, bytes: finished.bytes, encoding: finished.encoding,
                    milliseconds: Double(now() - finished.startedAt) / 1_000_000))
        }
    }

    // MARK: Streams

    func streamWrite(_ data: [UInt8], from writer: ConnectionStreamWriter) {
        defer { settle() }
        writer.handedOver(data.count)
        guard machine.acceptsStreamBytes, writer === stream, !data.isEmpty else { return }
        if outbound.queuedBytes > ConnectionStreamWriter.dropMark {
            close()  // a producer that ignores back-pressure
            return
        }
        var data = data
        if let remaining = sizedRemaining {
            if data.count > remaining {
                data.removeSubrange(remaining...)  // past the promised Content-Length
                do { try machine.responseBroken() } catch { return refused(error) }
            }
            sizedRemaining = remaining - data.count
            if data.isEmpty { return }
        }
        current?.bytes += data.count
        enqueue(writer.chunked ? ResponseHead.chunk(data) : data)
        flush()
    }

    func streamFinish(from writer: ConnectionStreamWriter, aborted: Bool) {
        defer { settle() }
        endStream(from: writer, aborted: aborted)
    }

    private func endStream(from writer: ConnectionStreamWriter, aborted: Bool) {
        guard writer === stream else { return }
        if machine.isTunnel {
            do { try machine.tunnelOutputFinished() } catch { return refused(error) }
            flush()
            return
        }
        guard case .streaming = machine.phase else { return }
        stream = nil
        let short = (sizedRemaining ?? 0) > 0  // the client sees EOF
        sizedRemaining = nil
        // A cut stream ends without a last chunk, and the close tells the client so.
        if !aborted, writer.chunked { enqueue(ResponseHead.lastChunk) }
        do { try machine.streamEnded(complete: !short && !aborted, at: now()) } catch { return refused(error) }
        flush()
        if machine.phase == .head { processInput() }
    }

    // MARK: Client bytes handed over as they arrive (streamed bodies, tunnels)

    /// A reader asked for the next part (`HTTPInboundStream.next`).
    func inboundRequested(_ channel: InboundChannel, _ receive: @escaping @Sendable (HTTPInbound) -> Void) {
        defer { settle() }
        guard channel.wait(receive) else { return }  // ended already: answered
        if channel === inbound {
            pumpStreamedBody()
            compactInput()
        } else if channel === tunnel?.inbound {
            pumpTunnel()
        } else {
            channel.end(.failed)  // the connection is gone
        }
    }

    /// Decodes buffered body bytes and hands them to the waiting reader; reads no further while a part
    /// waits to be taken.
    private func pumpStreamedBody() {
        guard let channel = inbound, var reader = bodyReader else { return }
        if !reader.isDone, inputStart < input.count {
            do {
                _ = try input.withUnsafeBufferPointer { buffer throws(RequestError) -> Bool in
                    try reader.consume(buffer, position: &inputStart)
                }
            } catch {
                abandonInbound()  // malformed or too large: the reader learns, the connection closes after the answer
                return
            }
        }
        if channel.isWaiting {
            if !reader.body.isEmpty {
                channel.deliver(.bytes(reader.take(upTo: HTTPInbound.maxChunk)))
            } else if reader.isDone {
                channel.end(.end)
                inbound = nil
                bodyReader = nil
                headScanFrom = inputStart
                do { try machine.streamedBodyEnded(at: now()) } catch { refused(error) }
                return
            } else if machine.peerClosed {
                abandonInbound()
                return
            }
        }
        bodyReader = reader
        if machine.readerBacklog(full: reader.body.count >= HTTPInbound.maxChunk || reader.isDone, at: now()) {
            readBufferedByTransport()
        }
    }

    /// The streamed body will not be read to its end: its reader gets `.failed`, the connection closes
    /// after the response.
    private func abandonInbound() {
        inbound?.end(.failed)
        inbound = nil
        bodyReader = nil
        input.removeAll()
        inputStart = 0
        headScanFrom = 0
        do { try machine.streamedBodyAbandoned() } catch { refused(error) }
    }

    /// After the 101 head: the connection becomes a tunnel. Bytes the client sent after its request head
    /// are already buffered: they are the tunnel's first.
    private func startTunnel(_ start: @escaping @Sendable (any HTTPTunnel) -> Void) {
        if let current { logAccess(current) }
        current = nil
        let created = ConnectionTunnel(connection: self)
        tunnel = created
        stream = created
        flush()
        if machine.isTunnel { pumpTunnel() }
        DispatchQueue.global().async { start(created) }
    }

    private func pumpTunnel() {
        guard machine.isTunnel, let channel = tunnel?.inbound else { return }
        if channel.isWaiting {
            if inputStart < input.count {
                let end = min(input.count, inputStart + HTTPInbound.maxChunk)
                channel.deliver(.bytes(Array(input[inputStart..<end])))
                inputStart = end
            } else if machine.peerClosed {
                channel.end(.end)
                if machine.tunnelInputEndCloses {
                    close()
                    return
                }
            }
        }
        compactInput()
        if machine.readerBacklog(full: input.count - inputStart >= HTTPInbound.maxChunk, at: now()) {
            readBufferedByTransport()
        }
    }

    func tunnelClose(_ closing: ConnectionTunnel) {
        defer { settle() }
        if closing === tunnel { close() }
    }

    // MARK: Writing

    private func enqueue(_ bytes: [UInt8]) { outbound.append(bytes) }

    /// Writes as much as the socket takes; on EAGAIN waits for writability. When a response's last byte is
    /// out, finishes it.
    private func flush() {
        let (outcome, sent) = outbound.write(to: fd, via: transport)
        let progress: TransportProgress =
            switch outcome {
            case .drained: .done
            case .wouldBlock(let needs): .wouldBlock(needs)
            case .failed: .failed
            }
        switch machine.flushed(progress, sent: sent, at: now()) {
        case .blocked:
            if let stream { stream.queued(outbound.queuedBytes) }
        case .close:
            close()
        case .drained:
            if let stream { stream.queueDrained() }
        case .finishResponse:
            if let stream { stream.queueDrained() }
            finishResponse()
        case .shutdownTunnelOutput:
            if let stream { stream.queueDrained() }
            transport.closeOutput(on: fd)
            if tunnel?.inbound.hasEnded == true { close() }
        }
    }

    // MARK: Timeouts

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    private func now() -> UInt64 { Self.now() }

    /// Called by the loop's sweep.
    func checkDeadline(now: UInt64) {
        switch machine.checkDeadline(at: now, partialHead: inputStart < input.count) {
        case .none:
            return
        case .requestTimeout:
            fail(RequestError(.requestTimeout, "request not received in time"))
        case .close:
            close()
        }
        settle()
    }

    // MARK: Shutdown

    func shutdownGracefully() {
        executor.async { [self] in
            defer { settle() }
            switch machine.shutdown() {
            case .none:
                break  // a response finishes without keep-alive; a deferred answer still goes out, then closes
            case .close:
                close()
            case .endStream:
                if let stream {
                    stream.markClosed()
                    endStream(from: stream, aborted: false)
                }
            }
        }
    }

    func forceClose() {
        executor.async { [self] in close() }
    }

    /// The machine refused an event in its phase (a late event racing a close, or a driver bug): nothing it
    /// decides can be trusted any more, so the connection ends.
    private func refused(_: ConnectionStateMachine.RefusedEvent) {
        close()
    }

    private func close() {
        guard let plan = machine.close() else { return }
        stream?.markClosed()
        stream = nil
        // A tunnel whose client half-closed and whose bytes were all taken ended cleanly.
        tunnel?.inbound.end(plan.tunnelEndedByPeer && inputStart == input.count ? .end : .failed)
        tunnel = nil
        inbound?.end(.failed)
        inbound = nil
        outbound.removeAll()
        input = []
        if plan.unregister, let token { loop.remove(fd, token: token) }
        token = nil
        if plan.sendGoodbye { transport.closeNotify() }
        transport = .plain  // the transport goes before its descriptor
        SystemCalls.close(fd)
        registry.remove(self)
    }
}

extension Interest {
    init(_ interest: TransportInterest) {
        self = []
        if interest.contains(.read) { insert(.read) }
        if interest.contains(.write) { insert(.write) }
    }
}
