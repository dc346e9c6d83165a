import Foundation
import TestSupport

/// Serves a dist for a browser: our own `gowasm-serve serve` when the wasm MIME type is right (what users
/// deploy), or python3's http.server with a MIME type the test chooses, to serve the wasm wrongly
/// (`application/octet-stream`) on purpose.
public final class StaticServer {
    public let port: UInt16
    private let process: Process

    /// `singlePageApp`: unknown extensionless paths get `/index.html` (`serve --spa`, for apps that route).
    public init(root: URL, wasmType: String = "application/wasm", singlePageApp: Bool = false) throws {
        port = try Network.freePort()
        process = Process()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if wasmType == "application/wasm" {
            process.executableURL = Paths.executable
            // No start-up precompression: brotli 11 over the whole dist would compete with Chromium's wasm
            // compilation for the two cores and make the dump race the app's start.
            process.arguments =
                [
                    "serve", root.path, "--host", "127.0.0.1", "--port", String(port), "--quiet", "--no-precompress",
                ] + (singlePageApp ? ["--spa"] : [])
        } else {
            process.executableURL = try requireTool("python3")
            process.arguments = ["-c", Self.pythonServer, String(port), root.path, wasmType]
        }
        try process.run()
        try waitUntilListening()
    }

    private static let pythonServer = """
        import functools, http.server, signal, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])  # the spawning thread's blocked signals are inherited
        port, root, wasm_type = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": wasm_type}
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
        server.serve_forever()
        """

    public var url: String { "http://127.0.0.1:\(port)/" }

    /// SIGTERM, then SIGKILL: a child spawned from a thread that blocks SIGTERM (Swift Testing runs tests on
    /// Dispatch's pool threads, which block it) inherits the block and would never end.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
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
public enum Browser {
    /// The page's DOM once the app has rendered: every `required` text is in it and no `forbidden` one
    /// (or the loader shows an error). `--virtual-time-budget` does not wait for wasm compilation (it runs
    /// off the main thread), so this watches the live page over the DevTools protocol instead, in real time.
    /// The text is what `--dump-dom` prints: the doctype, a newline, `document.documentElement.outerHTML`.
    public static func dumpSettledDOM(
        _ url: String, requiring required: [String], forbidding forbidden: [String] = [], timeout: TimeInterval = 60
    ) throws -> String {
        let encoded = { (texts: [String]) in
            String(decoding: (try? JSONEncoder().encode(texts)) ?? Data("[]".utf8), as: UTF8.self)
        }
        let expression = """
            (() => {
              if (document.readyState !== "complete") return "";
              const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\\n" : "";
              const html = doctype + document.documentElement.outerHTML;
              if (\(encoded([shownLoadError])).some((text) => html.includes(text))) return html;
              const settled = \(encoded(required)).every((text) => html.includes(text))
                && !\(encoded(forbidden)).some((text) => html.includes(text));
              return settled ? html : "";
            })()
            """
        do {
            let json = try LiveBrowser.waitUntilTruthy(url: url, expression: expression, timeout: timeout)
            guard
                let html = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
                    as? String
            else { throw BrowserFailed(url: url, detail: "not a string: \(json.prefix(200))") }
            return html
        } catch let failure as LiveBrowser.EvaluationFailed {
            // Show what the page had come to, for the test's failure message.
            let dump = (try? dumpDOM(url)) ?? "(no dump)"
            throw BrowserFailed(url: url, detail: "never settled (\(failure.detail.prefix(300))); --dump-dom:\n\(dump)")
        }
    }

    /// The loader's error box once it shows an error (the `hidden` attribute gone, the message in it).
    public static let shownLoadError = "<div id=\"gowasm-load-error\" role=\"alert\">Could not start the app: "

    public static func dumpDOM(_ url: String) throws -> String {
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
            throw BrowserFailed(
                url: url, detail: "exit \(result.status), timed out: \(result.timedOut)\n\(result.stderrText)")
        }
        return result.stdoutText
    }
}

public struct BrowserFailed: Error, CustomStringConvertible {
    public let url: String
    public let detail: String
    public var description: String { "chromium could not load \(url): \(detail)" }
}
