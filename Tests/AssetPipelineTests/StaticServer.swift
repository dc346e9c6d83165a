import Foundation
import TestSupport

/// Serves a dist for a browser: our own `gowasm-serve serve` when the wasm MIME type is right (what users
/// deploy), or python3's http.server with a MIME type the test chooses, to serve the wasm wrongly
/// (`application/octet-stream`) on purpose.
final class StaticServer {
    let port: UInt16
    private let process: Process

    init(root: URL, wasmType: String = "application/wasm") throws {
        port = try Network.freePort()
        process = Process()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if wasmType == "application/wasm" {
            process.executableURL = Paths.executable
            // No start-up precompression: brotli 11 over the whole dist would compete with Chromium's wasm
            // compilation for the two cores and make the dump race the app's start.
            process.arguments = [
                "serve", root.path, "--host", "127.0.0.1", "--port", String(port), "--quiet", "--no-precompress",
            ]
        } else {
            process.executableURL = try requireTool("python3")
            process.arguments = ["-c", Self.pythonServer, String(port), root.path, wasmType]
        }
        try process.run()
        try waitUntilListening()
    }

    private static let pythonServer = """
        import functools, http.server, sys
        port, root, wasm_type = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": wasm_type}
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
        server.serve_forever()
        """

    var url: String { "http://127.0.0.1:\(port)/" }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    private func waitUntilListening() throws {
        guard Network.waitUntilAccepting(port: port, timeout: 15, while: { process.isRunning }) else {
            stop()
            throw MissingTool("a static server on port \(port)", hint: "it did not start listening")
        }
    }
}

/// Headless Chromium: loads a page, lets its wasm run, returns the serialized DOM.
enum Browser {
    /// `--virtual-time-budget` does not wait for wasm compilation (it runs off the main thread), so on a
    /// busy machine a dump can still show the page before the app started. Such a still-loading dump
    /// (neither `settled` nor an error) is retried, after a pause that lets background work (the server's
    /// brotli upgrade of the wasm) finish; any settled or error page is returned at once.
    static func dumpSettledDOM(_ url: String, settled: (String) -> Bool, attempts: Int = 6) throws -> String {
        var dom = ""
        for attempt in 0..<attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: 2) }
            dom = try dumpDOM(url)
            if settled(dom) || dom.contains(shownLoadError) { return dom }
        }
        return dom
    }

    /// The loader's error box once it shows an error (the `hidden` attribute gone, the message in it).
    static let shownLoadError = "<div id=\"gowasm-load-error\" role=\"alert\">Could not start the app: "

    static func dumpDOM(_ url: String) throws -> String {
        let chromium = try requireTool("chromium")
        let profile = try Paths.temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ProcessRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                "--virtual-time-budget=5000", "--dump-dom", url,
            ], timeout: 120)
        guard result.status == 0, !result.timedOut else {
            throw BrowserFailed(url: url, detail: "exit \(result.status), timed out: \(result.timedOut)\n\(result.stderrText)")
        }
        return result.stdoutText
    }
}

struct BrowserFailed: Error, CustomStringConvertible {
    let url: String
    let detail: String
    var description: String { "chromium could not load \(url): \(detail)" }
}
