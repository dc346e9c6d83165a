import Foundation

/// testharness.js's statuses (`Test.statuses`, `TestsStatus.statuses`), plus what the runner itself sees when
/// a file never reports: it crashed, or the harness never completed within the budgets.
package enum SubtestStatus: String, Codable, Sendable {
    case pass = "PASS", fail = "FAIL", timeout = "TIMEOUT", notRun = "NOTRUN", preconditionFailed =
        "PRECONDITION_FAILED"

    package init(harnessCode: Int) {
        switch harnessCode {
        case 0: self = .pass
        case 2: self = .timeout
        case 3: self = .notRun
        case 4: self = .preconditionFailed
        default: self = .fail
        }
    }
}

package enum HarnessStatus: String, Codable, Sendable {
    case ok = "OK", error = "ERROR", timeout = "TIMEOUT", preconditionFailed = "PRECONDITION_FAILED"
    /// The child process died or was killed (deadline, memory).
    case crash = "CRASH"
    /// The page ran to its end without testharness reporting completion.
    case noResult = "NO_RESULT"

    package init(harnessCode: Int) {
        switch harnessCode {
        case 0: self = .ok
        case 2: self = .timeout
        case 3: self = .preconditionFailed
        default: self = .error
        }
    }
}

package struct SubtestResult: Codable, Sendable, Equatable {
    package var name: String
    package var status: SubtestStatus
    package var message: String?

    package init(name: String, status: SubtestStatus, message: String?) {
        self.name = name
        self.status = status
        self.message = message
    }
}

/// One file's results.
package struct FileResult: Codable, Sendable {
    package var path: String
    package var harness: HarnessStatus
    package var harnessMessage: String?
    package var subtests: [SubtestResult]
    /// Wall time of the file's run, in milliseconds.
    package var milliseconds: Int

    package init(
        path: String, harness: HarnessStatus, harnessMessage: String?, subtests: [SubtestResult], milliseconds: Int
    ) {
        self.path = path
        self.harness = harness
        self.harnessMessage = harnessMessage
        self.subtests = subtests
        self.milliseconds = milliseconds
    }

    /// The name under which a harness status other than OK is listed (it is not a subtest's name WPT uses).
    package static let harnessName = "(harness)"

    /// Every failure of the file as (subtest name, status, message), the harness's first.
    package var failures: [(name: String, status: String, message: String?)] {
        var result: [(String, String, String?)] = []
        if harness != .ok { result.append((Self.harnessName, harness.rawValue, harnessMessage)) }
        for subtest in subtests where subtest.status != .pass {
            result.append((subtest.name, subtest.status.rawValue, subtest.message))
        }
        return result
    }

    package var passed: Bool { harness == .ok && subtests.allSatisfy { $0.status == .pass } }

    /// Decodes testharness's completion report (the JSON `TestPage` hands back).
    package static func fromReport(path: String, report: Data, milliseconds: Int) -> FileResult? {
        struct Report: Decodable {
            struct Test: Decodable { var name: String; var status: Int; var message: String? }
            var status: Int
            var message: String?
            var tests: [Test]
        }
        guard let decoded = try? JSONDecoder().decode(Report.self, from: report) else { return nil }
        return FileResult(
            path: path, harness: HarnessStatus(harnessCode: decoded.status), harnessMessage: decoded.message,
            subtests: decoded.tests.map {
                SubtestResult(name: $0.name, status: SubtestStatus(harnessCode: $0.status), message: $0.message)
            },
            milliseconds: milliseconds)
    }
}

/// The per-directory table: files passed/total and subtests passed/total.
package enum WPTTable {
    package struct Row: Sendable, Equatable {
        package var directory: String
        package var filesPassed = 0, files = 0, subtestsPassed = 0, subtests = 0
    }

    package static func rows(_ results: [FileResult]) -> [Row] {
        var rows: [String: Row] = [:]
        for result in results {
            let directory = result.path.split(separator: "/").dropLast().joined(separator: "/")
            var row = rows[directory] ?? Row(directory: directory)
            row.files += 1
            if result.passed { row.filesPassed += 1 }
            row.subtests += result.subtests.count
            row.subtestsPassed += result.subtests.filter { $0.status == .pass }.count
            rows[directory] = row
        }
        return rows.values.sorted { $0.directory < $1.directory }
    }

    package static func markdown(_ results: [FileResult]) -> String {
        let rows = rows(results)
        var text = "| directory | files passed | subtests passed |\n|---|---:|---:|\n"
        var total = Row(directory: "total")
        for row in rows + [] {
            text += "| `\(row.directory)` | \(row.filesPassed)/\(row.files) | \(row.subtestsPassed)/\(row.subtests) |\n"
            total.files += row.files
            total.filesPassed += row.filesPassed
            total.subtests += row.subtests
            total.subtestsPassed += row.subtestsPassed
        }
        text += "| **total** | \(total.filesPassed)/\(total.files) | \(total.subtestsPassed)/\(total.subtests) |\n"
        return text
    }
}
