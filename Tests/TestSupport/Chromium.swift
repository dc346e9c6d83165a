import Foundation

/// The reference: Debian's headless Chromium printing a page's DOM (`--dump-dom`).
public enum Chromium {
    public struct DumpFailed: Error, CustomStringConvertible {
        public let page: String
        public let detail: String
        public var description: String { "chromium --dump-dom \(page) failed: \(detail)" }
    }

    public static func binary() throws -> URL { try requireTool("chromium") }

    /// Dumps several pages, a few Chromium processes at a time (each with its own profile directory,
    /// so they do not contend for the profile lock). Returns the DOM text by file.
    public static func dumpDOM(of pages: [URL], concurrency: Int = 3) throws -> [URL: String] {
        let chromium = try binary()
        let results = LockedResults()
        let semaphore = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        for page in pages {
            semaphore.wait()
            group.enter()
            DispatchQueue.global().async {
                defer {
                    semaphore.signal()
                    group.leave()
                }
                results.record(page, Result { try dumpDOM(of: page, chromium: chromium) })
            }
        }
        group.wait()
        return try results.all.mapValues { try $0.get() }
    }

    public static func dumpDOM(of page: URL, chromium: URL, extraArguments: [String] = []) throws -> String {
        let profile = try Paths.temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ProcessRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(profile.path)",
            ] + extraArguments + ["--dump-dom", page.absoluteString],
            timeout: 90)
        guard result.status == 0, !result.timedOut, !result.stdout.isEmpty else {
            throw DumpFailed(page: page.path, detail: "status \(result.status): \(result.stderrText.suffix(500))")
        }
        return result.stdoutText
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [URL: Result<String, any Error>] = [:]

    func record(_ page: URL, _ result: Result<String, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        results[page] = result
    }

    var all: [URL: Result<String, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
