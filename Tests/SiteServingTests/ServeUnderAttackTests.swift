// `gowasm-serve serve` as a process, under the clients a public server meets: slowhttptest's slow heads,
// slow bodies and slow readers beyond the connection cap, a descriptor limit lower than the cap, a stderr
// nobody reads, and one huge file compressed on first request. Throughout, an ordinary client must be
// served promptly.
import Foundation
import HTTPServer
import SiteServing
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A dist with a page and a 1 MiB file to read slowly.
private func attackDist() throws -> DistFixture {
    let fixture = try DistFixture()
    try fixture.write("large.bin", DistFixture.randomBytes(1 << 20))
    return fixture
}

/// Fetches `/index.html` on a fresh connection; the status and how long it took.
private func probe(_ port: UInt16) -> (status: Int?, seconds: Double) {
    let started = Date()
    let status = try? WireConnection(port: port, timeout: 3).request("/index.html", headers: ["Connection": "close"])
        .status
    return (status, Date().timeIntervalSince(started))
}

/// The same over the server's own transport (a TLS probe pays its handshake too).
private func probe(_ server: ServerProcess) -> (status: Int?, seconds: Double) {
    let started = Date()
    let status = try? server.connect(timeout: 3).request("/index.html", headers: ["Connection": "close"]).status
    return (status, Date().timeIntervalSince(started))
}

