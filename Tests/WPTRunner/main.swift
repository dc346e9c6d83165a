// wpt-runner: runs web-platform-tests in the page runtime pre-rendering uses (Prerender's TestPage), one
// bounded child process per file (RenderProcess's BoundedChild), so a hang or a crash costs one file only.
// Not part of the CLI: a test-support executable for Tests/WPTTests and docs/wpt.md.
//
//   wpt-runner [--wpt DIR] [--jobs N] [--json FILE] [--table FILE] [--expectations FILE]
//              [--update-expectations] [PATH ...]
//
// PATHs are files or directories inside the checkout (default: all of it). Exit status 1 when a failure is
// not in the expectations file (given with --expectations), 2 for a usage error.
import Foundation
import Prerender
import RenderProcess
import WPTSupport

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var wpt: URL?
    var jobs = 2
    var json: String?
    var table: String?
    var expectations: String?
    var update = false
    var paths: [String] = []
    var one: String?
}

func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wpt-runner: \(message)\n".utf8))
    exit(2)
}

func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var rest = arguments[...]
    func value(_ flag: String) -> String {
        guard let next = rest.popFirst() else { usage("\(flag) needs a value") }
        return next
    }
    while let argument = rest.popFirst() {
        switch argument {
        case "--wpt": options.wpt = URL(fileURLWithPath: value(argument))
        case "--jobs":
            guard let jobs = Int(value(argument)), (1...64).contains(jobs) else { usage("--jobs takes 1 to 64") }
            options.jobs = jobs
        case "--json": options.json = value(argument)
        case "--table": options.table = value(argument)
        case "--expectations": options.expectations = value(argument)
        case "--update-expectations": options.update = true
        case "--one": options.one = value(argument)
        case _ where argument.hasPrefix("--"): usage("unknown option \(argument.prefix(60))")
        default: options.paths.append(argument)
        }
    }
    return options
}

/// `<repo>/../shared/wpt` (CI's layout), or further up (a worktree), unless --wpt names it.
func defaultCheckout() -> URL? {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    for _ in 0..<3 {
        directory = directory.deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("shared/wpt")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("resources/testharness.js").path) {
            return candidate
        }
    }
    return nil
}

/// Text from a test page made safe for a terminal: control characters shown as escapes.
func printable(_ text: String) -> String {
    String(
        text.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7f || (0x80..<0xa0).contains($0.value)
                ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }.joined())
}

// MARK: The child: one file, its result as JSON on stdout.

func runOne(_ path: String, root: URL) -> Never {
    guard let test = WPTTest(path: path),
        let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
    else { usage("not a test file: \(path.prefix(200))") }
    let source = String(decoding: data, as: UTF8.self)
    let long = test.isLong(source: source)
    // The harness's own timeout (10 s, 60 s long) runs on the page's virtual clock; the budget lets it fire.
    let started = ContinuousClock.now
    let result: FileResult
    do {
        let run = try TestPage.run(
            html: test.page(source: source), url: test.pageURL, root: root,
            virtualTimeBudget: .seconds(long ? 65 : 15), wallClockLimit: .seconds(long ? 50 : 20))
        let elapsed =
            Int((ContinuousClock.now - started).components.seconds * 1000)
            + Int((ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)
        if let report = run.report,
            let decoded = FileResult.fromReport(path: path, report: Data(report.utf8), milliseconds: elapsed)
        {
            result = decoded
        } else {
            let tail = run.log.split(separator: "\n").suffix(3).joined(separator: " | ")
            result = FileResult(
                path: path, harness: .noResult,
                harnessMessage: "the loop ended (\(run.loopEnding)) without a report: \(tail)",
                subtests: [], milliseconds: elapsed)
        }
        FileHandle.standardError.write(Data(run.log.utf8))
    } catch {
        result = FileResult(path: path, harness: .noResult, harnessMessage: "\(error)", subtests: [], milliseconds: 0)
    }
    let encoder = JSONEncoder()
    FileHandle.standardOutput.write((try? encoder.encode(result)) ?? Data())
    exit(0)
}

// MARK: The parent: every file in a bounded child, `jobs` at a time.

final class Queue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    let tests: [WPTTest]
    private(set) var results: [FileResult?]

    init(_ tests: [WPTTest]) {
        self.tests = tests
        results = Array(repeating: nil, count: tests.count)
    }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < tests.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: FileResult) {
        lock.lock()
        results[index] = result
        let done = results.count { $0 != nil }
        lock.unlock()
        let mark = result.passed ? "ok  " : "FAIL"
        let passed = result.subtests.count { $0.status == .pass }
        print(
            "[\(done)/\(tests.count)] \(mark) \(printable(result.path)) \(passed)/\(result.subtests.count) \(result.harness.rawValue) \(result.milliseconds) ms"
        )
    }
}

