import DistLayout
import Foundation
import HeadlessDOM
import InputSafety
import JavaScript
import WasmEngines
import WebHost

/// A page loaded as a browser loads it, in JavaScriptCore with a browser's surface only: the web platform
/// (WebHost) on a virtual clock, the DOM (HeadlessDOM), `fetch` answered from the dist (`DistFetch`), and
/// `WebAssembly` on the chosen engine. The page's classic scripts run in document order (inline, and
/// same-origin `src` read from the dist) with `document.currentScript`; `defer` scripts after them;
/// then `readyState` goes `interactive` (DOMContentLoaded) and `complete` (load), and the event loop runs
/// until nothing is pending, the program exits, or a budget runs out.
///
/// There is no `fs`, `process`, `require` or environment: the page's own wasm_exec.js polyfills `fs` and
/// `process` exactly as in a browser (writes go to the console, the rest fails with ENOSYS).
final class PageRuntime {
    /// How the run ended, for `Prerenderer` to turn into an outcome.
    struct Ending {
        var loop: EventLoop.Ending
        /// The Go program's exit code, when it exited.
        var exitCode: Int32?
        /// A wasm fault (trap or instruction budget) the interpreter recorded.
        var wasmFault: WasmFault?
        /// A `WebAssembly.RuntimeError` that ended a Go call (the JIT's traps, which carry no typed fault).
        var runtimeError: String?
        var refusedMemoryGrowth: Bool
        /// Whether the page started a Go program (`go.run`).
        var programStarted: Bool
        /// The first exception the page did not handle, or logged as an Error.
        var firstException: PageException?
    }

    let document: Document
    let js = JSContext()
    let window: BrowserWindow
    var bindings: DOMBindings { window.bindings }
    let loop: EventLoop
    let webAssembly: WebAssemblyHost
    private let fetcher: DistFetch
    private let log: OutputTail
    private let watch = ProgramWatch()
    /// The page's iframes' windows (none until an iframe connects).
    private let frameGroup: FrameGroup
    private let frames: PageFrames
    /// The page's dedicated workers (none until it makes one).
    private let workers: PageWorkers

    /// What the window reports of the Go program, kept for the run's `Ending`.
    private final class ProgramWatch {
        var exitCode: Int32?
        var runtimeError: String?
        var started = false
        var firstException: PageException?

        /// Keeps the first exception the page raised (later ones are usually its consequences).
        func record(_ value: JSValue?) {
            guard firstException == nil, let value else { return }
            firstException = PageRuntime.exception(from: value)
        }
    }

