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
            node,
            ["--experimental-websocket", "--no-warnings", script.path, url, expression, String(Int(timeout * 1000))],
            timeout: timeout + 30)
        guard result.status == 0 else {
            throw EvaluationFailed(
                url: url, expression: expression,
                detail: "last value \(result.stdoutText) \(result.stderrText.suffix(600))")
        }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// One step of `run`: wait for an expression to be truthy, or act as a user (trusted input events).
    public enum Step: Sendable {
        case until(String)
        case type(selector: String, text: String)
        case click(selector: String)

        var json: Any {
            switch self {
            case .until(let expression): ["until": expression]
            case .type(let selector, let text): ["type": [selector, text]]
            case .click(let selector): ["click": selector]
            }
        }
    }

    public struct StepsFailed: Error, CustomStringConvertible {
        public let url: String
        public let detail: String
        public var description: String { "Chromium at \(url): a step never came true: \(detail)" }
    }

    /// Loads `url` and runs `steps` in order (Tests/Fixtures/browser/cdp-steps.mjs); returns the JSON text
    /// of the value each `until` step ended with. Each `until` waits up to `timeout`.
    public static func run(url: String, steps: [Step], timeout: TimeInterval = 30) throws -> [String] {
        let node = try requireTool("node")
        _ = try requireTool("chromium")
        let script = Paths.fixtures.appendingPathComponent("browser/cdp-steps.mjs")
        let stepsJSON = String(decoding: try JSONSerialization.data(withJSONObject: steps.map(\.json)), as: UTF8.self)
        let result = try ProcessRunner.run(
            node,
            ["--experimental-websocket", "--no-warnings", script.path, url, stepsJSON, String(Int(timeout * 1000))],
            timeout: timeout * Double(steps.count) + 60)
        guard result.status == 0,
            let values = try? JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [Any]
        else {
            throw StepsFailed(url: url, detail: "\(result.stdoutText.prefix(4000)) \(result.stderrText.suffix(600))")
        }
        return try values.map { value in
            String(
                decoding: try JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed), as: UTF8.self)
        }
    }
}
