import Foundation

/// Headless Chromium driven over the DevTools protocol (Tests/Fixtures/browser/cdp-eval.mjs, run by node):
/// for what happens after the load event, which `--dump-dom` does not wait for.
public enum LiveBrowser {
    public struct EvaluationFailed: Error, CustomStringConvertible {
        public let url: String
        public let expression: String
        public let detail: String
        public var description: String { "Chromium at \(url): \(expression) never became truthy: \(detail)" }
    }

    /// Loads `url` and polls `expression` until it is truthy; returns its value as JSON text.
    public static func waitUntilTruthy(url: String, expression: String, timeout: TimeInterval = 20) throws -> String {
        let node = try requireTool("node")
        _ = try requireTool("chromium")
        let script = Paths.fixtures.appendingPathComponent("browser/cdp-eval.mjs")
        let result = try ProcessRunner.run(
            node, ["--experimental-websocket", "--no-warnings", script.path, url, expression, String(Int(timeout * 1000))],
            timeout: timeout + 30)
        guard result.status == 0 else {
            throw EvaluationFailed(
                url: url, expression: expression, detail: "last value \(result.stdoutText) \(result.stderrText.suffix(600))")
        }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
