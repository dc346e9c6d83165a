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
        guard result.status == 0 else { throw BuildFailed(description: "build of \(fixture) failed:\n\(result.stderrText)") }
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
