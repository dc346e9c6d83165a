import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gowasm-serve dev` end to end: a real server, real rebuilds, the real Server-Sent Events stream.
@Suite(.serialized) final class DevCommandTests {
    @Test func changeReloadsBreakShowsCompilerErrorFixReloads() throws {
        try DistFixture.requireGo(.modern)
        let package = try Paths.temporaryDirectory("dev-loop").appendingPathComponent("app")
        try FileManager.default.copyItem(at: DistFixture.package("app"), to: package)
        let mainGo = package.appendingPathComponent("main.go")
        let original = try String(contentsOf: mainGo, encoding: .utf8)

        let dev = try DevServer(package: package)
        defer { dev.stop() }

        // The first build is served, with the live-reload client injected.
        let firstPage = try HTTPGet.body(port: dev.port, path: "/")
        #expect(firstPage.contains("/_gowasm/live-reload.js"), "\(firstPage)")
        let firstWasm = try #require(Self.wasmName(in: firstPage), "\(firstPage)")

        let events = try EventStream(port: dev.port)
        defer { events.close() }
        #expect(events.wait(for: ": connected", timeout: 10), "\(events.text)")

        // A change: rebuild, `reload` event, a new hashed wasm in the page.
        try original.replacingOccurrences(of: "gowasm-fixture-ran", with: "gowasm-fixture-changed")
            .write(to: mainGo, atomically: true, encoding: .utf8)
        #expect(events.wait(for: "event: reload", timeout: 120), "no reload event: \(events.text)\n\(dev.stderr)")
        let changedPage = try HTTPGet.body(port: dev.port, path: "/")
        let changedWasm = try #require(Self.wasmName(in: changedPage))
        #expect(changedWasm != firstWasm)

        // Broken code: `build-error` with the compiler's message; the last good app is still served.
        try "package main\n\nfunc main() { undefinedThing() }\n".write(to: mainGo, atomically: true, encoding: .utf8)
        #expect(
            events.wait(for: "data: ./main.go:3:15: undefined: undefinedThing", timeout: 120),
            "no build-error event: \(events.text)\n\(dev.stderr)")
        #expect(events.text.contains("event: build-error"))
        #expect(Self.wasmName(in: try HTTPGet.body(port: dev.port, path: "/")) == changedWasm)
        #expect(try HTTPGet.status(port: dev.port, path: "/\(changedWasm)") == 200)

        // Fixed: another reload, a working page again.
        let reloadsBefore = events.count(of: "event: reload")
        try original.write(to: mainGo, atomically: true, encoding: .utf8)
        #expect(
            events.wait(timeout: 120) { $0.components(separatedBy: "event: reload").count - 1 > reloadsBefore },
            "no reload after the fix: \(events.text)")
        #expect(Self.wasmName(in: try HTTPGet.body(port: dev.port, path: "/")) == firstWasm, "same source, same hash")

        #expect(dev.terminate() == 0, "dev should exit 0 on SIGTERM")
    }

    @Test func aPackageThatDoesNotBuildYetIsAWaitingPageUntilItDoes() throws {
        try DistFixture.requireGo(.modern)
        let package = try Paths.temporaryDirectory("dev-waiting").appendingPathComponent("app")
        try FileManager.default.copyItem(at: DistFixture.package("broken"), to: package)

        let dev = try DevServer(package: package)
        defer { dev.stop() }
        let reported = dev.stderr(containing: "gowasm-serve: go build of")
        #expect(reported.contains("gowasm-serve: go build of"), "\(reported)")
        let waiting = try HTTPGet.body(port: dev.port, path: "/")
        #expect(waiting.contains("Waiting for the first good build"), "\(waiting)")
        #expect(waiting.contains("/_gowasm/live-reload.js"), "\(waiting)")

        // A page opening now gets the compiler's errors at once, for its overlay.
        let events = try EventStream(port: dev.port)
        defer { events.close() }
        #expect(events.wait(for: "event: build-error", timeout: 10), "\(events.text)")
        #expect(events.text.contains("main.go:5:14: cannot use"), "\(events.text)")
        // And Chromium draws them over the waiting page.
        let overlay = try LiveBrowser.waitUntilTruthy(
            url: "http://127.0.0.1:\(dev.port)/",
            expression: "document.getElementById('__gowasm_build_error')?.textContent")
        #expect(overlay.contains("Build failed"), "\(overlay)")
        #expect(overlay.contains("main.go:5:14: cannot use"), "\(overlay)")

        // Fixed: a reload, and the app's page with its hashed wasm.
        try "package main\n\nfunc main() { println(\"fixed\") }\n"
            .write(to: package.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
        #expect(
            events.wait(for: "event: reload", timeout: 120), "no reload after the fix: \(events.text)\n\(dev.stderr)")
        let page = try HTTPGet.body(port: dev.port, path: "/")
        let wasm = try #require(Self.wasmName(in: page), "\(page)")
        #expect(try HTTPGet.status(port: dev.port, path: "/\(wasm)") == 200)
        #expect(dev.terminate() == 0)
    }

    @Test func devRefusesAMissingPackageInOneLine() throws {
        let result = try ProcessRunner.gowasmServe(
            ["dev", "/nonexistent/package", "--port", "0", "--go", GoToolchain.modern.goBinary.path], timeout: 60)
        #expect(result.status == 1)
        #expect(result.stderrText.hasPrefix("gowasm-serve: "), "\(result.stderrText)")
        #expect(result.stderrText.split(separator: "\n").count == 1, "\(result.stderrText)")
    }

    static func wasmName(in page: String) -> String? {
        guard let range = page.range(of: "main\\.[0-9a-f]{16}\\.wasm", options: .regularExpression) else { return nil }
        return String(page[range])
    }
}

/// A subscriber to `/_gowasm/events` (over TestSupport's wire client), collecting everything the server
/// streams; waits are woken by each arrival.
final class EventStream: Sendable {
    private let connection: WireConnection
    private let received = ReceivedBytes()

    init(port: UInt16) throws {
        // The stream may stay silent for as long as a rebuild takes: reads wait up to 10 minutes.
        connection = try WireConnection(port: port, timeout: 600)
        try connection.send("GET /_gowasm/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        let connection = self.connection, received = self.received
        Thread.detachNewThread {
            while case let bytes = connection.receiveAvailable(), !bytes.isEmpty { received.append(Data(bytes)) }
        }
    }

    var text: String { received.text }
    func count(of needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func wait(for needle: String, timeout: TimeInterval) -> Bool {
        received.wait(for: needle, timeout: timeout).contains(needle)
    }

    func wait(timeout: TimeInterval, until condition: (String) -> Bool) -> Bool {
        condition(received.wait(timeout: timeout, until: condition))
    }

    func close() { connection.shutdown() }
}

/// One-shot GETs over TestSupport's wire client.
enum HTTPGet {
    static func body(port: UInt16, path: String) throws -> String {
        String(decoding: try WireConnection(port: port).request(path).body, as: UTF8.self)
    }

    static func status(port: UInt16, path: String) throws -> Int {
        try WireConnection(port: port).request(path).status
    }
}
