import Compression
import Foundation
import TestSupport
import Testing

/// `serve --prerender` as a real server: the render child's browser surface, its process sandbox (limits,
/// empty environment, death with the server), the route the server matched, and the render rate.
@Suite(.serialized)
struct ServeSandboxTests {
    private func text(_ response: WireResponse) throws -> String {
        let coding = response.header("Content-Encoding").flatMap(ContentCoding.init(rawValue:)) ?? .identity
        return String(decoding: try coding.decode(response.body), as: UTF8.self)
    }

    private func prerenderLines(_ server: ServerProcess, _ route: String) -> [String] {
        server.stderrLines(prefix: "prerender \(route): ")
    }

    @Test(arguments: [GoToolchain.modern, .go119])
    func aRenderOnRequestHasOnlyTheBrowsersPowers(_ toolchain: GoToolchain) throws {
        let dist = try SandboxTests.dist(toolchain)
        defer { try? FileManager.default.removeItem(at: dist.deletingLastPathComponent()) }
        try? FileManager.default.removeItem(atPath: SandboxTests.probeFile)
        let server = try ServerProcess([
            "serve", dist.path, "--spa", "--prerender", "--no-precompress", "--prerender-budget", "20",
        ])
        defer { _ = server.stop() }
        let page = try text(WireConnection(port: server.port).request("/", headers: ["Accept-Encoding": "identity"]))
        #expect(
            prerenderLines(server, "/").first?.hasPrefix("prerender /: rendered in") == true, "\(server.stderrText)")
        SandboxTests.expectBrowsersAnswers(in: page)
        #expect(!FileManager.default.fileExists(atPath: SandboxTests.probeFile))
    }

    /// The server matches `/%61bout/` to about/index.html; the child renders that page (not the root page it
    /// would find by re-reading the raw route), and every spelling of the route shares the one rendering.
    @Test func everySpellingOfARouteGetsTheRenderingOfThePageTheServerMatched() throws {
        let base = try Paths.temporaryDirectory("serve-route")
        defer { try? FileManager.default.removeItem(at: base) }
        let dist = base.appendingPathComponent("dist")
        try FileManager.default.copyItem(at: try PrerenderFixture.dist("data"), to: dist)
        let index = try String(contentsOf: dist.appendingPathComponent("index.html"), encoding: .utf8)
        try FileManager.default.createDirectory(
            at: dist.appendingPathComponent("about"), withIntermediateDirectories: true)
        try Data(index.replacingOccurrences(of: "<body class=\"shop\">", with: "<body class=\"shop about-page\">").utf8)
            .write(to: dist.appendingPathComponent("about/index.html"))
        let server = try ServerProcess([
            "serve", dist.path, "--spa", "--prerender", "--no-precompress", "--prerender-budget", "20",
        ])
        defer { _ = server.stop() }
        let connection = try WireConnection(port: server.port)
        for spelling in ["/%61bout/", "//about/", "/about/"] {
            let page = try text(connection.request(spelling, headers: ["Accept-Encoding": "identity"]))
            #expect(page.contains("<body class=\"shop about-page\">"), "\(spelling): \(page)")
            #expect(page.contains("About Gopher"), "\(spelling): \(page)")
        }
        #expect(prerenderLines(server, "/about/").first?.hasPrefix("prerender /about/: rendered in") == true)
        #expect(server.stderrLines.filter { $0.hasPrefix("prerender ") }.count == 1, "\(server.stderrText)")
    }

    @Test func newRendersBeyondTheRateAreServedPlain() throws {
        let dist = try PrerenderFixture.dist("faulty")
        let server = try ServerProcess([
            "serve", dist.path, "--spa", "--prerender", "--no-precompress", "--prerender-rate", "2",
        ])
        defer { _ = server.stop() }
        let connection = try WireConnection(port: server.port)
        for route in ["/r1", "/r2"] {
            #expect(try text(connection.request(route)).contains(">fine</div>"), "\(server.stderrText)")
        }
        let plain = try connection.request("/r3", headers: ["Accept-Encoding": "identity"])
        #expect(Data(plain.body) == (try Data(contentsOf: dist.appendingPathComponent("index.html"))))
        #expect(prerenderLines(server, "/r3") == ["prerender /r3: more than 2 renders a minute; served the plain page"])
    }

    /// While a render spins, its process is inspected from outside: the limits it put on itself and its
    /// empty environment. (The spin ends at the instruction limit, so the process is looked at quickly.)
    @Test func theRenderProcessRunsUnderItsLimits() throws {
        let dist = try PrerenderFixture.dist("faulty")
        let server = try ServerProcess([
            "serve", dist.path, "--spa", "--prerender", "--no-precompress", "--prerender-budget", "60",
        ])
        defer { _ = server.stop() }
        let spinning = try WireConnection(port: server.port)
        try spinning.send("GET /spin HTTP/1.1\r\nHost: localhost\r\n\r\n")

        var child: Int32?
        var limits = ""
        var environment: Data?
        for _ in 0..<2000 {
            if let found = ProcessTree.children(of: server.process.processIdentifier).first {
                child = found
                limits = (try? String(contentsOfFile: "/proc/\(found)/limits", encoding: .utf8)) ?? ""
                if Self.limit("Max open files", in: limits) == "64" {
                    environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(found)/environ"))
                    break
                }
            }
            usleep(2_000)
        }
        _ = try #require(child, "no render process appeared: \(server.stderrText)")
        #expect(Self.limit("Max open files", in: limits) == "64", "\(limits)")
        #expect(Self.limit("Max file size", in: limits) == "0")
        #expect(Self.limit("Max core file size", in: limits) == "0")
        #expect(Self.limit("Max processes", in: limits).flatMap { Int($0) } != nil, "\(limits)")
        #expect(environment == Data(), "\(String(decoding: environment ?? Data(), as: UTF8.self))")
    }

    /// A render child whose parent is killed goes with it (`PR_SET_PDEATHSIG`); without the sandbox it
    /// would live on, which the same test shows first, so the check can fail.
    @Test func aRenderChildDiesWithItsParent() throws {
        let dist = try PrerenderFixture.dist("faulty")
        func startUnderShell(sandboxed: Bool) throws -> (shell: Process, child: Int32) {
            // The shell is the parent; `$$` is its pid. No instruction limit: the spin lasts until killed.
            let sandbox = #"{"coreSize":0,"extraTasks":32,"fileSize":0,"openFiles":64,"parent":'"$$"'}"#
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = [
                "-c",
                #""$0" prerender "$1" --route /spin --stdout --instruction-limit 0 --timeout 60 "#
                    + (sandboxed ? "--render-child '\(sandbox)' " : "") + "> /dev/null 2>&1 3>&1 & wait",
                Paths.executable.path, dist.path,
            ]
            try shell.run()
            var child: Int32?
            for _ in 0..<500 where child == nil {
                child = ProcessTree.children(of: shell.processIdentifier).first
                usleep(10_000)
            }
            return (shell, try #require(child))
        }
        func isRunning(_ pid: Int32, afterKilling shell: Process) -> Bool {
            // Not `waitUntilExit()`: Foundation's watch on the shell lasts as long as the orphan does.
            kill(shell.processIdentifier, SIGKILL)
            for _ in 0..<300 where ProcessTree.isRunning(pid) { usleep(10_000) }
            return ProcessTree.isRunning(pid)
        }

        let unsandboxed = try startUnderShell(sandboxed: false)
        defer { kill(unsandboxed.child, SIGKILL) }
        #expect(isRunning(unsandboxed.child, afterKilling: unsandboxed.shell), "an orphan lives on by default")

        let sandboxed = try startUnderShell(sandboxed: true)
        defer { kill(sandboxed.child, SIGKILL) }
        usleep(300_000)  // past the sandbox set-up, into the spin
        #expect(ProcessTree.isRunning(sandboxed.child), "the sandboxed render started")
        #expect(!isRunning(sandboxed.child, afterKilling: sandboxed.shell), "the render outlived its parent")
    }

    /// The soft and hard value of a line of /proc/PID/limits, when both are the same.
    private static func limit(_ name: String, in limits: String) -> String? {
        guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") }) else { return nil }
        let values = line.dropFirst(name.count).split(separator: " ", omittingEmptySubsequences: true)
        guard values.count >= 2, values[0] == values[1] else { return nil }
        return String(values[0])
    }
}
