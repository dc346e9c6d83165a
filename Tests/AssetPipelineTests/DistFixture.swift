import Foundation
import Hashing
import TestSupport
import Testing

/// Builds fixture packages with the real `gowasm-serve build` and the real Go toolchains, once per
/// (fixture, toolchain) for the whole test run.
enum DistFixture {
    static let fixtures = Paths.fixtures.appendingPathComponent("build")

    struct Built: Sendable {
        let dist: URL
        let result: ProcessResult
    }

    private static let cache = Locked<[String: Built]>([:])

    static func package(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    /// A build of `fixture` with `toolchain`, shared between tests (tests must not modify it: copy first).
    static func shared(_ fixture: String, _ toolchain: GoToolchain) throws -> Built {
        let key = "\(fixture)-\(toolchain.rawValue)"
        if let built = cache.withLock({ $0[key] }) { return built }
        let dist = try Paths.temporaryDirectory("dist-\(key)").appendingPathComponent("dist")
        let result = try build(fixture, toolchain, into: dist)
        #expect(result.status == 0, "build failed:\n\(result.stderrText)")
        let built = Built(dist: dist, result: result)
        cache.withLock { $0[key] = built }
        return built
    }

    static func build(_ fixture: String, _ toolchain: GoToolchain, into dist: URL, extra: [String] = [])
        throws -> ProcessResult
    {
        try requireGo(toolchain)
        return try ProcessRunner.gowasmServe(
            ["build", package(fixture).path, "-o", dist.path, "--go", toolchain.goBinary.path] + extra, timeout: 300)
    }

    static func requireGo(_ toolchain: GoToolchain) throws {
        guard FileManager.default.isExecutableFile(atPath: toolchain.goBinary.path) else {
            throw MissingTool("Go (\(toolchain.rawValue)) at \(toolchain.goBinary.path)")
        }
    }

    /// Every regular file under `directory` with its SHA-256, to prove a failed build changed nothing.
    static func snapshot(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard !url.hasDirectoryPath else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count))
            files[relative] = SHA2.sha256.hash(try Data(contentsOf: url)).hexString
        }
        return files
    }
}

/// Independent digests (swift-crypto here, not the pipeline's own code).
enum Digest {
    static func sha256Prefix(_ data: Data) -> String {
        SHA2.sha256.hash(data).prefix(8).hexString
    }
    static func sri384(_ data: Data) -> String { "sha384-" + Data(SHA2.sha384.hash(data)).base64EncodedString() }
}

/// A lock around a value (tests run on several threads in XCTest's harness).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
