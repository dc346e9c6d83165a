import Foundation
import TestSupport

/// Builds the Go apps under Tests/Fixtures/prerender with the real `gowasm-serve build` and the real Go
/// toolchains, once per (fixture, toolchain) for the whole run; tests must not modify the dists.
enum PrerenderFixture {
    static let root = Paths.fixtures.appendingPathComponent("prerender")

    private static let lock = NSLock()
    nonisolated(unsafe) private static var dists: [String: URL] = [:]
    nonisolated(unsafe) private static var plainDumps: [String: String] = [:]

    struct BuildFailed: Error, CustomStringConvertible {
        let description: String
    }

    static func dist(_ fixture: String, _ toolchain: GoToolchain = .modern) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        let key = "\(fixture)-\(toolchain.rawValue)"
        if let dist = dists[key] { return dist }
        guard FileManager.default.isExecutableFile(atPath: toolchain.goBinary.path) else {
            throw MissingTool("Go (\(toolchain.rawValue)) at \(toolchain.goBinary.path)")
        }
        let dist = try Paths.temporaryDirectory("prerender-\(key)").appendingPathComponent("dist")
        let result = try ProcessRunner.gowasmServe(
            ["build", root.appendingPathComponent(fixture).path, "-o", dist.path, "--go", toolchain.goBinary.path],
            timeout: 600)
        guard result.status == 0 else {
            throw BuildFailed(description: "build of \(fixture) failed:\n\(result.stderrText)")
        }
        dists[key] = dist
        return dist
    }

    /// Chromium's `--dump-dom` of `route` of a dist served by `gowasm-serve serve`, once the app rendered
    /// (its last act is a `<footer id="rendered">`).
    /// A pre-rendered page already holds the footer, so it has settled only once the take-over script,
    /// which removes itself when the app starts, is gone.
    static func chromiumDump(of dist: URL, route: String) throws -> String {
        let server = try StaticServer(root: dist, singlePageApp: true)
        defer { server.stop() }
        return try Browser.dumpSettledDOM(
            server.url + route.dropFirst(), requiring: ["id=\"rendered\""], forbidding: [takeOverMarker])
    }

    /// A comment in the take-over script (Sources/Prerender/TakeOver.swift).
    static let takeOverMarker = "// gowasm-serve prerender: restore the pristine page"

    /// The plain (not pre-rendered) page's dump, shared by the differential and the take-over tests.
    static func plainDump(_ fixture: String, _ toolchain: GoToolchain, route: String) throws -> String {
        let key = "\(fixture)-\(toolchain.rawValue)-\(route)"
        lock.lock()
        let cached = plainDumps[key]
        lock.unlock()
        if let cached { return cached }
        let dump = try chromiumDump(of: try dist(fixture, toolchain), route: route)
        lock.lock()
        plainDumps[key] = dump
        lock.unlock()
        return dump
    }
}

/// The "comes alive" check: a page served to headless Chromium starts its Go program and reacts to input.
enum ComesAlive {
    /// What the page showed: `facts` once the app had rendered (after the take-over, for a pre-rendered
    /// page), and the DOM after a user typed into the app's input (Tests/Fixtures/prerender/*: `alive`).
    struct Seen: Equatable {
        let facts: String
        let dom: String
    }

    /// Facts every living page shows: the glue defined `Go`, and the wasm was fetched.
    static let livingFacts = #"{"go":"function","wasmFetched":true}"#

    /// Serves `root` and, in Chromium: waits until the take-over script is gone and the app has rendered
    /// its footer and input; types "Gopher" into the input (a trusted input event); waits until the app
    /// greets Gopher. Throws when a step never comes true.
    static func check(served root: URL, route: String) throws -> Seen {
        let server = try StaticServer(root: root, singlePageApp: true)
        defer { server.stop() }
        let marker = String(decoding: try JSONEncoder().encode(PrerenderFixture.takeOverMarker), as: UTF8.self)
        let ready = """
            (() => {
              if (document.readyState !== "complete" || document.documentElement.outerHTML.includes(\(marker))) return "";
              if (!document.getElementById("rendered") || !document.getElementById("alive-input")) return "";
              const wasmFetched = performance.getEntriesByType("resource")
                .some((entry) => new URL(entry.name).pathname.endsWith(".wasm"));
              return JSON.stringify({go: typeof Go, wasmFetched});
            })()
            """
        let greeted = """
            (() => {
              if (document.getElementById("alive-output")?.textContent !== "Hello, Gopher!") return "";
              return document.documentElement.outerHTML;
            })()
            """
        let values = try LiveBrowser.run(
            url: server.url + route.dropFirst(),
            steps: [.until(ready), .type(selector: "#alive-input", text: "Gopher"), .until(greeted)])
        func string(_ json: String) -> String {
            (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String) ?? json
        }
        return Seen(facts: string(values[0]), dom: string(values[1]))
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var plain: [String: Seen] = [:]

    /// The plain (not pre-rendered) dist's page, checked once per run.
    static func plainPage(_ fixture: String, _ toolchain: GoToolchain, route: String) throws -> Seen {
        let key = "\(fixture)-\(toolchain.rawValue)-\(route)"
        lock.lock()
        let cached = plain[key]
        lock.unlock()
        if let cached { return cached }
        let seen = try check(served: try PrerenderFixture.dist(fixture, toolchain), route: route)
        lock.lock()
        plain[key] = seen
        lock.unlock()
        return seen
    }
}

/// Parts of a serialized page, cut out as text so the comparison is byte for byte.
enum PageParts {
    static func element(_ name: String, in page: String) -> String? {
        guard let start = page.range(of: "<\(name)"), let end = page.range(of: "</\(name)>", options: .backwards),
            start.lowerBound < end.upperBound
        else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }

    static func title(_ page: String) -> String? { element("title", in: page) }
    static func body(_ page: String) -> String? { element("body", in: page) }
}
