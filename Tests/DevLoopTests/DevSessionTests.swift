import AssetPipeline
import DevLoop
import DevServing
import Dispatch
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// dev's build loop on its own: a real package built by a real Go into a temporary dist, its events taken
/// from LiveReload as a subscribed page takes them, its terminal lines as the session writes them. (`dev`
/// end to end, with a server and a browser, is AssetPipelineTests' DevLoopTests.)
@Suite(.serialized) struct DevSessionTests {
    /// What the session says on the terminal and what LiveReload sends a page, each waited for on a
    /// semaphore the writer signals, never by sleeping.
    final class Observed: HTTPStreamWriter {
        private let text = Mutex(("", [String]()))
        private let arrived = DispatchSemaphore(value: 0)

        var events: String { text.withLock { $0.0 } }
        var lines: [String] { text.withLock { $0.1 } }

        func log(_ line: String) {
            text.withLock { $0.1.append(line) }
            arrived.signal()
        }

        func write(_ bytes: [UInt8]) -> Bool {
            text.withLock { $0.0 += String(decoding: bytes, as: UTF8.self) }
            arrived.signal()
            return true
        }
        func finish() {}
        func abort() {}
        var isWritable: Bool { true }
        func whenWritable(_ resume: @escaping @Sendable () -> Void) { resume() }
        func onClientGone(_ gone: @escaping @Sendable () -> Void) {}

        /// Waits until `condition` holds (true), or two minutes pass with nothing new arriving (false).
        func wait(until condition: (Observed) -> Bool) -> Bool {
            while !condition(self) {
                guard arrived.wait(timeout: .now() + .seconds(120)) == .success else { return condition(self) }
            }
            return true
        }

        func count(of event: String) -> Int { events.components(separatedBy: "event: \(event)\n").count - 1 }
    }

    private let package: URL
    private let dist: URL
    private let observed = Observed()
    private let session: DevSession

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: GoToolchain.modern.goBinary.path) else {
            throw MissingTool("Go (modern) at \(GoToolchain.modern.goBinary.path)")
        }
        let workspace = try Paths.temporaryDirectory("dev-session")
        package = workspace.appendingPathComponent("app")
        dist = workspace.appendingPathComponent("dist")
        try FileManager.default.copyItem(at: Paths.fixtures.appendingPathComponent("build/app"), to: package)
        let observed = observed
        session = DevSession(
            options: BuildOptions(
                package: package, output: dist, goExecutable: GoToolchain.modern.goBinary.path, keepSymbols: true,
                precompress: false),
            liveReload: LiveReload(), log: { observed.log($0) }, compilerOutput: { _ in })
        // Subscribed as a page is, so the test sees exactly what pages see.
        guard case .stream(let subscribe) = session.liveReload.eventsResponse().body else {
            throw MissingTool("LiveReload's event stream")
        }
        subscribe(observed)
    }

    private func edit(_ source: String) throws {
        try source.write(to: package.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
    }

    private func wasmFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dist.path).filter { $0.hasSuffix(".wasm") }
    }

    @Test func anEditReloadsABreakShowsTheCompilerAndTheLastGoodDistStays() throws {
        defer { try? FileManager.default.removeItem(at: package.deletingLastPathComponent()) }
        try session.firstBuild()
        #expect(observed.lines.first?.hasPrefix("built ") == true, "\(observed.lines)")
        let firstWasm = try wasmFiles()
        #expect(firstWasm.count == 1, "\(firstWasm)")

        let original = try String(contentsOf: package.appendingPathComponent("main.go"), encoding: .utf8)
        try edit(original.replacingOccurrences(of: "gowasm-fixture-ran", with: "gowasm-fixture-changed"))
        session.rebuild()
        #expect(observed.wait { $0.count(of: "reload") == 1 }, "\(observed.events)\n\(observed.lines)")
        #expect(observed.lines.contains("change detected: rebuilding"))
        #expect(observed.lines.contains { $0.hasPrefix("rebuilt (") && $0.hasSuffix("files): reloading pages") })
        let changedWasm = try wasmFiles()
        #expect(changedWasm.count == 1 && changedWasm != firstWasm, "a new hashed wasm: \(changedWasm)")

        try edit("package main\n\nfunc main() { undefinedThing() }\n")
        session.rebuild()
        #expect(observed.wait { $0.count(of: "build-error") == 1 }, "\(observed.events)\n\(observed.lines)")
        #expect(observed.events.contains("undefined: undefinedThing"), "the compiler's own output on the page")
        #expect(observed.lines.contains { $0.hasPrefix("gowasm-serve: go build of") }, "\(observed.lines)")
        #expect(observed.count(of: "reload") == 1)
        #expect(try wasmFiles() == changedWasm, "the last good build is still served")

        try edit(original)
        session.rebuild()
        #expect(observed.wait { $0.count(of: "reload") == 2 }, "\(observed.events)\n\(observed.lines)")
        #expect(try wasmFiles() == firstWasm, "same source, same hash")
    }

    @Test func aFirstBuildThatFailsThrowsAndAFixableOneSaysSo() throws {
        defer { try? FileManager.default.removeItem(at: package.deletingLastPathComponent()) }
        try edit("package main\n\nfunc main() { undefinedThing() }\n")
        do throws(BuildError) {
            try session.firstBuild()
            Issue.record("a package that does not compile built")
        } catch {
            #expect(error.isFixableInSource, "\(error)")
            #expect(DevSession.overlayText(for: error).contains("undefined: undefinedThing"), "\(error)")
        }
        #expect(observed.lines.isEmpty, "nothing logged: the caller reports the first build's failure")
        #expect(observed.count(of: "build-error") == 0, "nor sent: the caller decides what pages see")
    }
}
