// What one connection does next, decided from events and clock readings alone: no system calls, no
// Dispatch, no buffers. `Connection` is the driver: it reads, parses and writes through the thin POSIX layer
// (`PlainSocket`/`Transport`) and `OutboundQueue`, tells the machine what happened, and performs the action
// it gets back. The machine owns the phase, keep-alive, pausing reads, the readiness asked of epoll and the
// deadlines (`ConnectionDeadlines`), so each rule is tested on a manual clock (swift-nio's
// `HTTPServerPipelineHandler` and nginx's request phases are the model).
//
// One request at a time: a pipelined request stays buffered (reading pauses once 256 KiB wait) until the
// response before it is out, so responses leave in order.

package struct ConnectionStateMachine: Sendable {
    package enum Phase: Sendable, Equatable {
        /// A transport (TLS) is shaking hands; no request yet.
        case handshake
        /// Waiting for (or reading) a request head; idle when the input is empty.
        case head
        /// Reading a request body.
        case body
        /// The handler took the request and answers later.
        case awaitingHandler(Exchange)
        /// Writing a response with a known end.
        case responding(Exchange)
        /// A stream response is open: chunks arrive from the handler's writer.
        case streaming(Exchange)
        /// After a 101: raw bytes both ways until both directions ended.
        case tunnel(TunnelState)
        /// Our side is done (write half shut); draining the peer's input before closing so the last
        /// response is not destroyed by a TCP reset (RFC 9112 §9.6).
        case lingering
        case closed

        /// The phase without its data: what a refused event names.
        package var name: Name {
            switch self {
            case .handshake: .handshake
            case .head: .head
            case .body: .body
            case .awaitingHandler: .awaitingHandler
            case .responding: .responding
            case .streaming: .streaming
            case .tunnel: .tunnel
            case .lingering: .lingering
            case .closed: .closed
            }
        }

        package enum Name: Sendable, Equatable {
            case handshake, head, body, awaitingHandler, responding, streaming, tunnel, lingering, closed
        }

        /// The request being answered, from the moment the handler has it until its response ended.
        package var exchange: Exchange? {
            switch self {
            case .awaitingHandler(let exchange), .responding(let exchange), .streaming(let exchange): exchange
            case .handshake, .head, .body, .tunnel, .lingering, .closed: nil
            }
        }
    }

    /// What one request carries through the phases in which the handler has it.
    package struct Exchange: Sendable, Equatable {
        package var body: RequestBody
        /// Whether its response keeps the connection (decided when the response's head is queued).
        package var keepAlive: Bool

        package init(body: RequestBody = .received, keepAlive: Bool = false) {
            self.body = body
            self.keepAlive = keepAlive
        }
    }

    /// Where the request's body stands while the handler has the request.
    package enum RequestBody: Sendable, Equatable {
        /// None, read before the handler got it, or streamed to its end.
        case received
        /// Handed to the handler as it arrives (`HTTPHandler.streamsBody`): the client still owes bytes.
        case arriving
        /// It will not be read to its end (malformed, the peer left, answered before it ended): the
        /// connection closes after the response, and reads no further.
        case abandoned
    }

    /// What only a tunnel has.
    package struct TunnelState: Sendable, Equatable {
        /// The tunnel's handler ended its direction: our output ends once the queue drained.
        package var outputFinishing = false

        package init(outputFinishing: Bool = false) { self.outputFinishing = outputFinishing }
    }

    /// An event that has no meaning in the current phase: a late event racing a close, or a driver bug. The
    /// machine changes nothing; the driver closes the connection.
    package struct RefusedEvent: Error, Sendable, Equatable {
        package enum Event: Sendable, Equatable {
            case handshakeStep, handlerDeferred, streamedBodyEnded, streamedBodyAbandoned, responseBroken
            case streamEnded, responseFinished, tunnelOutputFinished
        }

        package let event: Event
        package let phase: Phase.Name

        package init(event: Event, phase: Phase.Name) {
            self.event = event
            self.phase = phase
        }
    }

    /// Reading pauses while a response is written and this much input is already buffered.
    package static let maxBufferedWhileResponding = 256 * 1024

    package private(set) var phase: Phase = .head
    package private(set) var deadlines: ConnectionDeadlines
    /// The peer finished sending (EOF): nothing more will be read.
    package private(set) var peerClosed = false
    /// Our direction was ended (close_notify sent, write half shut), or can no longer be.
    package private(set) var outputClosed = false
    package private(set) var shuttingDown = false
    /// Reading paused (input backlog, EOF, a response to finish first).
    package private(set) var readPaused = false
    /// A write is waiting for the socket to drain.
    package private(set) var writeBlocked = false
    /// A transport's read waits for writability, or its write for readability (TLS), or its handshake for
    /// either: asked of epoll whatever the connection itself waits for.
    private var readNeeds: TransportInterest = []
    private var writeNeeds: TransportInterest = []
    private var handshakeNeeds: TransportInterest = []
    /// What epoll watches for (nil before registration and after close).
    package private(set) var registeredInterest: TransportInterest?

    /// A connection accepted at `now`: its first head (or handshake) is due `policy.head` from now.
    package init(policy: TimeoutPolicy, acceptedAt now: UInt64) {
        deadlines = ConnectionDeadlines(policy: policy, acceptedAt: now)
    }

    // MARK: Start

    package enum StartAction: Sendable, Equatable {
        /// Closed before it started (a shutdown came first): its descriptor may already be someone else's,
        /// so it must be neither watched nor closed.
        case ignore
        /// Make the transport (when there is one), then watch the socket for this readiness.
        case register(TransportInterest)
    }

    package mutating func start(handshake: Bool) -> StartAction {
        guard phase != .closed else { return .ignore }
        if handshake { phase = .handshake }
        return .register(.read)
    }

    /// The loop watches the socket for `interest` from now on.
    package mutating func registered(_ interest: TransportInterest) {
        guard phase != .closed else { return }
        registeredInterest = interest
    }

    /// Nothing was ever said on it (the transport or the registration was refused, the handshake failed, the
    /// socket was reset): no goodbye is sent on close.
    package mutating func outputLost() { outputClosed = true }

    // MARK: Readiness and interest

    package enum ReadinessAction: Sendable, Equatable {
        case ignore
        /// One step of the handshake.
        case handshake
        case read
        /// Write (a TLS write waited for the peer's bytes), then read unless reading is paused.
        case flushThenRead
        /// Read (a TLS read waited for writability), then write.
        case readThenFlush
        case flush
    }

    package func readable() -> ReadinessAction {
        switch phase {
        case .closed: .ignore
        case .handshake: .handshake
        default: writeNeeds.contains(.read) ? .flushThenRead : .read
        }
    }

    package func writable() -> ReadinessAction {
        switch phase {
        case .closed: .ignore
        case .handshake: .handshake
        default: readNeeds.contains(.write) ? .readThenFlush : .flush
        }
    }

    package enum HangUpAction: Sendable, Equatable {
        case ignore
        /// Read what the peer sent before it went, then close.
        case readThenClose
        case close
    }

    /// Reset, or both directions shut: nothing more can be sent, close_notify included (the driver says
    /// `outputLost()` before it closes).
    package func hungUp() -> HangUpAction {
        switch phase {
        case .closed: .ignore
        case .handshake: .close
        default: .readThenClose
        }
    }

    /// What the connection waits for: reading unless paused, writing while a write is blocked, and whatever
    /// the transport asked.
    package var wantedInterest: TransportInterest {
        var wanted: TransportInterest = []
        let needs = readNeeds.union(writeNeeds).union(handshakeNeeds)
        if !readPaused || needs.contains(.read) { wanted.insert(.read) }
        if writeBlocked || needs.contains(.write) { wanted.insert(.write) }
        return wanted
    }

    /// `.setInterest`: the interest to register when it changed since the last registration (one
    /// epoll_ctl), recorded as registered; nil when nothing changed or the connection is not registered.
    package mutating func interestChange() -> TransportInterest? {
        guard let registeredInterest else { return nil }
        let wanted = wantedInterest
        guard wanted != registeredInterest else { return nil }
        self.registeredInterest = wanted
        return wanted
    }

    /// Reading resumes (when paused and the peer may still send); true when it did, so input a transport
    /// holds and epoll cannot report is read next.
    package mutating func resumeReading() -> Bool {
        guard readPaused, !peerClosed else { return false }
        readPaused = false
        return true
    }

    package mutating func pauseReading() { readPaused = true }

    /// A reader (streamed body, tunnel) holds `backlog` bytes not yet taken: reading pauses at one part's
    /// worth (`full`) and resumes below. True when reading resumed.
    /// While a streamed body's reader is behind, the wait is the reader's, not the client's: the body's
    /// deadlines pause, and start again when reading resumes.
    package mutating func readerBacklog(full: Bool, at now: UInt64) -> Bool {
        let bodyOwed = if case .awaitingHandler(let exchange) = phase { exchange.body == .arriving } else { false }
        if full {
            if bodyOwed, deadlines.phase == .body { deadlines.unbounded(at: now) }
            readPaused = true
            return false
        }
        if bodyOwed, deadlines.phase == .unbounded { deadlines.bodyStarted(at: now) }
        return resumeReading()
    }

    // MARK: Handshake

    package enum HandshakeAction: Sendable, Equatable {
        /// Done: read requests (some may already be buffered).
        case read
        /// Waiting for the readiness it asked (the interest follows).
        case wait
        case close
    }

    package mutating func handshakeStep(_ progress: TransportProgress) throws(RefusedEvent) -> HandshakeAction {
        guard phase == .handshake else { throw RefusedEvent(event: .handshakeStep, phase: phase.name) }
        switch progress {
        case .done:
            phase = .head
            handshakeNeeds = []
            return .read
        case .wouldBlock(let needs):
            handshakeNeeds = needs
            return .wait
        case .failed:
            outputClosed = true  // no session to close politely
            return .close
        }
    }

    // MARK: Reading

    /// A read is about to start: what a transport's last read waited for is forgotten.
    package mutating func readStarted() { readNeeds = [] }

    /// The transport's read waits for `needs` (beyond readability, which is always asked while reading).
    package mutating func readWaits(for needs: TransportInterest) {
        readNeeds = needs == .read ? [] : needs
    }

    package enum ReadAction: Sendable, Equatable {
        case none
        /// Parse the buffered input and answer what is complete.
        case process
        /// Hand buffered bytes to the body's reader.
        case pumpStreamedBody
        /// Hand buffered bytes to the tunnel's reader.
        case pumpTunnel
        /// Lingering: the peer's bytes are dropped.
        case discardInput
        case discardInputAndClose
        case close
    }

    /// `count` bytes were appended to the input (`inputWasEmpty` before them, `buffered` after), and the
    /// read stopped at `endOfStream` or not.
    package mutating func received(
        _ count: Int, endOfStream: Bool, inputWasEmpty: Bool, buffered: Int, at now: UInt64
    ) -> ReadAction {
        switch phase {
        case .closed: return .none
        case .lingering: return endOfStream ? .discardInputAndClose : .discardInput
        default: break
        }
        if endOfStream {
            peerClosed = true
            readPaused = true
            // A vanished reader ends a stream; anything else may still be answered from the buffer.
            if case .streaming = phase { return .close }
        }
        switch phase {
        case .tunnel:
            if count > 0 { deadlines.bodyBytes(count, at: now) }
            return .pumpTunnel
        case .head:
            // The first byte of a request starts the head's clock (when it was idling between requests).
            if count > 0, inputWasEmpty { deadlines.headBytes(at: now) }
            return .process
        case .body:
            if count > 0 { deadlines.bodyBytes(count, at: now) }
            return .process
        case .responding(let exchange), .streaming(let exchange), .awaitingHandler(let exchange):
            if exchange.body == .arriving {
                if count > 0 { deadlines.bodyBytes(count, at: now) }
                return .pumpStreamedBody
            }
            if buffered > Self.maxBufferedWhileResponding { readPaused = true }
            return .none
        case .handshake, .lingering, .closed:
            return .none
        }
    }

    /// The input holds no complete head or body: wait for more, or close if the peer stopped sending.
    package var inputExhausted: Bool { peerClosed }

    // MARK: Requests

    package enum HeadAction: Sendable, Equatable {
        /// A request without a body: hand it to the handler.
        case deliver
        /// Read the body first (after a `100 Continue` when `sendContinue`).
        case readBody(sendContinue: Bool)
        /// Hand the request to the handler now; its body follows as it arrives.
        case deliverStreaming(sendContinue: Bool)
    }

    /// A head was parsed; `buffered` bytes of input follow it.
    package mutating func headReceived(
        hasBody: Bool, streamsBody: Bool, expectsContinue: Bool, buffered: Int, at now: UInt64
    ) -> HeadAction {
        guard hasBody else { return .deliver }
        let sendContinue = expectsContinue && buffered == 0
        if streamsBody {
            // A streamed body is bounded like a buffered one (stall, minimum rate, eviction) while the
            // client owes bytes: a stalled upload must not hold a slot, or a thread behind it, for good.
            // The handler has the request from now; deferred or not, it waits for the rest of the body.
            phase = .awaitingHandler(Exchange(body: .arriving))
            deadlines.bodyStarted(at: now)
            deadlines.bodyBytes(buffered, at: now)
            return .deliverStreaming(sendContinue: sendContinue)
        }
        phase = .body
        deadlines.bodyStarted(at: now)
        deadlines.bodyBytes(buffered, at: now)
        return .readBody(sendContinue: sendContinue)
    }

    /// A streamed body's last byte was taken by its reader: from now the handler bounds its own time.
    package mutating func streamedBodyEnded(at now: UInt64) throws(RefusedEvent) {
        guard var exchange = phase.exchange, exchange.body == .arriving else {
            throw RefusedEvent(event: .streamedBodyEnded, phase: phase.name)
        }
        exchange.body = .received
        if case .awaitingHandler = phase { deadlines.unbounded(at: now) }
        phase.replaceExchange(with: exchange)
    }

    /// A streamed body will not be read to its end (malformed, the peer left, answered before it ended):
    /// the connection closes after the response, and reads no further.
    package mutating func streamedBodyAbandoned() throws(RefusedEvent) {
        guard var exchange = phase.exchange, exchange.body == .arriving else {
            throw RefusedEvent(event: .streamedBodyAbandoned, phase: phase.name)
        }
        exchange.body = .abandoned
        exchange.keepAlive = false
        readPaused = true
        phase.replaceExchange(with: exchange)
    }

    /// The handler answers later: the handler bounds its own time, except while the client still owes a
    /// streamed body (its deadlines stay).
    package mutating func handlerDeferred(at now: UInt64) throws(RefusedEvent) {
        switch phase {
        case .head, .body:
            phase = .awaitingHandler(Exchange())
            deadlines.unbounded(at: now)
        case .awaitingHandler(let exchange):
            if exchange.body != .arriving { deadlines.unbounded(at: now) }
        case .handshake, .responding, .streaming, .tunnel, .lingering, .closed:
            throw RefusedEvent(event: .handlerDeferred, phase: phase.name)
        }
    }

    /// A deferred answer is taken only while the connection waits for it (it may have closed meanwhile).
    package var awaitsHandler: Bool {
        if case .awaitingHandler = phase { return true }
        return false
    }

    // MARK: Responses

    package enum ResponseKind: Sendable, Equatable {
        /// Its end is known (a length, or no body).
        case complete
        /// Its bytes come from the handler's writer over time.
        case stream
        /// A 101: the connection becomes a tunnel once the head is out.
        case tunnel
    }

    /// Whether a response keeps the connection: the request asked for it (`requestKeepAlive`), the
    /// response can end without closing (`responseAllows`: no `Connection: close` from the handler, no
    /// close-delimited body), and neither a shutdown nor an abandoned body says otherwise.
    package func keepsAlive(requestKeepAlive: Bool, responseAllows: Bool) -> Bool {
        requestKeepAlive && responseAllows && !shuttingDown && phase.exchange?.body != .abandoned
    }

    /// A response head was queued; returns the keep-alive in force.
    @discardableResult
    package mutating func responseStarted(_ kind: ResponseKind, keepAlive: Bool, at now: UInt64) -> Bool {
        var exchange = phase.exchange ?? Exchange()
        exchange.keepAlive = keepAlive && kind != .tunnel
        switch kind {
        case .complete:
            phase = .responding(exchange)
            deadlines.sendStarted(at: now)
        case .stream:
            phase = .streaming(exchange)
            deadlines.sendStarted(at: now)
        case .tunnel:
            phase = .tunnel(TunnelState())
            deadlines.tunnel(at: now)
        }
        return exchange.keepAlive
    }

    /// A request we could not parse or accept (or that came too slowly): its error answer closes.
    package mutating func requestFailed(at now: UInt64) {
        _ = responseStarted(.complete, keepAlive: false, at: now)
    }

    /// The response promised something it cannot keep (a stream longer or shorter than its length, a cut
    /// stream): the client learns the end by the close.
    package mutating func responseBroken() throws(RefusedEvent) {
        switch phase {
        case .responding(var exchange):
            exchange.keepAlive = false
            phase = .responding(exchange)
        case .streaming(var exchange):
            exchange.keepAlive = false
            phase = .streaming(exchange)
        case .handshake, .head, .body, .awaitingHandler, .tunnel, .lingering, .closed:
            throw RefusedEvent(event: .responseBroken, phase: phase.name)
        }
    }

    /// Whether the response in flight keeps the connection open.
    package var keepAlive: Bool { phase.exchange?.keepAlive ?? false }

    /// Whether a stream writer's bytes are taken now.
    package var acceptsStreamBytes: Bool {
        switch phase {
        case .streaming, .tunnel: true
        case .handshake, .head, .body, .awaitingHandler, .responding, .lingering, .closed: false
        }
    }

    package var isTunnel: Bool {
        if case .tunnel = phase { return true }
        return false
    }

    /// The stream's writer finished (`complete`: everything promised was given): what is queued goes out,
    /// then the response ends.
    package mutating func streamEnded(complete: Bool, at now: UInt64) throws(RefusedEvent) {
        guard case .streaming(var exchange) = phase else {
            throw RefusedEvent(event: .streamEnded, phase: phase.name)
        }
        if !complete { exchange.keepAlive = false }
        phase = .responding(exchange)
        deadlines.sendStarted(at: now)
    }

    // MARK: Writing

    package enum FlushAction: Sendable, Equatable {
        /// The socket is full: wait for the readiness asked (the interest follows).
        case blocked
        case close
        /// Everything queued is out.
        case drained
        /// Everything is out and the response is complete.
        case finishResponse
        /// Everything is out and the tunnel's handler ended its direction: end ours (close as well once the
        /// client's direction has ended too).
        case shutdownTunnelOutput
    }

    /// A write stopped (`progress`: `.done` when the queue drained) after `sent` bytes.
    package mutating func flushed(_ progress: TransportProgress, sent: Int, at now: UInt64) -> FlushAction {
        if sent > 0 { deadlines.sent(sent, at: now) }
        switch progress {
        case .wouldBlock(let needs):
            writeNeeds = needs.subtracting(.write)  // a TLS write may wait for the peer's bytes
            // Writability is asked only when the write waits for it: a TLS write waiting for the peer's bytes
            // on a writable socket would otherwise be woken again and again.
            writeBlocked = needs.contains(.write)
            if writeBlocked, case .streaming = phase, deadlines.phase == .live {
                // A stalled reader is bounded by the send deadlines (stall and minimum rate); a live stream
                // too, while its reader keeps it from draining.
                deadlines.sendStarted(at: now)
            }
            return .blocked
        case .failed:
            return .close
        case .done:
            writeNeeds = []
            writeBlocked = false
            switch phase {
            case .tunnel(let tunnel) where tunnel.outputFinishing && !outputClosed:
                outputClosed = true
                return .shutdownTunnelOutput
            case .responding:
                return .finishResponse
            case .streaming:
                deadlines.live(at: now)  // a live stream is not idle: the keep-alive timeout must not end it
                return .drained
            default:
                return .drained
            }
        }
    }

    /// Both resume reading (input a transport holds and epoll cannot report is then read next).
    package enum FinishAction: Sendable, Equatable {
        /// Keep-alive: read the next request (`pipelined`: one is already buffered).
        case nextRequest
        /// Shut our write half, drop the input and drain the peer until it closes or the linger time ends.
        case linger
        case close
    }

    /// The response's last byte is out; `pipelined`: input is already buffered behind it.
    package mutating func responseFinished(pipelined: Bool, at now: UInt64) throws(RefusedEvent) -> FinishAction {
        guard case .responding(var exchange) = phase else {
            throw RefusedEvent(event: .responseFinished, phase: phase.name)
        }
        if exchange.body == .arriving { exchange.body = .abandoned }  // answered before the body ended: the rest is not read
        guard exchange.keepAlive, !shuttingDown, exchange.body != .abandoned else {
            if peerClosed || shuttingDown { return .close }
            phase = .lingering
            outputClosed = true
            deadlines.lingering(at: now)
            _ = resumeReading()
            return .linger
        }
        phase = .head
        deadlines.idle(at: now)
        if pipelined { deadlines.headBytes(at: now) }  // a pipelined request is waiting
        _ = resumeReading()
        return .nextRequest
    }

    // MARK: Tunnel

    /// The tunnel's handler ended its direction.
    package mutating func tunnelOutputFinished() throws(RefusedEvent) {
        guard case .tunnel(var tunnel) = phase else {
            throw RefusedEvent(event: .tunnelOutputFinished, phase: phase.name)
        }
        tunnel.outputFinishing = true
        phase = .tunnel(tunnel)
    }

    /// The client's direction of the tunnel ended and its reader took everything: true when both directions
    /// ended (close).
    package var tunnelInputEndCloses: Bool { outputClosed }

    // MARK: Deadlines

    package enum DeadlineAction: Sendable, Equatable {
        case none
        /// A request is incomplete: answer 408, then close.
        case requestTimeout
        case close
    }

    /// The loop's sweep at `now`; `partialHead`: some bytes of a head are buffered.
    package mutating func checkDeadline(at now: UInt64, partialHead: Bool) -> DeadlineAction {
        guard phase != .closed, let expiry = deadlines.expiry(at: now) else { return .none }
        switch expiry {
        case .head where phase == .handshake:
            outputClosed = true  // a handshake that never completed has no session to close
            return .close
        case .head where partialHead && phase == .head, .bodyTooSlow where phase == .body:
            return .requestTimeout
        case .head, .idle, .bodyTooSlow, .sendTooSlow, .linger, .tunnelIdle:
            return .close
        }
    }

    // MARK: Shutdown and close

    package enum ShutdownAction: Sendable, Equatable {
        case none
        case close
        /// End the live stream now (it would never end on its own); the response then finishes and closes.
        case endStream
    }

    /// A graceful shutdown: what is idle or incomplete closes now; a response in progress finishes without
    /// keep-alive; a deferred answer is still awaited.
    package mutating func shutdown() -> ShutdownAction {
        shuttingDown = true
        switch phase {
        case .handshake, .head, .body, .lingering, .tunnel:
            return .close
        case .responding(var exchange):
            exchange.keepAlive = false
            phase = .responding(exchange)
            return .none
        case .streaming(var exchange):
            exchange.keepAlive = false
            phase = .streaming(exchange)
            return .endStream
        case .awaitingHandler, .closed:
            return .none
        }
    }

    package struct ClosePlan: Sendable, Equatable {
        /// Stop watching the socket (it was registered).
        package var unregister: Bool
        /// Send the transport's goodbye (TLS close_notify) before closing: our direction is still open.
        package var sendGoodbye: Bool
        /// It was a tunnel whose client finished sending: its reader ends with `.end` (once every byte was
        /// taken), not `.failed`.
        package var tunnelEndedByPeer: Bool
    }

    /// Closes; nil when already closed (the descriptor must not be closed twice).
    package mutating func close() -> ClosePlan? {
        guard phase != .closed else { return nil }
        let plan = ClosePlan(
            unregister: registeredInterest != nil, sendGoodbye: !outputClosed,
            tunnelEndedByPeer: isTunnel && peerClosed)
        phase = .closed
        outputClosed = true
        registeredInterest = nil
        return plan
    }
}

extension ConnectionStateMachine.Phase {
    /// Puts `exchange` in place of the one this phase carries (a phase without one is left as it is).
    fileprivate mutating func replaceExchange(with exchange: ConnectionStateMachine.Exchange) {
        switch self {
        case .awaitingHandler: self = .awaitingHandler(exchange)
        case .responding: self = .responding(exchange)
        case .streaming: self = .streaming(exchange)
        case .handshake, .head, .body, .tunnel, .lingering, .closed: break
        }
    }
}