/// A script stuck in JavaScript never returns to the loop that checks the wall clock: the child's deadline
/// (the page's wall budget and a margin) is what ends it.
func isLong(_ test: WPTTest, root: URL) -> Bool {
    guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(test.path).path) else {
        return false
    }
    return test.isLong(source: String(decoding: data, as: UTF8.self))
}

func runChild(_ test: WPTTest, root: URL, executable: String) -> FileResult {
    let child = BoundedChild(
        executable: executable, arguments: ["--one", test.path, "--wpt", root.path],
        deadline: .seconds(isLong(test, root: root) ? 60 : 25),
        memoryBudget: 2 << 30, maxOutput: 64 << 20)
    let started = ContinuousClock.now
    let crashed = { (why: String) in
        let elapsed = (ContinuousClock.now - started).components.seconds * 1000
        return FileResult(
            path: test.path, harness: .crash, harnessMessage: why, subtests: [], milliseconds: Int(elapsed))
    }
    let outcome: BoundedChild.Outcome
    do {
        outcome = try child.run()
    } catch {
        return crashed("\(error)")
    }
    guard outcome.ending == .exited(0),
        let result = try? JSONDecoder().decode(FileResult.self, from: Data(outcome.stdout))
    else {
        let stderr =
            String(decoding: outcome.stderr.suffix(300), as: UTF8.self).split(separator: "\n").last.map(String.init)
            ?? ""
        return crashed("\(outcome.ending): \(stderr)")
    }
    return result
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
guard let root = options.wpt ?? defaultCheckout() else { usage("no WPT checkout: pass --wpt DIR") }
guard FileManager.default.fileExists(atPath: root.appendingPathComponent("resources/testharness.js").path) else {
    usage("\(root.path.prefix(200)) has no resources/testharness.js")
}
if let one = options.one { runOne(one, root: root) }

let tests = WPTTest.discover(root: root, paths: options.paths.isEmpty ? [""] : options.paths)
guard !tests.isEmpty else { usage("no test files under \(options.paths.joined(separator: " ").prefix(200))") }
var expectations = Expectations(entries: [])
if let path = options.expectations, FileManager.default.fileExists(atPath: path) {
    do {
        expectations = try Expectations(parsing: String(contentsOfFile: path, encoding: .utf8))
    } catch {
        usage("\(path): \(error)")
    }
}
/// Every test in a bounded child, `jobs` at a time (threads, since a child's run blocks its thread).
func runAll(_ tests: [WPTTest], root: URL, executable: String, jobs: Int) -> [FileResult] {
    let queue = Queue(tests)
    let done = DispatchSemaphore(value: 0)
    let workers = min(jobs, tests.count)
    for _ in 0..<workers {
        let thread = Thread {
            while let index = queue.take() {
                queue.finish(index, runChild(queue.tests[index], root: root, executable: executable))
            }
            done.signal()
        }
        thread.start()
    }
    for _ in 0..<workers { done.wait() }
    return queue.results.compactMap { $0 }
}

let started = ContinuousClock.now
let results = runAll(
    tests, root: root,
    executable: Bundle.main.executablePath ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path,
    jobs: options.jobs)
let seconds = Double((ContinuousClock.now - started).components.seconds)

let table = WPTTable.markdown(results)
print("\n" + table)
print("\(results.count) files in \(Int(seconds)) s")
if let json = options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
        try encoder.encode(results).write(to: URL(fileURLWithPath: json))
    } catch {
        usage("cannot write \(json): \(error)")
    }
}
if let path = options.table {
    do {
        try table.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        usage("cannot write \(path): \(error)")
    }
}
if let path = options.expectations {
    if options.update {
        do {
            try expectations.updated(with: results).text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            usage("cannot write \(path): \(error)")
        }
        print("updated \(path)")
        exit(0)
    }
    let check = expectations.check(results)
    for pass in check.unexpectedPasses { print("unexpected pass: \(pass.file) :: \(printable(pass.subtest))") }
    for failure in check.unexpectedFailures {
        print(
            "UNEXPECTED \(failure.status): \(failure.file) :: \(printable(failure.subtest)) :: \(printable(String((failure.message ?? "").prefix(200))))"
        )
    }
    exit(check.unexpectedFailures.isEmpty ? 0 : 1)
}
