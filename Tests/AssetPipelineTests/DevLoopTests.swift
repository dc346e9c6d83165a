import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gowasm-serve dev` end to end: a real server, real rebuilds, the real Server-Sent Events stream.
@Suite(.serialized) final class DevLoopTests {
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

/// A raw subscriber to `/_gowasm/events`, collecting everything the server streams.
final class EventStream: @unchecked Sendable {
    private let fd: Int32
    private let received = ReceivedBytes()

    init(port: UInt16) throws {
        fd = try HTTPGet.connect(port: port)
        let request = "GET /_gowasm/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        let socket = fd, received = self.received
        Thread.detachNewThread {
            let fd = socket
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &chunk, chunk.count, 0)
                if count <= 0 { break }
                received.append(Data(chunk[0..<count]))
            }
        }
    }

    var text: String { received.text }
    func count(of needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func wait(for needle: String, timeout: TimeInterval) -> Bool { wait(timeout: timeout) { $0.contains(needle) } }

    func wait(timeout: TimeInterval, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(text) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition(text)
    }

    func close() { shutdown(fd, Int32(SHUT_RDWR)) }
}

/// One-shot HTTP/1.1 GETs over a plain socket (`Connection: close`, read to EOF).
enum HTTPGet {
    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, connected == 0 else {
            if fd >= 0 { close(fd) }
            throw POSIXError(.ECONNREFUSED)
        }
        return fd
    }

    static func response(port: UInt16, path: String) throws -> String {
        let fd = try connect(port: port)
        defer { close(fd) }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func body(port: UInt16, path: String) throws -> String {
        let text = try response(port: port, path: path)
        guard let split = text.range(of: "\r\n\r\n") else { return text }
        return String(text[split.upperBound...])
    }

    static func status(port: UInt16, path: String) throws -> Int? {
        let text = try response(port: port, path: path)
        return text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }
}
