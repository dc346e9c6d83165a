import DistLayout
import Foundation
import JavaScript
import WasmEngines
import WebHost

/// The dedicated workers of one pre-rendered page (the Swift half of workers.js and worker.js). Each worker
/// is a JavaScriptCore global of its own in the page's context group, with the web platform on the page's
/// loop and virtual clock (its own timers and `timeOrigin`), `fetch` answered from the dist as the page's
/// is, and the page's WebAssembly engine: no document, no window. Running on the page's thread keeps the
/// render deterministic and inside its bounded waits.
final class PageWorkers {
    /// One running worker: its context and what must outlive its objects.
    private final class Scope {
        let js: JSContext
        let timers: TimerScope
        let side: JSObject
        let engine: AnyObject?

        init(js: JSContext, timers: TimerScope, side: JSObject, engine: AnyObject?) {
            self.js = js
            self.timers = timers
            self.side = side
            self.engine = engine
        }
    }

    private let page: JSContext
    private let loop: EventLoop
    private let fetcher: DistFetch
    private let log: OutputTail
    /// The page's URL: what "same origin" means for a worker's script and its fetches.
    private let pageURL: () -> URL
    /// The page's WebAssembly engine, installed in a new worker context.
    private let prepare: (JSContext) throws -> AnyObject?
    /// A worker started a Go program (so the page did start one).
    var started: () -> Void = {}
    private var scopes: [Scope] = []

    init(
        page: JSContext, loop: EventLoop, root: SiteRoot, log: OutputTail, pageURL: @escaping () -> URL,
        prepare: @escaping (JSContext) throws -> AnyObject?
    ) {
        self.page = page
        self.loop = loop
        fetcher = DistFetch(root: root)
        self.log = log
        self.pageURL = pageURL
        self.prepare = prepare
    }

    /// Defines `Worker` in the page's window (its fetch.js's blob: URLs, its DOM's trusted dispatch).
    func install(window: BrowserWindow) throws(JavaScriptError) {
        let native = page.object()
        native["blobURL"] = window.native["blobURL"]
        native["postMessageTransfer"] = window.native["postMessageTransfer"]
        native["dispatch"] = window.bindings.trustedDispatch
        native.defineMethod("task") { [weak loop] js, _, args in
            if let loop, let callback = args[0].object { _ = loop.enqueue(callback) }
            return js.undefined
        }
        native.defineMethod("loadWorkerScript") { [weak self] js, _, args in
            self?.script(at: args[0].string).map { js.string($0) } ?? js.undefined
        }
        native.defineMethod("startWorker") { [weak self] js, _, args in
            guard let self, let endpoint = args[0].object else { return js.null }
            return start(page: endpoint, href: args[1].string, name: args[2].string, navigator: args[3])
        }
        let setUp = try page.evaluate(
            String(decoding: PackageResources.workers_js, as: UTF8.self), sourceURL: "gowasm-serve:workers.js")
        try setUp.object?.call([native])
    }

    /// Stops every worker's timers and lets go of their contexts (the page is over).
    func tearDown() {
        for scope in scopes { scope.timers.close(on: loop) }
        scopes.removeAll()
    }

    /// A same-origin script's text from the dist, or nil (logged) when it does not load.
    private func script(at href: String) -> String? {
        switch fetcher.answer(to: href, method: "GET", base: pageURL()) {
        case .success(let response) where response.status == 200:
            return String(decoding: response.body, as: UTF8.self)
        case .success(let response):
            log.append(line: "Failed to load worker script \(href): HTTP \(response.status)")
        case .failure(let error):
            log.append(line: "Failed to load worker script \(href): \(error.message)")
        }
        return nil
    }

    /// A new worker global at `href` talking to `endpoint` (the page's side); its side, or null (logged)
    /// when the platform does not install.
    private func start(page endpoint: JSObject, href: String, name: String, navigator: JSValue) -> JSValue {
        let js = JSContext(sharingGroupWith: page)
        let timers = TimerScope()
        let log = log
        do {
            let engine = try prepare(js)
            let builtIns = js.globalPropertyNames()
            let native = try WebPlatform.install(
                in: js, loop: loop, output: OutputStreams { _, bytes in log.append(bytes) }, surface: .browser,
                timers: timers, startedAt: loop.now)
            native["page"] = endpoint
            native["href"] = js.string(href)
            native["name"] = js.string(name)
            native["navigator"] = navigator
            defineNatives(on: native, timers: timers)
            guard
                let side = try js.evaluate(
                    String(decoding: PackageResources.worker_js, as: UTF8.self), sourceURL: "gowasm-serve:worker.js"
                ).object?.call([native]).object
            else { throw JavaScriptError(message: "worker.js returned no worker side") }
            try js.evaluate(
                String(decoding: PackageResources.fetch_js, as: UTF8.self), sourceURL: "gowasm-serve:fetch.js"
            )
            .object?.call([native])
            try js.onUnhandledRejection { reason in log.append(line: "Uncaught (in promise) \(reason.string)") }
            try js.presentAsPlatform(globals: js.globalPropertyNames().subtracting(builtIns))
            scopes.append(Scope(js: js, timers: timers, side: side, engine: engine))
            return side
        } catch {
            log.append(line: "A worker did not start: \(error)")
            timers.close(on: loop)
            return page.null
        }
    }

    /// What worker.js and fetch.js ask of the Swift side in a worker.
    private func defineNatives(on native: JSObject, timers: TimerScope) {
        native.defineMethod("task") { [weak loop] js, _, args in
            if let loop, let callback = args[0].object { _ = loop.enqueue(callback) }
            return js.undefined
        }
        native.defineMethod("close") { [weak loop] js, _, _ in
            if let loop { timers.close(on: loop) }
            return js.undefined
        }
        native.defineMethod("load") { [weak self] js, _, args in
            self?.script(at: args[0].string).map { js.string($0) } ?? js.undefined
        }
        native.defineMethod("started") { [weak self] js, _, _ in
            self?.started()
            return js.undefined
        }
        native.defineMethod("fetch") { [weak self] js, _, args in
            guard let self else { return js.string("Failed to fetch") }
            switch fetcher.answer(to: args[0].string, method: args[1].string, base: pageURL()) {
            case .failure(let error): return js.string(error.message)
            case .success(let response): return try response.object(in: js)
            }
        }
    }
}