    /// `baseURL`: where relative references resolve when the page has no `<base>`: the directory of the
    /// dist's page (`index.html` answers `/deep/route` too, and its `wasm_exec.js` is the dist's, as the
    /// `<base>` the take-over adds to a page stored deeper keeps it).
    init(
        document: Document, url: String, baseURL: URL?, root: SiteRoot, options: PrerenderOptions, log: OutputTail,
        preparing: [(JSContext) throws(JavaScriptError) -> Void] = []
    ) throws(PrerenderError) {
        self.document = document
        self.log = log
        fetcher = DistFetch(root: root)
        var limits = InterpreterLimits(
            maxMemoryBytes: options.maxMemoryBytes, instructionLimit: options.instructionLimit)
        limits.translatesEagerly = options.translatesEagerly
        do {
            webAssembly = try WebAssemblyHost(engine: options.engine, limits: limits, in: js)
        } catch {
            throw .unsupported("the \(options.engine.rawValue) engine did not start: \(error)")
        }
        // The loop waits for every context's asynchronous compiles: the page's, its iframes' and workers'.
        let engines = EngineGroup(webAssembly)
        let loop = EventLoop(
            pendingWork: engines, clock: .virtual(budgetMilliseconds: Self.milliseconds(options.virtualTimeBudget)))
        self.loop = loop
        loop.wallClockDeadline = ContinuousClock.now + options.wallClockLimit
        document.readyState = "loading"
        let watch = watch
        var events = BrowserWindow.ProgramEvents()
        events.exited = { [weak loop] code in
            watch.exitCode = code
            loop?.stop()
        }
        events.faulted = { message in if watch.runtimeError == nil { watch.runtimeError = message } }
        events.reported = { watch.record($0) }
        events.started = { watch.started = true }
        do {
            let output = OutputStreams { _, bytes in log.append(bytes) }
            window = try BrowserWindow(
                document: document, url: url, baseURL: baseURL, files: root, in: js, loop: loop, output: output,
                events: events)
        } catch {
            throw .unsupported("the page's JavaScript world did not start: \(error)")
        }
        let engineOptions = (options.engine, limits)
        let prepare = { (js: JSContext) throws -> AnyObject? in
            let host = try WebAssemblyHost(engine: engineOptions.0, limits: engineOptions.1, in: js)
            engines.add(host)
            return host
        }
        frameGroup = FrameGroup(top: window.bindings, loop: loop, root: root, log: log, prepare: prepare)
        frames = PageFrames(group: frameGroup, parent: window.bindings)
        document.frameHost = frames
        workers = PageWorkers(
            page: js, loop: loop, root: root, log: log,
            pageURL: { [unowned bindings = window.bindings] in bindings.url },
            prepare: prepare)
        workers.started = { watch.started = true }
        loop.onUncaughtException = { [log, weak window] error in
            watch.record(error.value)
            if error.value != nil, let window {
                window.bindings.reportUncaught(error)
            } else {
                log.append(line: "Uncaught \(error)")
            }
        }
        do {
            try js.onUnhandledRejection { [log] reason in
                log.append(line: "Uncaught (in promise) \(reason.string)")
                watch.record(reason)
            }
            try workers.install(window: window)
            for (index, prelude) in options.preludes.enumerated() {
                try js.evaluate(prelude, sourceURL: "gowasm-serve:prelude-\(index + 1).js")
            }
            for prepare in preparing { try prepare(js) }
        } catch {
            throw .unsupported("the page's JavaScript world did not start: \(error)")
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Loads the page (its scripts, DOMContentLoaded, load) and runs the event loop to its end.
    func run() throws(PrerenderError) -> Ending {
        defer { tearDown() }
        let (now, deferred) = try scripts()
        document.scriptConnected = { [unowned self] in documentScripts.inserted($0, later: inTask) }
        document.readyState = "loading"
        frames.connectParsed()
        for script in now { runScript(script) }
        for script in deferred { runScript(script) }
        document.readyState = "interactive"
        fire("DOMContentLoaded", at: document, bubbles: true)
        frames.loadPending()
        document.readyState = "complete"
        fire("load", at: nil)
        let ending = watch.exitCode == nil ? loop.run() : .stopped
        return Ending(
            loop: ending, exitCode: watch.exitCode, wasmFault: webAssembly.lastFault, runtimeError: watch.runtimeError,
            refusedMemoryGrowth: webAssembly.refusedMemoryGrowth, programStarted: watch.started,
            firstException: watch.firstException)
    }

    /// Breaks the cycles between the context and what its functions hold (the loop's callbacks, the DOM's
    /// wrappers), so a process rendering many pages (tests, `prerender --route …`) frees each one.
    private func tearDown() {
        document.scriptConnected = nil
        loop.cancelAll()
        workers.tearDown()
        frameGroup.tearDown()
        window.detach()
        js.collectGarbage()
    }

    // MARK: Scripts

    private var documentScripts: DocumentScripts {
        var scripts = DocumentScripts(bindings: bindings, fetcher: fetcher, log: log)
        scripts.raised = { [watch] in watch.record($0) }
        scripts.running = { [watch] in watch.exitCode == nil }
        return scripts
    }

    /// The page's classic scripts; a module script is refused, since the page would not work without it.
    private func scripts() throws(PrerenderError) -> (now: [Element], deferred: [Element]) {
        do {
            return try documentScripts.scripts()
        } catch {
            let source = error.src.map { " (\($0))" } ?? ""
            throw .unsupported(
                "<script type=module>\(source) is not supported by the pre-renderer; use classic scripts")
        }
    }

    /// Runs `body` in a task of its own on the page's loop.
    private func inTask(_ body: @escaping () -> Void) {
        _ = loop.enqueue(
            js.function { js, _, _ in
                body()
                return js.undefined
            })
    }

    private func runScript(_ element: Element) { documentScripts.run(element) }

    /// The type, message and first frame of a thrown value: an Error's `name`, `message` and `stack` (or
    /// JavaScriptCore's `sourceURL` and `line` when it has no stack); anything else is its string.
    static func exception(from value: JSValue) -> PageException {
        guard let object = value.object, object["message"].isString else {
            return PageException(type: "", message: value.string, frame: nil)
        }
        let name = object["name"]
        let stack = object["stack"]
        var frame = stack.isString ? PageException.firstFrame(inStack: stack.string) : nil
        let line = object["line"]
        if frame == nil, object["sourceURL"].isString, line.isNumber,
            let number = Int(exactly: line.number.rounded(.towardZero))
        {
            frame = PageException.frame(url: object["sourceURL"].string, line: number)
        }
        return PageException(type: name.isString ? name.string : "", message: object["message"].string, frame: frame)
    }

    private func fire(_ type: String, at target: Node?, bubbles: Bool = false) {
        documentScripts.fire(type, at: target, bubbles: bubbles)
    }
}

/// The WebAssembly engines of one page's contexts, as one piece of pending work for its loop.
private final class EngineGroup: PendingWork {
    private var hosts: [WeakHost] = []

    private struct WeakHost {
        weak var host: WebAssemblyHost?
    }

    init(_ first: WebAssemblyHost) { hosts = [WeakHost(host: first)] }

    func add(_ host: WebAssemblyHost) { hosts.append(WeakHost(host: host)) }

    var pendingOperations: Int {
        hosts.reduce(0) { total, entry in total + (entry.host?.pendingOperations ?? 0) }
    }
}
