import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The known failures of the WPT subset, like jsdom's `to-run.yaml`: one line per entry, sorted, so merges
/// touch separate lines:
///
///     FILE <TAB> SUBTEST <TAB> REASON
///
/// - FILE is a path inside the checkout; `*` in it matches any characters (`encoding/legacy-mb-*`).
/// - SUBTEST is a subtest's name, escaped (`\\`, `\t`, `\n`, `\r`, `\u{HEX}` for other control characters);
///   `*` alone means every subtest of the file and its harness status; `(harness)` is the harness status
///   (ERROR, TIMEOUT, CRASH, NO_RESULT); a name that is a lone star is written `\*`.
/// - REASON is one line saying why (revision skew, missing helper, missing feature).
/// Lines starting with `#` and blank lines are comments; regenerating keeps only the header.
package struct Expectations: Sendable, Equatable {
    package struct Entry: Sendable, Hashable, Comparable {
        package var file: String
        /// The subtest's name, unescaped; `nil` for "every subtest".
        package var subtest: String?
        package var reason: String

        package init(file: String, subtest: String?, reason: String) {
            self.file = file
            self.subtest = subtest
            self.reason = reason
        }

        package func matches(file path: String, subtest name: String) -> Bool {
            guard Expectations.glob(file, matches: path) else { return false }
            return subtest == nil || subtest == name
        }

        var line: String { "\(file)\t\(subtest.map(Expectations.escape) ?? "*")\t\(reason)" }

        package static func < (a: Entry, b: Entry) -> Bool { (a.file, a.line) < (b.file, b.line) }
    }

    package struct ParseError: Error, CustomStringConvertible, Sendable {
        package let line: Int
        package let problem: String
        package var description: String { "expectations line \(line): \(problem)" }
    }

    package var entries: [Entry]

    package init(entries: [Entry]) { self.entries = entries.sorted() }

    package init(parsing text: String) throws(ParseError) {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw ParseError(line: index + 1, problem: "expected FILE<TAB>SUBTEST<TAB>REASON")
            }
            let reason = fields[2].trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else { throw ParseError(line: index + 1, problem: "no reason given") }
            let subtest: String?
            if fields[1] == "*" {
                subtest = nil
            } else {
                do {
                    subtest = try Self.unescape(String(fields[1]))
                } catch {
                    throw ParseError(line: index + 1, problem: "bad escape in the subtest's name")
                }
            }
            entries.append(Entry(file: String(fields[0]), subtest: subtest, reason: reason))
        }
        self.init(entries: entries)
    }

    static let header = """
        # Known failures of the WPT subset (Tests/WPTRunner, docs/wpt.md). One entry per line, sorted:
        # FILE<TAB>SUBTEST<TAB>REASON. `*` in FILE matches anything; SUBTEST `*` is the whole file; `(harness)`
        # is the harness status. Regenerate with `wpt-runner --update-expectations` (reasons are kept).

        """

    package var text: String { Self.header + entries.sorted().map { $0.line + "\n" }.joined() }

    package func entry(file: String, subtest: String) -> Entry? {
        // An exact entry wins over a pattern, so its reason is the one reported.
        entries.first { $0.subtest == subtest && $0.file == file && $0.matches(file: file, subtest: subtest) }
            ?? entries.first { $0.matches(file: file, subtest: subtest) }
    }

    /// What a run says against the expectations.
    package struct Check: Sendable {
        /// Failures no entry lists: what makes the WPT test fail.
        package var unexpectedFailures: [(file: String, subtest: String, status: String, message: String?)] = []
        /// Subtests (or harness statuses) listed by an exact entry that now pass: reported only.
        package var unexpectedPasses: [(file: String, subtest: String)] = []
    }

    package func check(_ results: [FileResult]) -> Check {
        var check = Check()
        for result in results {
            for failure in result.failures where entry(file: result.path, subtest: failure.name) == nil {
                check.unexpectedFailures.append((result.path, failure.name, failure.status, failure.message))
            }
            let failing = Set(result.failures.map(\.name))
            for entry in entries where entry.file == result.path {
                guard let name = entry.subtest, !failing.contains(name) else { continue }
                if name == FileResult.harnessName || result.subtests.contains(where: { $0.name == name }) {
                    check.unexpectedPasses.append((result.path, name))
                }
            }
        }
        return check
    }

    /// The expectations after `results`: for the files that ran, every failure keeps the entry (exact or
    /// pattern) that lists it, with its reason, or gets a new entry whose reason is the failure's message;
    /// entries that list nothing any more are dropped. Entries for files that did not run stay as they are.
    package func updated(with results: [FileResult]) -> Expectations {
        let ran = Set(results.map(\.path))
        var kept: Set<Entry> = []
        for entry in entries {
            let patternCoversRun = entry.file.contains("*") && ran.contains { Self.glob(entry.file, matches: $0) }
            if !ran.contains(entry.file) && !patternCoversRun { kept.insert(entry) }
        }
        for result in results {
            for failure in result.failures {
                if let existing = entry(file: result.path, subtest: failure.name) {
                    kept.insert(existing)
                } else {
                    kept.insert(
                        Entry(
                            file: result.path, subtest: failure.name,
                            reason: Self.reason(status: failure.status, message: failure.message)))
                }
            }
        }
        return Expectations(entries: Array(kept))
    }

    /// A first reason for a new failure, from what the harness said (to be edited into a real one).
    static func reason(status: String, message: String?) -> String {
        let first = (message ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let cleaned = String(first.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init))
        let text = cleaned.count > 120 ? String(cleaned.prefix(117)) + "..." : cleaned
        return text.isEmpty ? status : "\(status): \(text)"
    }

    static func glob(_ pattern: String, matches path: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") || pattern.contains("[") else { return pattern == path }
        return fnmatch(pattern, path, 0) == 0
    }

    static func escape(_ name: String) -> String {
        if name == "*" { return "\\*" }
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7f || scalar.value == 0x2028 || scalar.value == 0x2029
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    struct BadEscape: Error {}

    static func unescape(_ text: String) throws(BadEscape) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else { out.append(scalar); continue }
            switch scalars.next() {
            case "\\": out.append("\\")
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "*": out.append("*")
            case "u":
                guard scalars.next() == "{" else { throw BadEscape() }
                var hex = ""
                while let digit = scalars.next(), digit != "}" { hex.unicodeScalars.append(digit) }
                guard hex.count <= 6, let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                    throw BadEscape()
                }
                out.append(decoded)
            default: throw BadEscape()
            }
        }
        return String(out)
    }
}
