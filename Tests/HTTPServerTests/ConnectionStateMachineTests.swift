// The connection's decisions on a manual clock: phases, keep-alive after each kind of response, pipelining,
// the interest asked of epoll, deadlines, the lingering close, and events that come in the wrong phase.
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ConnectionStateMachineTests {
    static let second: UInt64 = 1_000_000_000
    static let policy = TimeoutPolicy(
        head: 10 * second, idle: 30 * second, rateGrace: 10 * second, minimumBodyRate: 1024, minimumSendRate: 1024,
        linger: 2 * second)

    /// A plain TCP connection accepted at 0, registered for reading.
    static func started(at now: UInt64 = 0) -> ConnectionStateMachine {
        var machine = ConnectionStateMachine(policy: policy, acceptedAt: now)
        #expect(machine.start(handshake: false) == .register(.read))
        machine.registered(.read)
        return machine
    }

    /// Reads a bodiless request at `now` and starts a response of `kind`.
    static func answering(
        _ machine: inout ConnectionStateMachine, _ kind: ConnectionStateMachine.ResponseKind = .complete,
        keepAlive: Bool = true, at now: UInt64 = 0
    ) {
        #expect(machine.received(40, endOfStream: false, inputWasEmpty: true, buffered: 40, at: now) == .process)
        #expect(
            machine.headReceived(hasBody: false, streamsBody: false, expectsContinue: false, buffered: 0, at: now)
                == .deliver)
        let alive = machine.keepsAlive(requestKeepAlive: keepAlive, responseAllows: true)
        machine.responseStarted(kind, keepAlive: alive, at: now)
    }

    // MARK: Phases and keep-alive

    @Test func aKeptAliveRequestGoesBackToWaitingForTheNextHead() throws {
        var machine = Self.started()
        Self.answering(&machine, at: 1 * Self.second)
        #expect(machine.phase == .responding(.init(keepAlive: true)))
        #expect(machine.keepAlive)
        #expect(machine.flushed(.done, sent: 200, at: 1 * Self.second) == .finishResponse)
        #expect(try machine.responseFinished(pipelined: false, at: 1 * Self.second) == .nextRequest)
        #expect(machine.phase == .head)
        #expect(machine.deadlines.phase == .idle)
        #expect(machine.deadlines.deadline == 31 * Self.second, "the idle timeout runs from the response's end")
        #expect(!machine.readPaused)
    }

    @Test func aResponseWithoutKeepAliveLingersThenCloses() throws {
        var machine = Self.started()
        Self.answering(&machine, keepAlive: false)
        #expect(!machine.keepAlive)
        #expect(machine.flushed(.done, sent: 200, at: 0) == .finishResponse)
        #expect(try machine.responseFinished(pipelined: false, at: 1 * Self.second) == .linger)
        #expect(machine.phase == .lingering)
        #expect(machine.outputClosed, "the write half is shut")
        #expect(!machine.readPaused, "the peer is drained")
        // Whatever the peer sends now is dropped; its EOF ends the linger.
        #expect(
            machine.received(100, endOfStream: false, inputWasEmpty: true, buffered: 100, at: 1 * Self.second)
                == .discardInput)
        #expect(
            machine.received(0, endOfStream: true, inputWasEmpty: true, buffered: 0, at: 1 * Self.second)
                == .discardInputAndClose)
        let plan = machine.close()
        #expect(plan?.sendGoodbye == false, "the goodbye went with the write half")
        #expect(machine.phase == .closed)
    }

    @Test func aLingerThatNeverSeesEOFEndsAtTheLingerTime() throws {
        var machine = Self.started()
        Self.answering(&machine, keepAlive: false)
        _ = machine.flushed(.done, sent: 200, at: 0)
        #expect(try machine.responseFinished(pipelined: false, at: 5 * Self.second) == .linger)
        #expect(machine.checkDeadline(at: 6 * Self.second, partialHead: false) == .none)
        #expect(machine.checkDeadline(at: 7 * Self.second, partialHead: false) == .close)
    }

    @Test func aPeerThatAlreadyLeftIsClosedWithoutLingering() throws {
        var machine = Self.started()
        #expect(machine.received(40, endOfStream: true, inputWasEmpty: true, buffered: 40, at: 0) == .process)
        #expect(machine.peerClosed)
        #expect(machine.readPaused, "nothing more to read")
        _ = machine.headReceived(hasBody: false, streamsBody: false, expectsContinue: false, buffered: 0, at: 0)
        machine.responseStarted(
            .complete, keepAlive: machine.keepsAlive(requestKeepAlive: true, responseAllows: true), at: 0)
        _ = machine.flushed(.done, sent: 200, at: 0)
        // Kept alive, but the input is exhausted and the peer is gone: the driver closes without lingering.
        #expect(try machine.responseFinished(pipelined: false, at: 0) == .nextRequest)
        #expect(machine.inputExhausted)
        #expect(machine.resumeReading() == false, "nothing more will come")
    }

    @Test func keepAliveNeedsTheRequestAndTheResponse() throws {
        let machine = Self.started()
        #expect(machine.keepsAlive(requestKeepAlive: true, responseAllows: true))
        // HTTP/1.0 without keep-alive, or Connection: close from the client.
        #expect(!machine.keepsAlive(requestKeepAlive: false, responseAllows: true))
        // Connection: close from the handler, or a close-delimited body.
        #expect(!machine.keepsAlive(requestKeepAlive: true, responseAllows: false))
    }

    @Test func aStreamKeepsTheConnectionOnlyWhenItEndsCleanly() throws {
        for (complete, expected) in [(true, ConnectionStateMachine.FinishAction.nextRequest), (false, .linger)] {
            var machine = Self.started()
            Self.answering(&machine, .stream)
            #expect(machine.phase == .streaming(.init(keepAlive: true)))
            #expect(machine.acceptsStreamBytes)
            #expect(machine.flushed(.done, sent: 100, at: 0) == .drained, "a stream ends when its writer says so")
            #expect(machine.deadlines.deadline == nil, "a live stream is not idle")
            try machine.streamEnded(complete: complete, at: 1 * Self.second)  // a short or aborted stream: not complete
            #expect(machine.phase == .responding(.init(keepAlive: complete)))
            #expect(machine.flushed(.done, sent: 5, at: 1 * Self.second) == .finishResponse)
            #expect(try machine.responseFinished(pipelined: false, at: 1 * Self.second) == expected)
        }
    }

    @Test func aStreamPastItsLengthEndsTheConnection() throws {
        var machine = Self.started()
        Self.answering(&machine, .stream)
        try machine.responseBroken()
        try machine.streamEnded(complete: true, at: 0)
        _ = machine.flushed(.done, sent: 5, at: 0)
        #expect(try machine.responseFinished(pipelined: false, at: 0) == .linger)
    }

    @Test func aTunnelIsNeverKeptAliveAndClosesWhenBothDirectionsEnded() throws {
        var machine = Self.started()
        Self.answering(&machine, .tunnel)
        #expect(machine.phase == .tunnel(.init(outputFinishing: false)))
        #expect(machine.isTunnel)
        #expect(!machine.keepAlive)
        #expect(machine.deadlines.phase == .tunnel)
        #expect(machine.received(10, endOfStream: false, inputWasEmpty: true, buffered: 10, at: 0) == .pumpTunnel)
        // The handler ends its direction: once the queue drained, our write half is shut.
        try machine.tunnelOutputFinished()
        #expect(machine.phase == .tunnel(.init(outputFinishing: true)))
        #expect(machine.flushed(.wouldBlock(.write), sent: 0, at: 0) == .blocked)
        #expect(machine.flushed(.done, sent: 10, at: 0) == .shutdownTunnelOutput)
        #expect(machine.flushed(.done, sent: 0, at: 0) == .drained, "shut once")
        #expect(machine.received(0, endOfStream: true, inputWasEmpty: true, buffered: 0, at: 0) == .pumpTunnel)
        #expect(machine.tunnelInputEndCloses)
        #expect(machine.close()?.tunnelEndedByPeer == true)
    }

    @Test func aMalformedRequestIsAnsweredThenTheConnectionLingers() throws {
        var machine = Self.started()
        #expect(machine.received(40, endOfStream: false, inputWasEmpty: true, buffered: 40, at: 0) == .process)
        machine.requestFailed(at: 0)
        #expect(machine.phase == .responding(.init(keepAlive: false)))
        _ = machine.flushed(.done, sent: 100, at: 0)
        #expect(try machine.responseFinished(pipelined: false, at: 0) == .linger)
    }

    // MARK: Bodies

    @Test func aBodyIsReadBeforeTheHandlerGetsTheRequest() throws {
        var machine = Self.started()
        _ = machine.received(100, endOfStream: false, inputWasEmpty: true, buffered: 100, at: 0)
        #expect(
            machine.headReceived(hasBody: true, streamsBody: false, expectsContinue: true, buffered: 0, at: 0)
                == .readBody(sendContinue: true))
        #expect(machine.phase == .body)
        #expect(machine.deadlines.phase == .body)
        // A client that sent its body along with the head gets no 100 Continue.
        var eager = Self.started()
        #expect(
            eager.headReceived(hasBody: true, streamsBody: false, expectsContinue: true, buffered: 10, at: 0)
                == .readBody(sendContinue: false))
    }

    @Test func aStreamedBodyLeftUnreadWhenTheAnswerEndsClosesTheConnection() throws {
        var machine = Self.started()
        #expect(
            machine.headReceived(hasBody: true, streamsBody: true, expectsContinue: false, buffered: 0, at: 0)
                == .deliverStreaming(sendContinue: false))
        #expect(machine.phase == .awaitingHandler(.init(body: .arriving)))
        machine.responseStarted(
            .complete, keepAlive: machine.keepsAlive(requestKeepAlive: true, responseAllows: true), at: 0)
        #expect(machine.received(10, endOfStream: false, inputWasEmpty: true, buffered: 10, at: 0) == .pumpStreamedBody)
        _ = machine.flushed(.done, sent: 100, at: 0)
        #expect(try machine.responseFinished(pipelined: false, at: 0) == .linger)
        #expect(machine.phase == .lingering, "the rest of the body is never read")
    }

    @Test func aStreamedBodyReadToItsEndKeepsTheConnection() throws {
        var machine = Self.started()
        _ = machine.headReceived(hasBody: true, streamsBody: true, expectsContinue: false, buffered: 0, at: 0)
        let resumedWhileFull = machine.readerBacklog(full: true, at: 0)
        #expect(!resumedWhileFull)
        #expect(machine.readPaused, "a part waits to be taken")
        let resumedOnceTaken = machine.readerBacklog(full: false, at: 0)
        #expect(resumedOnceTaken, "taken: reading resumes")
        try machine.streamedBodyEnded(at: 0)
        machine.responseStarted(
            .complete, keepAlive: machine.keepsAlive(requestKeepAlive: true, responseAllows: true), at: 0)
        _ = machine.flushed(.done, sent: 100, at: 0)
        #expect(try machine.responseFinished(pipelined: false, at: 0) == .nextRequest)
    }

    // MARK: Pipelining and read pauses

    @Test func aPipelinedRequestWaitsForTheResponseBeforeIt() throws {
        var machine = Self.started()
        Self.answering(&machine)
        #expect(machine.flushed(.wouldBlock(.write), sent: 1000, at: 0) == .blocked)
        // The next request arrives while the first response is still going out: it stays buffered.
        #expect(
            machine.received(40, endOfStream: false, inputWasEmpty: true, buffered: 40, at: 1 * Self.second) == .none)
        #expect(!machine.readPaused)
        // A flood behind it pauses reading.
        #expect(
            machine.received(300_000, endOfStream: false, inputWasEmpty: false, buffered: 300_040, at: 1 * Self.second)
                == .none)
        #expect(machine.readPaused)
        #expect(machine.wantedInterest == .write)
        #expect(machine.flushed(.done, sent: 1000, at: 2 * Self.second) == .finishResponse)
        #expect(try machine.responseFinished(pipelined: true, at: 2 * Self.second) == .nextRequest)
        #expect(!machine.readPaused)
        #expect(machine.wantedInterest == .read)
        #expect(machine.deadlines.phase == .head, "the buffered request's head clock starts now")
        #expect(machine.deadlines.deadline == 12 * Self.second)
    }

    @Test func theInterestFollowsReadPausesBlockedWritesAndTheTransport() throws {
        var machine = Self.started()
        #expect(machine.interestChange() == nil, "registered for reading already")
        Self.answering(&machine)
        _ = machine.flushed(.wouldBlock(.write), sent: 0, at: 0)
        #expect(machine.interestChange() == [.read, .write])
        #expect(machine.interestChange() == nil, "one epoll_ctl per change")
        #expect(machine.writable() == .flush)
        _ = machine.flushed(.wouldBlock(.read), sent: 0, at: 0)  // a TLS write waits for the peer's bytes
        #expect(machine.readable() == .flushThenRead)
        #expect(machine.interestChange() == .read)
        machine.pauseReading()
        #expect(machine.wantedInterest == .read, "the transport still needs the peer's bytes")
        _ = machine.flushed(.done, sent: 10, at: 0)
        #expect(machine.wantedInterest == [])
        machine.readStarted()
        machine.readWaits(for: .write)  // a TLS read waits for writability
        #expect(machine.writable() == .readThenFlush)
        #expect(machine.wantedInterest == .write)
    }

    @Test func aHandshakeAsksForWhatTheTransportNeedsThenReadsRequests() throws {
        var machine = ConnectionStateMachine(policy: Self.policy, acceptedAt: 0)
        #expect(machine.start(handshake: true) == .register(.read))
        machine.registered(.read)
        #expect(machine.phase == .handshake)
        #expect(machine.readable() == .handshake)
        #expect(machine.writable() == .handshake)
        #expect(try machine.handshakeStep(.wouldBlock(.write)) == .wait)
        #expect(machine.interestChange() == [.read, .write])
        #expect(try machine.handshakeStep(.done) == .read)
        #expect(machine.phase == .head)
        #expect(machine.interestChange() == .read)
        // A failed handshake has no session to say goodbye in.
        var failing = ConnectionStateMachine(policy: Self.policy, acceptedAt: 0)
        _ = failing.start(handshake: true)
        #expect(try failing.handshakeStep(.failed) == .close)
        #expect(failing.close()?.sendGoodbye == false)
    }

    // MARK: Deadlines

    @Test func aStalledHandshakeIsClosedSilentlyAtTheHeadDeadline() throws {
        var machine = ConnectionStateMachine(policy: Self.policy, acceptedAt: 0)
        _ = machine.start(handshake: true)
        machine.registered(.read)
        #expect(machine.checkDeadline(at: 9 * Self.second, partialHead: false) == .none)
        #expect(machine.checkDeadline(at: 10 * Self.second, partialHead: false) == .close)
        #expect(machine.close()?.sendGoodbye == false)
    }

    @Test func anIncompleteHeadGets408AndAnIdleConnectionIsJustClosed() throws {
        var partial = Self.started()
        _ = partial.received(5, endOfStream: false, inputWasEmpty: true, buffered: 5, at: 1 * Self.second)
        #expect(partial.checkDeadline(at: 10 * Self.second, partialHead: true) == .requestTimeout)

        var silent = Self.started()
        #expect(silent.checkDeadline(at: 10 * Self.second, partialHead: false) == .close)

        var idle = Self.started()
        Self.answering(&idle)
        _ = idle.flushed(.done, sent: 100, at: 0)
        _ = try idle.responseFinished(pipelined: false, at: 0)
        #expect(idle.checkDeadline(at: 29 * Self.second, partialHead: false) == .none)
        #expect(idle.checkDeadline(at: 30 * Self.second, partialHead: false) == .close)
    }

    @Test func aTrickledBodyGets408AfterTheGracePeriod() throws {
        var machine = Self.started()
        _ = machine.headReceived(hasBody: true, streamsBody: false, expectsContinue: false, buffered: 0, at: 0)
        var now: UInt64 = 0
        var action = ConnectionStateMachine.DeadlineAction.none
        while action == .none, now < 60 * Self.second {
            now += 5 * Self.second
            action = machine.checkDeadline(at: now, partialHead: false)
            if action == .none {
                _ = machine.received(8, endOfStream: false, inputWasEmpty: false, buffered: 8, at: now)
            }
        }
        #expect(action == .requestTimeout)
        #expect(now <= 15 * Self.second)
    }

    @Test func aClientThatStopsReadingIsClosed() throws {
        var machine = Self.started()
        Self.answering(&machine)
        _ = machine.flushed(.wouldBlock(.write), sent: 100_000, at: 0)
        #expect(machine.checkDeadline(at: 29 * Self.second, partialHead: false) == .none)
        #expect(machine.checkDeadline(at: 30 * Self.second, partialHead: false) == .close)
    }

    @Test func aLiveStreamHasNoDeadlineUntilItsReaderStalls() throws {
        var machine = Self.started()
        Self.answering(&machine, .stream)
        _ = machine.flushed(.done, sent: 100, at: 0)
        #expect(machine.checkDeadline(at: 3600 * Self.second, partialHead: false) == .none)
        _ = machine.flushed(.wouldBlock(.write), sent: 0, at: 3600 * Self.second)
        #expect(machine.deadlines.phase == .sending)
        #expect(machine.checkDeadline(at: 3630 * Self.second, partialHead: false) == .close)
    }

    /// issue 18 (4): a proxied upload whose client stops sending was deferred to the proxy's thread with no
    /// deadline at all, so four of them held every slot of `--max-connections 4` for good.
    @Test func aStalledStreamedUploadKeepsTheBodyDeadlinesWhileTheHandlerWaits() throws {
        var machine = Self.started()
        #expect(machine.received(60, endOfStream: false, inputWasEmpty: true, buffered: 60, at: 0) == .process)
        _ = machine.headReceived(hasBody: true, streamsBody: true, expectsContinue: false, buffered: 0, at: 0)
        try machine.handlerDeferred(at: 0)
        #expect(machine.awaitsHandler)
        #expect(machine.deadlines.phase == .body, "the client owes the body")
        // Nothing arrives: the minimum rate (nothing after the 10 s grace) ends it, as a buffered body.
        #expect(machine.checkDeadline(at: 9 * Self.second, partialHead: false) == .none)
        #expect(machine.checkDeadline(at: 10 * Self.second, partialHead: false) == .close)
        // At the cap it is a candidate once stalled for a second, before any response in progress.
        let key = machine.deadlines.evictionRank.evictionKey(at: 2 * Self.second)
        #expect(key?.tier == .stalled)
    }

    @Test func aStreamedUploadThatKeepsComingIsNotCut() throws {
        var machine = Self.started()
        _ = machine.headReceived(hasBody: true, streamsBody: true, expectsContinue: false, buffered: 0, at: 0)
        try machine.handlerDeferred(at: 0)
        var now: UInt64 = 0
        while now < 120 * Self.second {
            now += Self.second
            #expect(
                machine.received(8192, endOfStream: false, inputWasEmpty: true, buffered: 8192, at: now)
                    == .pumpStreamedBody)
        }
        #expect(machine.checkDeadline(at: now, partialHead: false) == .none)
        // The reader (the backend) falls behind: the wait is not the client's, so no deadline runs.
        _ = machine.readerBacklog(full: true, at: now)
        #expect(machine.checkDeadline(at: now + 3600 * Self.second, partialHead: false) == .none)
        _ = machine.readerBacklog(full: false, at: now + 3600 * Self.second)
        #expect(machine.deadlines.phase == .body, "reading again: the client's deadlines again")
        try machine.streamedBodyEnded(at: now + 3601 * Self.second)
        #expect(machine.deadlines.phase == .unbounded, "the body is in: the handler bounds its own time")
    }

    /// issue 18 (4): dev's `/_gowasm/events` streams (and any drained live stream) were never evictable.
    @Test func aQuietLiveStreamIsEvictableLastOfAll() throws {
        var machine = Self.started()
        Self.answering(&machine, .stream)
        _ = machine.flushed(.done, sent: 100, at: 0)
        #expect(machine.checkDeadline(at: 3600 * Self.second, partialHead: false) == .none, "no deadline")
        #expect(machine.deadlines.evictionRank.evictionKey(at: 500_000_000) == nil, "not while it just sent")
        // Bytes sent keep it busy (an SSE heartbeat, a proxied download still moving).
        _ = machine.flushed(.done, sent: 10, at: 1_800_000_000)
        #expect(machine.deadlines.evictionRank.evictionKey(at: 2 * Self.second) == nil)
        let key = try #require(machine.deadlines.evictionRank.evictionKey(at: 3 * Self.second))
        var slowHead = ConnectionDeadlines(policy: Self.policy, acceptedAt: 0)
        slowHead.headBytes(at: 0)
        let headKey = try #require(slowHead.evictionRank.evictionKey(at: 3 * Self.second))
        #expect(headKey < key, "a stalled request goes first")
    }

    @Test func aDeferredAnswerHasNoDeadline() throws {
        var machine = Self.started()
        _ = machine.headReceived(hasBody: false, streamsBody: false, expectsContinue: false, buffered: 0, at: 0)
        try machine.handlerDeferred(at: 0)
        #expect(machine.awaitsHandler)
        #expect(machine.checkDeadline(at: 3600 * Self.second, partialHead: false) == .none)
    }

    // MARK: Shutdown, close, and events in the wrong phase

    @Test func shutdownClosesWhatIsIdleAndLetsResponsesFinishWithoutKeepAlive() throws {
        var idle = Self.started()
        #expect(idle.shutdown() == .close)

        var responding = Self.started()
        Self.answering(&responding)
        #expect(responding.shutdown() == .none)
        #expect(!responding.keepAlive)
        _ = responding.flushed(.done, sent: 100, at: 0)
        #expect(try responding.responseFinished(pipelined: false, at: 0) == .close)

        var streaming = Self.started()
        Self.answering(&streaming, .stream)
        #expect(streaming.shutdown() == .endStream)

        var deferred = Self.started()
        _ = deferred.headReceived(hasBody: false, streamsBody: false, expectsContinue: false, buffered: 0, at: 0)
        try deferred.handlerDeferred(at: 0)
        #expect(deferred.shutdown() == .none)
        #expect(!deferred.keepsAlive(requestKeepAlive: true, responseAllows: true), "its answer closes")
    }

    /// Issue 10: a connection whose start runs after a shutdown already closed it must not touch its
    /// descriptor (its number may belong to someone else by then): no registration, no second close.
    @Test func startAfterShutdownClosedItTouchesNothing() throws {
        var machine = ConnectionStateMachine(policy: Self.policy, acceptedAt: 0)
        #expect(machine.shutdown() == .close)
        let plan = machine.close()
        #expect(plan?.unregister == false, "never registered")
        #expect(machine.start(handshake: true) == .ignore)
        #expect(machine.start(handshake: false) == .ignore)
        #expect(machine.phase == .closed)
        machine.registered(.read)
        #expect(machine.registeredInterest == nil)
        #expect(machine.close() == nil, "the descriptor is closed once")
    }

    @Test func eventsAfterCloseAreIgnored() throws {
        var machine = Self.started()
        Self.answering(&machine, .stream)
        let plan = machine.close()
        #expect(plan?.unregister == true)
        #expect(plan?.sendGoodbye == true)
        #expect(plan?.tunnelEndedByPeer == false)
        #expect(machine.readable() == .ignore)
        #expect(machine.writable() == .ignore)
        #expect(machine.hungUp() == .ignore)
        #expect(machine.received(10, endOfStream: true, inputWasEmpty: true, buffered: 10, at: 0) == .none)
        #expect(!machine.acceptsStreamBytes)
        #expect(!machine.awaitsHandler)
        #expect(machine.interestChange() == nil, "unregistered")
        #expect(machine.checkDeadline(at: .max, partialHead: true) == .none)
        #expect(machine.shutdown() == .none)
        #expect(throws: ConnectionStateMachine.RefusedEvent(event: .streamEnded, phase: .closed)) {
            try machine.streamEnded(complete: true, at: 0)
        }
        #expect(machine.phase == .closed)
        #expect(machine.close() == nil)
    }

    @Test func eventsInTheWrongPhaseAreRefusedAndChangeNothing() throws {
        var machine = Self.started()
        Self.answering(&machine)
        // A stream's end, a handshake step or a stream byte while a complete response is written.
        #expect(throws: ConnectionStateMachine.RefusedEvent(event: .streamEnded, phase: .responding)) {
            try machine.streamEnded(complete: false, at: 0)
        }
        #expect(machine.phase == .responding(.init(keepAlive: true)))
        #expect(machine.keepAlive)
        #expect(throws: ConnectionStateMachine.RefusedEvent(event: .handshakeStep, phase: .responding)) {
            try machine.handshakeStep(.failed)
        }
        #expect(!machine.outputClosed)
        #expect(!machine.acceptsStreamBytes)
        #expect(!machine.awaitsHandler, "a late deferred answer is dropped")
        typealias Refused = ConnectionStateMachine.RefusedEvent
        #expect(throws: Refused(event: .handlerDeferred, phase: .responding)) { try machine.handlerDeferred(at: 0) }
        #expect(throws: Refused(event: .streamedBodyEnded, phase: .responding), "no body is streamed") {
            try machine.streamedBodyEnded(at: 0)
        }
        #expect(throws: Refused(event: .streamedBodyAbandoned, phase: .responding)) {
            try machine.streamedBodyAbandoned()
        }
        #expect(throws: Refused(event: .tunnelOutputFinished, phase: .responding)) {
            try machine.tunnelOutputFinished()
        }
        #expect(machine.phase == .responding(.init(keepAlive: true)), "unchanged by what it refused")
        var idle = Self.started()
        #expect(throws: Refused(event: .responseFinished, phase: .head)) {
            try idle.responseFinished(pipelined: false, at: 0)
        }
        #expect(throws: Refused(event: .responseBroken, phase: .head)) { try idle.responseBroken() }
        #expect(idle.phase == .head)
        // The reader of a stream that vanishes ends the stream.
        var streaming = Self.started()
        Self.answering(&streaming, .stream)
        #expect(streaming.received(0, endOfStream: true, inputWasEmpty: true, buffered: 0, at: 0) == .close)
        // A hang-up reads what came before it, except during a handshake.
        #expect(machine.hungUp() == .readThenClose)
    }
}
