import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 10 over the wire: a shutdown that closes a connection before its `start()` ran (ordered through the
/// accept thread's seam). The connection must not make its transport, watch or close its descriptor: the
/// number may already belong to someone else.
@Suite struct StartAfterShutdownWireTests {
    final class Probe: Sendable {
        let transportsMade = Atomic<Int>(0)
        let reopened = Mutex<Int32>(-1)
        let hookRan = Atomic<Bool>(false)
        let server = Mutex<HTTPServer?>(nil)
    }

    @Test func aConnectionClosedBeforeItStartedNeverTouchesItsDescriptor() throws {
        let probe = Probe()
        let server = try TestServer {
            $0.transport = { _ in
                probe.transportsMade.add(1, ordering: .relaxed)
                return nil
            }
            $0.beforeConnectionStart = {
                probe.server.withLock { $0 }?.shutdown(grace: .milliseconds(500))
                // The connection's descriptor is closed by now: the next one opened takes the lowest free
                // number, most likely the very same.
                probe.reopened.withLock { $0 = open("/dev/null", O_RDONLY | O_CLOEXEC) }
                probe.hookRan.store(true, ordering: .releasing)
            }
        }
        probe.server.withLock { $0 = server.server }
        defer {
            probe.reopened.withLock { if $0 >= 0 { close($0) } }
            server.stop()
        }
        let client = try WireConnection(port: UInt16(server.port), timeout: 10)
        #expect(try client.readToEnd() == [], "closed by the shutdown without a byte")
        let deadline = ContinuousClock.now + .seconds(5)
        while !probe.hookRan.load(ordering: .acquiring), ContinuousClock.now < deadline { usleep(1_000) }
        let hookRan = probe.hookRan.load(ordering: .acquiring)
        #expect(hookRan)
        usleep(200_000)  // the start queued behind the hook has run by now on an idle loop
        let transportsMade = probe.transportsMade.load(ordering: .relaxed)
        #expect(transportsMade == 0, "start() did nothing on a closed connection")
        let descriptor = probe.reopened.withLock { $0 }
        #expect(descriptor >= 0)
        #expect(fcntl(descriptor, F_GETFD) >= 0, "the descriptor that took its number is still open")
        #expect(server.server.openConnectionCount == 0)
    }
}
