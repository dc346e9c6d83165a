import Foundation
import InputSafety
import PageRendering
import RenderWire
import WasmEngines

/// Pre-renders each page in a child process of this executable (`prerender DIST --route R --page P --stdout
/// --render-child SANDBOX`), which puts `ChildSandbox` on itself first and reports its typed outcome on fd 3.
/// The parent kills it at the wall-clock budget or when its resident memory passes the memory budget: a page
/// that loops, traps or eats memory ends with its process, and the server serves the plain page.
public final class ProcessPageRenderer: PageRenderer {
    public let dist: String
    public let budget: Duration
    /// Bytes a render may use: the wasm memory it may grow to, and the resident memory of its process.
    public let memoryLimit: Int
    /// The executable that renders (this one: `/proc/self/exe`).
    public let executable: String
    /// Renders larger than this are refused (a page, not a download).
    public static let maxPageSize = 16 << 20
    /// The child's `--engine`.
    public let engine: WasmEngine

    public init(
        dist: String, budget: Duration, memoryLimit: Int, engine: WasmEngine = .interpreter,
        executable: String = "/proc/self/exe"
    ) {
        self.dist = dist
        self.budget = budget
        self.memoryLimit = memoryLimit
        self.engine = engine
        self.executable = executable
    }

    public func inputs(of route: PageRoute, page: [UInt8]) -> [String] {
        PageInputs.find(in: page, pagePath: route.page) { relative in
            FileManager.default.contents(atPath: dist + "/" + relative).map(Array.init)
        }
    }

    public func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], RenderProblem>) -> Void) {
        // A thread of its own: the wait takes up to the budget and must not hold a Dispatch worker.
        let thread = Thread { [self] in
            switch renderNow(route) {
            case .rendered(let page): completion(.success(page))
            case .failed(let problem): completion(.failure(problem))
            }
        }
        thread.name = "prerender \(route.path)"
        thread.start()
    }

    /// Renders `route` in a child and waits for it.
    public func renderNow(_ route: PageRoute) -> RenderOutcome {
        let child = BoundedChild(
            executable: executable, arguments: arguments(for: route), deadline: budget, memoryBudget: memoryLimit,
            maxOutput: Self.maxPageSize)
        let outcome: BoundedChild.Outcome
        do {
            outcome = try child.run()
        } catch {
            return .failed(.couldNotStart(error.description))
        }
        return .of(
            outcome.ending, report: RenderReport(parsing: outcome.report), page: outcome.stdout, budget: budget,
            memoryBudget: memoryLimit, maxPageSize: Self.maxPageSize)
    }

    /// The child's command line: the page the server matched, not one re-derived from the route.
    public func arguments(for route: PageRoute) -> [String] {
        [
            "prerender", dist, "--route", route.path, "--page", route.page, "--stdout",
            "--memory-limit", String(max(1, memoryLimit >> 20)), "--engine", engine.rawValue,
            "--timeout", String(Double(budget.nanoseconds) / 1e9 + 1),
            "--render-child", ChildSandbox(parent: getpid()).argument,
        ]
    }
}

/// The files a page's rendering depends on, found by reading it as a browser would load them: local
/// scripts the page names (`<script src>`, `<link href>`), and `.wasm` files the page or those scripts
/// name (a loader's `fetch("main.8f3a9c1b.wasm")`). Paths are relative to the dist root.
public enum PageInputs {
    public static func find(in page: [UInt8], pagePath: String, read: (String) -> [UInt8]?) -> [String] {
        let directory = pagePath.split(separator: "/").dropLast().map(String.init)
        var found: [String] = []
        func add(_ token: String) {
            guard let path = resolve(token, from: directory), !found.contains(path) else { return }
            found.append(path)
        }
        let pageTokens = tokens(in: page)
        for token in pageTokens where token.hasSuffix(".js") || token.hasSuffix(".mjs") || token.hasSuffix(".wasm") {
            add(token)
        }
        // Scripts fetch relative to the document, not to themselves.
        for script in found where !script.hasSuffix(".wasm") {
            guard let bytes = read(script), bytes.count <= 8 << 20 else { continue }
            for token in tokens(in: bytes) where token.hasSuffix(".wasm") { add(token) }
        }
        // Without a wasm reference in the page, the pre-renderer takes the build manifest's.
        if !found.contains(where: { $0.hasSuffix(".wasm") }) { found.append("manifest.json") }
        return found
    }

    /// Runs of URL path characters (`a-z A-Z 0-9 . _ ~ / -`); `https://host/x.js` yields `//host/x.js`.
    static func tokens(in bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        var start: Int?
        for index in 0...bytes.count {
            let isPathByte = index < bytes.count && isPathCharacter(bytes[index])
            if isPathByte, start == nil { start = index }
            if !isPathByte, let begin = start {
                if index - begin <= 1024 { tokens.append(String(decoding: bytes[begin..<index], as: UTF8.self)) }
                start = nil
            }
        }
        return tokens
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: "/"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// `token` resolved against the page's directory; nil for other origins and paths that leave the root.
    static func resolve(_ token: String, from directory: [String]) -> String? {
        guard !token.hasPrefix("//") else { return nil }
        var segments = token.hasPrefix("/") ? [] : directory
        for part in token.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(String(part))
            }
        }
        guard let last = segments.last, last.contains("."), !last.hasPrefix(".") else { return nil }
        return segments.joined(separator: "/")
    }
}
