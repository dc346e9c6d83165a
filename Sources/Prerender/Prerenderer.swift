import DistLayout
import Foundation
import HeadlessDOM
import JavaScript
import WasmEngines

/// Budgets and settings for pre-rendering.
public struct PrerenderOptions: Sendable {
    /// Timers (and animation frames) that fire within this much virtual time still run; later ones are
    /// dropped and the page is taken as it is then (a ticking clock never "finishes").
    public var virtualTimeBudget: Duration = .seconds(2)
    /// Real time the run may take (checked between events).
    public var wallClockLimit: Duration = .seconds(10)
    /// Wasm instructions the run may execute: what stops a program that never parks (a busy loop), since
    /// the wall clock is only checked between events.
    public var instructionLimit: UInt64? = 20_000_000_000
    /// The largest linear memory the app may grow to.
    public var maxMemoryBytes: Int = 512 << 20
    /// The interpreter translates every function at instantiation (see `InterpreterLimits.translatesEagerly`).
    public var translatesEagerly = false
    /// Scheme, host and port of `location` (the route is its path). Fetches to it are served from the dist.
    public var origin: String = "http://localhost"
    /// Add the take-over script to `<head>` (see `TakeOver`). Off, the page is just what the app rendered.
    public var takeOver: Bool = true
    /// The engine that runs the page's wasm: WasmKit's interpreter (the default, with the instruction and
    /// memory budgets) or JavaScriptCore's own (`jit`; the wall clock and the render process bound it).
    public var engine: WasmEngine = .interpreter
    /// Scripts evaluated, in order, after the browser's globals exist and before the page's first script
    /// (diagnostics hooks: they see and may wrap `fetch`, `console`, `WebAssembly`, the `Go` class).
    public var preludes: [String] = []

    public init() {}
}

/// One pre-rendered page.
public struct PrerenderedPage: Sendable {
    public let route: String
    /// The dist's page that was rendered (`index.html`, `about/index.html`).
    public let sourcePage: String
    /// The serialized page (doctype, `<html>` ... `</html>`). Nothing follows `</html>`: a parser would move
    /// trailing text into `<body>`, and the page must parse back to exactly the rendered DOM.
    public let html: String
    /// Whether the app was still busy (a timer beyond the virtual-time budget) when the page was taken.
    public let stoppedAtVirtualTimeBudget: Bool
}

/// Loads a page of a dist as a browser does and returns the HTML its app renders.
///
/// ```swift
/// let page = try Prerenderer(dist: URL(fileURLWithPath: "dist")).render(route: "/about")
/// try page.html.write(to: out, atomically: true, encoding: .utf8)
/// ```
///
/// The dist's page for the route is parsed into a `Document` with `location` set to the route; its
/// scripts run in a `PageRuntime` (the page's own wasm_exec.js and loader start the app) on a virtual
/// clock until Go has parked and nothing is pending within the budget (timers, fetches answered from the
/// dist). Then the document is serialized, with the take-over script in `<head>`.
public struct Prerenderer: Sendable {
    public let dist: URL
    public let options: PrerenderOptions

    public init(dist: URL, options: PrerenderOptions = PrerenderOptions()) {
        self.dist = dist
        self.options = options
    }

    /// Renders `route`. `storedAs` is where the page will be stored relative to the dist root (as
    /// `about/index.html`), when that is not where the browser loaded the source page from; relative
    /// references then get a `<base>` (removed again by the take-over).
    ///
    /// `page` is the dist's file that answers the route (relative to the dist, as `serve` matched it); nil
    /// looks it up from the route under the same rules.
    ///
    /// `preparing` run, in order, in the page's JavaScript world before its first script, after the
    /// `preludes` are evaluated (a host hook that needs Swift, as diagnostics does).
    public func render(
        route: String, storedAs: String? = nil, page pagePath: String? = nil,
        preparing: [(JSContext) throws(JavaScriptError) -> Void] = []
    ) throws(PrerenderError) -> PrerenderedPage {
        guard route.hasPrefix("/") else { throw .invalidRoute(route) }
        let sandbox = try BrowserSandbox(dist: dist)
        let page: DistPage
        if let pagePath {
            page = try DistPage.load(root: sandbox.root, page: pagePath)
        } else {
            page = try DistPage.load(root: sandbox.root, route: route)
        }
        let url = options.origin.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + Self.browserPath(route)

        let document = Document(parsing: page.html, url: url)
        let snapshot = TakeOver.Snapshot(document)
        let log = OutputTail()
        let origin = options.origin.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let pageDirectory = page.pagePath.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        let baseURL = URL(string: origin + Self.browserPath("/" + pageDirectory))
        let runtime = try PageRuntime(
            document: document, url: url, baseURL: baseURL, root: sandbox.root, options: options, log: log,
            preparing: preparing)
        let ending = try runtime.run()
        let stoppedAtBudget = try outcome(of: ending, log: log)
        if options.takeOver {
            do {
                try TakeOver.install(
                    in: document, snapshot: snapshot,
                    baseHref: storedAs.flatMap { baseHref(from: $0, to: page.pagePath) })
            } catch {
                throw .unsupported("the rendered page cannot take the take-over script: \(error)")
            }
        }
        return PrerenderedPage(
            route: route, sourcePage: page.pagePath, html: document.serialized,
            stoppedAtVirtualTimeBudget: stoppedAtBudget)
    }

