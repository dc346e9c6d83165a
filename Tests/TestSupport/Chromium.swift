import Foundation

/// The reference: Debian's headless Chromium printing a page's DOM (`--dump-dom`).
public enum Chromium {
    public struct DumpFailed: Error, CustomStringConvertible {
        public let page: String
        public let detail: String
        public var description: String { "chromium --dump-dom \(page) failed: \(detail)" }
    }

    public static func binary() throws -> URL { try requireTool("chromium") }

    /// The base64 SHA-256 of a PEM certificate's public key (SubjectPublicKeyInfo), computed by the `openssl`
    /// command: what `--ignore-certificate-errors-spki-list` takes to trust one test certificate and no other.
    public static func spkiHash(ofCertificate path: String) throws -> String {
        _ = try requireTool("openssl")
        let script =
            "openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64"
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", path], timeout: 30)
        let hash = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, hash.count == 44 else {
            throw DumpFailed(page: path, detail: "no SPKI hash: \(result.stderrText)")
        }
        return hash
    }

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