@Suite(.serialized) struct ServeUnderAttackTests {
    struct Attack: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        var testDescription: String { name }
    }

    /// 256 connections against a cap of 64, for 12 s each; slowhttptest's own report is not what is
    /// checked, the probe is.
    static let attacks: [Attack] = [
        Attack(
            name: "slowloris (-H)", arguments: ["-H", "-c", "256", "-r", "128", "-i", "2", "-x", "24", "-t", "GET"]),
        Attack(
            name: "slow body (-B)",
            arguments: ["-B", "-c", "256", "-r", "128", "-i", "2", "-x", "10", "-s", "1048576", "-t", "POST"]),
        Attack(
            name: "slow read (-X)",
            arguments: [
                "-X", "-c", "256", "-r", "128", "-w", "512", "-y", "1024", "-n", "5", "-z", "32", "-k", "3",
            ]),
    ]

    @Test(arguments: attacks, ServeTransport.allCases)
    func anOrdinaryClientIsServedThroughout(attack: Attack, transport: ServeTransport) throws {
        let slowhttptest = try requireTool("slowhttptest")
        let fixture = try attackDist()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let server = try ServerProcess(
            ["serve", fixture.root.path, "--quiet", "--max-connections", "64"], transport: transport)
        defer { server.stop() }
        let target = attack.arguments.first == "-X" ? "large.bin" : "index.html"
        let url = server.url + target  // slowhttptest speaks TLS for https:// (without checking the certificate)
        let finished = Atomic<Bool>(false)
        let attacker = Thread {
            _ = try? ProcessRunner.run(
                slowhttptest, attack.arguments + ["-l", "12", "-p", "3", "-u", url], timeout: 40)
            finished.store(true, ordering: .releasing)
        }
        attacker.start()
        usleep(500_000)  // let the attack fill the slots
        var latencies: [Double] = []
        var failures: [String] = []
        var peakResident = 0
        while !finished.load(ordering: .acquiring) {
            let (status, seconds) = probe(server)
            latencies.append(seconds)
            if status != 200 || seconds >= 1 {
                failures.append("\(status.map(String.init) ?? "no answer") in \(seconds) s")
            }
            peakResident = max(peakResident, server.residentBytes ?? 0)
            usleep(200_000)
        }
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        print(
            "\(attack.name) over \(transport): \(latencies.count) probes, median \(Int(median * 1000)) ms, worst \(Int((sorted.last ?? 0) * 1000)) ms, peak RSS \(peakResident >> 20) MiB"
        )
        #expect(latencies.count >= 30, "the attack ran for its 12 s")
        #expect(failures.isEmpty, "\(failures.count) of \(latencies.count) probes failed: \(failures.prefix(5))")
        #expect(peakResident > 0 && peakResident < 200 << 20, "RSS \(peakResident >> 20) MiB")
    }

    /// TLS clients that connect and never finish their handshake (nothing sent, or half a ClientHello) wait
    /// like a slow request head: at the cap they make room for newcomers, and each is closed by the head's
    /// deadline, without an answer.
    @Test func handshakesThatNeverFinishHoldNoSlot() throws {
        let fixture = try attackDist()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let server = try ServerProcess(
            ["serve", fixture.root.path, "--quiet", "--max-connections", "8", "--header-timeout", "2"], transport: .tls)
        defer { server.stop() }
        // A TLS 1.2 record header announcing a 512-byte handshake message, then silence.
        let halfHello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
        var stalled: [WireConnection] = []
        for index in 0..<16 {
            let client = try WireConnection(port: server.port, timeout: 6)  // plain TCP: no handshake from us
            if index % 2 == 1 { try client.send(bytes: halfHello) }
            stalled.append(client)
        }
        usleep(200_000)  // older than the 100 ms a waiting connection is spared for
        for _ in 0..<5 {
            let (status, seconds) = probe(server)
            #expect(status == 200)
            #expect(seconds < 1)
        }
        let started = Date()
        for (index, client) in stalled.enumerated() {
            // Closed (or reset) with not one byte sent: no session to answer in, and no plaintext on a TLS port.
            #expect(try client.readToEnd() == [], "connection \(index)")
        }
        #expect(Date().timeIntervalSince(started) < 4, "closed by the 2 s head deadline")
    }

    @Test func aDescriptorLimitBelowTheCapLowersTheCap() throws {
        let fixture = try attackDist()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        // 64 descriptors in all: the default cap (4,096) cannot hold; what fits must be the cap.
        let server = try ServerProcess(
            ["serve", fixture.root.path, "--quiet"], launcher: ["/usr/bin/prlimit", "--nofile=64:64", "--"])
        defer { server.stop() }
        var held: [WireConnection] = []
        for index in 0..<80 {
            let client = try WireConnection(port: server.port, timeout: 3)
            let response = try client.request(index % 2 == 0 ? "/index.html" : "/big.bin")
            #expect(response.status == 200, "request \(index): \(response.status)")
            held.append(client)
        }
        for _ in 0..<10 {
            let (status, seconds) = probe(server.port)
            #expect(status == 200)
            #expect(seconds < 1)
        }
        _ = held
    }

    /// Out of descriptors when opening a file that exists: 503 with Retry-After and a line for the
    /// operator, never a 404 (which caches would keep). The limit is lowered under the running server
    /// (`prlimit --pid`, soft limit) so exactly one descriptor is left: the accepted socket takes it, the open fails.
    @Test func runningOutOfDescriptorsOnOpenIsA503AndALogLine() throws {
        let fixture = try attackDist()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let server = try ServerProcess(["serve", fixture.root.path, "--quiet"])
        defer { server.stop() }
        #expect(probe(server.port).status == 200)  // started, and its start-up compression is done with
        let pid = server.process.processIdentifier
        // A descriptor the server was still closing when counted leaves room for the open: then try again.
        var statuses: [Int] = []
        for _ in 0..<10 {
            let used = Set(
                try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) })
            // The limit below which exactly one descriptor number is free: the second free number.
            var limit = 0
            var free = 0
            while true {
                if !used.contains(limit) {
                    free += 1
                    if free == 2 { break }
                }
                limit += 1
            }
            try setDescriptorLimit(of: pid, to: limit)
            let starved = try WireConnection(port: server.port, timeout: 5).request(
                "/large.bin", headers: ["Connection": "close"])
            try setDescriptorLimit(of: pid, to: 4096)  // the soft limit only: raising a hard one takes a privilege
            statuses.append(starved.status)
            if starved.status == 503 {
                #expect(starved.header("Retry-After") == "1")
                break
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(statuses.last == 503, "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 503 }, "\(statuses)")
        #expect(!server.stderrLines(prefix: "gowasm-serve: cannot open /large.bin", timeout: 5).isEmpty)
        #expect(try WireConnection(port: server.port, timeout: 5).request("/large.bin").status == 200)
    }

    private func setDescriptorLimit(of pid: Int32, to limit: Int) throws {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/prlimit"), ["--pid", "\(pid)", "--nofile=\(limit):"], timeout: 10)
        #expect(result.status == 0, "prlimit: \(result.stderrText)")
    }

    @Test func aStderrNobodyReadsDoesNotStopTheServer() throws {
        let fixture = try attackDist()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let server = try ServerProcess(["serve", fixture.root.path], stderr: .unreadPipe)
        defer { server.stop() }
        // ~5,000 access-log lines: far more than a pipe buffer (64 KiB) holds.
        let client = try WireConnection(port: server.port, timeout: 3)
        let started = Date()
        for index in 0..<5_000 {
            let response = try client.request("/index.html?n=\(index)")
            #expect(response.status == 200)
            if response.status != 200 { break }
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }
}

@Suite struct OffLoopWorkTests {
    /// Compressing a 48 MB file for its first br request takes the better part of a second: other
    /// connections (on every loop) must not wait for it.
    @Test func compressingAHugeFileDelaysNoOtherConnection() throws {
        let fixture = try DistFixture()
        defer { try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent()) }
        let line = Array("console.log('a line of a very large generated bundle', 1234567890);\n".utf8)
        var huge: [UInt8] = []
        huge.reserveCapacity(48 << 20)
        var counter = 0
        while huge.count < 48 << 20 {
            huge += line
            huge += Array(String(counter, radix: 36).utf8)
            counter += 1
        }
        try fixture.write("huge.js", huge)
        var options = SiteHandler.Options()
        options.precompressAtStart = false
        let server = HTTPServer(
            configuration: .init(host: "127.0.0.1", port: 0),
            handler: try SiteHandler(directory: fixture.root.path, options: options))
        let port = UInt16(try server.start().port)
        defer { server.shutdown(grace: .milliseconds(100)) }
        for _ in 0..<4 { _ = probe(port) }  // warm: index.html cached

        let big = try WireConnection(port: port, timeout: 60)
        try big.send("GET /huge.js HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br\r\n\r\n")
        usleep(50_000)
        var slow: [Double] = []
        for _ in 0..<16 {
            let (status, seconds) = probe(port)
            #expect(status == 200)
            if seconds > 0.25 { slow.append(seconds) }
        }
        #expect(slow.isEmpty, "requests waited behind the compression: \(slow)")
        let response = try big.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Content-Encoding") == "br")
    }
}