    /// The typed outcome of a run: faults and budgets first (they explain an exit), then the exit code.
    /// Returns whether the page was taken at the virtual-time budget.
    private func outcome(of ending: PageRuntime.Ending, log: OutputTail) throws(PrerenderError) -> Bool {
        switch ending.wasmFault {
        case .instructionLimit(let limit)?: throw .overBudget(.instructions(limit))
        case .trap(let message, let backtrace)?:
            if ending.refusedMemoryGrowth { throw .outOfMemory(limitBytes: options.maxMemoryBytes) }
            throw .trap("wasm trap: " + message + (backtrace.map { "\nwasm backtrace:\n\($0)" } ?? ""))
        case nil: break
        }
        if let message = ending.runtimeError { throw .trap(message) }
        if let code = ending.exitCode, code != 0 {
            if ending.refusedMemoryGrowth { throw .outOfMemory(limitBytes: options.maxMemoryBytes) }
            // Go's runtime exits with 2 after printing the panic; `panic: ` opens its report.
            if code == 2, let message = log.panicMessage { throw .panic(message) }
            throw .exited(code: code, output: log.summary)
        }
        if ending.loop == .wallClock { throw .overBudget(.wallClock(options.wallClockLimit)) }
        // A page that started no Go program (none referenced, or its wasm failed to load) has nothing to
        // pre-render: served as it is, it stays exactly the author's page.
        guard ending.programStarted else {
            if let exception = ending.firstException { throw .noProgram(.exception(exception)) }
            let line = log.summary
            throw .noProgram(line.isEmpty ? .silent : .logged(PageException.printable(line, limit: 400)))
        }
        switch ending.loop {
        case .wallClock: throw .overBudget(.wallClock(options.wallClockLimit))
        // A timer beyond the virtual-time budget: the app has rendered what it renders at start-up.
        case .virtualTimeBudget: return true
        case .idle, .stopped: return false
        }
    }

    /// `route` as a browser puts it in the address bar: characters a URL path cannot hold percent-encoded,
    /// existing escapes kept as they are (never decoded).
    static func browserPath(_ route: String) -> String {
        let allowed = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "%"))
        return route.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }

    /// `../` steps from the stored page's directory up to the root, then down to the source page's.
    private func baseHref(from storedPage: String, to sourcePage: String) -> String? {
        let stored = storedPage.split(separator: "/").dropLast()
        let source = sourcePage.split(separator: "/").dropLast()
        guard stored != source else { return nil }
        return String(repeating: "../", count: stored.count) + source.map { $0 + "/" }.joined()
    }
}

/// The last few KiB the app wrote to stderr, for the message of a failed pre-render.
final class OutputTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let limit = 8192

    func append(line: String) {
        var text = line + "\n"
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    func append(_ chunk: UnsafeRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        bytes.append(contentsOf: chunk)
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// Everything kept, as text.
    var all: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The message of a Go panic (`panic: the catalog is empty` → `the catalog is empty`), if one was printed.
    var panicMessage: String? {
        lock.lock()
        defer { lock.unlock() }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        return lines.first { $0.hasPrefix("panic: ") }.map {
            String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
    }

    /// The line that says what went wrong (`panic: ...`, `fatal error: ...`), else the last line.
    var summary: String {
        lock.lock()
        defer { lock.unlock() }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        return lines.first { $0.hasPrefix("panic:") || $0.hasPrefix("fatal error:") } ?? lines.last ?? ""
    }
}
