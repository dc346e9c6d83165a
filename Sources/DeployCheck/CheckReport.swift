import Compression
import InputSafety

/// One rule applied to one resource.
/// The rules `check` applies. The raw value is the rule's stable name in reports and JSON, and the first
/// column of docs/deploying.md's table (`CheckRuleTableTests` holds the two to each other).
public enum CheckRule: String, Codable, Sendable, CaseIterable {
    case wasmContentType = "wasm-content-type"
    case jsContentType = "js-content-type"
    case htmlContentType = "html-content-type"
    case compressionIdentity = "compression-identity"
    case compressionBr = "compression-br"
    case compressionGzip = "compression-gzip"
    case compression = "compression"
    case vary = "vary"
    case etagPerEncoding = "etag-per-encoding"
    case cacheHashed = "cache-hashed"
    case cacheUnhashed = "cache-unhashed"
    case cacheHtml = "cache-html"
    case sri = "sri"
    case sriCrossorigin = "sri-crossorigin"
    case sriGlue = "sri-glue"
    case glueAbi = "glue-abi"
    case nosniff = "nosniff"
    case revalidation = "revalidation"
    case glueFound = "glue-found"
    case wasmFound = "wasm-found"
    case scriptStatus = "script-status"
    case wasmStatus = "wasm-status"
    case hashedName = "hashed-name"
    case precompressedSibling = "precompressed-sibling"
    case manifest = "manifest"

    /// `compression-br`, `compression-gzip` or `compression-identity`.
    static func compression(_ coding: ContentCoding) -> CheckRule {
        switch coding {
        case .br: .compressionBr
        case .gzip: .compressionGzip
        case .identity: .compressionIdentity
        }
    }
}

public struct CheckResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pass, warn, fail
        public var symbol: String {
            switch self {
            case .pass: "✓"
            case .warn: "!"
            case .fail: "✗"
            }
        }
    }

    public var rule: CheckRule
    public var status: Status
    /// What was checked: a URL path or a file name.
    public var subject: String
    /// What was found.
    public var message: String
    /// How to fix it; absent when the check passed.
    public var fix: String?

    /// The rule's stable name, e.g. `wasm-content-type`.
    public var name: String { rule.rawValue }

    private enum CodingKeys: String, CodingKey {
        case rule = "name"
        case status, subject, message, fix
    }

    public init(_ rule: CheckRule, _ status: Status, _ subject: String, _ message: String, fix: String? = nil) {
        self.rule = rule
        self.status = status
        self.subject = subject
        self.message = message
        self.fix = status == .pass ? nil : fix
    }
}

/// All results of one `check` run. Encoded as the `--json` output.
public struct CheckReport: Codable, Sendable, Equatable {
    public var target: String
    public var results: [CheckResult]

    public struct Summary: Codable, Sendable, Equatable {
        public var passed: Int
        public var warnings: Int
        public var failed: Int
    }

    public var summary: Summary {
        Summary(
            passed: results.filter { $0.status == .pass }.count,
            warnings: results.filter { $0.status == .warn }.count,
            failed: results.filter { $0.status == .fail }.count)
    }

    public var failed: Bool { results.contains { $0.status == .fail } }

    public init(target: String, results: [CheckResult]) {
        self.target = target
        self.results = results
    }

    private enum CodingKeys: String, CodingKey { case target, results, summary }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(results, forKey: .results)
        try container.encode(summary, forKey: .summary)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        target = try container.decode(String.self, forKey: .target)
        results = try container.decode([CheckResult].self, forKey: .results)
    }

    /// The table: one line per result, the fix hint under each failure or warning, then the summary.
    public func table() -> String {
        let nameWidth = min(24, results.map(\.name.count).max() ?? 0)
        let subjectWidth = min(40, results.map(\.subject.count).max() ?? 0)
        var lines = ["check \(target)", ""]
        for result in results {
            let name = result.name.padding(toLength: max(nameWidth, result.name.count), withPad: " ", startingAt: 0)
            let subject = result.subject.padding(
                toLength: max(subjectWidth, result.subject.count), withPad: " ", startingAt: 0)
            lines.append("\(result.status.symbol) \(name)  \(subject)  \(result.message)")
            if let fix = result.fix { lines.append("    fix: \(fix)") }
        }
        let s = summary
        lines.append("")
        lines.append(
            "\(s.passed) passed, \(s.warnings) warnings, \(s.failed) failed" + (failed ? "" : " — deployment OK"))
        // Subjects and messages quote the remote server (header values, integrity attributes): a terminal
        // must not obey what it sent.
        return TerminalText.escaped(lines.joined(separator: "\n"))
    }
}
