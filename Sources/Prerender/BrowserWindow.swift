import DistLayout
import Foundation
import HeadlessDOM
import InputSafety
import JavaScript
import WebHost

/// A browser window in one JavaScriptCore context: the web platform (WebHost) on the caller's event loop,
/// the DOM of a document at a URL (HeadlessDOM), `fetch` answered from a folder under `serve`'s rules
/// (`DistFetch`), and browser.js/fetch.js (AbortController, Headers, Request, Response, and the watch of
/// whatever `Go` class a glue defines). Nothing else: no `fs`, `process` or `require`.
///
/// Pre-rendering loads its page into one (`PageRuntime`); `run --browser` gives a Go test program a blank
/// one and adds node's `fs` and `process` on top (GlueHost).
public final class BrowserWindow {
    /// What the window tells its owner about the Go program the page runs (browser.js's watch).
    public struct ProgramEvents {
        /// The program called its exit with this code.
        public var exited: (Int32) -> Void = { _ in }
        /// A `WebAssembly.RuntimeError` ended a Go call (its message).
        public var faulted: (String) -> Void = { _ in }
        /// The page logged an Error with `console.error` (what a loader does with a failure it caught).
        public var reported: (JSValue) -> Void = { _ in }
        /// The program started (`go.run`).
        public var started: () -> Void = {}

        public init() {}
    }

    public let bindings: DOMBindings
    /// The platform's `native` object (WebPlatform's), which surfaces built on the window extend.
    public let native: JSObject
    private let fetcher: DistFetch
    private let loop: EventLoop

    /// Installs the window in `js`: the platform on `loop` with `output` as the console's descriptors, the
    /// DOM of `document` at `url` (`baseURL`: where relative references resolve when the page has no
    /// `<base>`), and same-origin `fetch` answered from `files`. The platform's functions look native.
    public init(
        document: Document, url: String, baseURL: URL? = nil, files: SiteRoot, in js: JSContext, loop: EventLoop,
        output: OutputStreams, events: ProgramEvents = ProgramEvents(), frame: FrameContext? = nil
    ) throws(JavaScriptError) {
        self.loop = loop
        fetcher = DistFetch(root: files)
        bindings = DOMBindings(document: document, context: js, url: url, sharing: frame?.wrappers)
        bindings.baseURL = baseURL
        bindings.origin = frame?.origin
        let builtIns = js.globalPropertyNames()
        native = try WebPlatform.install(
            in: js, loop: loop, output: output, surface: .browser, timers: frame?.timers)
        try bindings.install()
        try installBrowser(in: js, events: events)
        try js.presentAsPlatform(globals: js.globalPropertyNames().subtracting(builtIns))
    }

    /// A blank page (`<html><head></head><body></body></html>`) at `url`, its origin answered from `files`.
    public convenience init(
        blankAt url: String, files: URL, in js: JSContext, loop: EventLoop, output: OutputStreams,
        events: ProgramEvents = ProgramEvents()
    ) throws(BrowserWindowError) {
        let root: SiteRoot
        do {
            root = try SiteRoot(files.path)
        } catch {
            throw .unreadableFolder(path: files.path, reason: error.description)
        }
        let document = Document(parsing: "<!DOCTYPE html><html><head></head><body></body></html>", url: url)
        document.readyState = "complete"
        do {
            try self.init(document: document, url: url, files: root, in: js, loop: loop, output: output, events: events)
        } catch {
            throw .platform(error)
        }
    }

    /// Lets go of the DOM's wrappers, so the context's objects can be freed (before the context goes).
    public func detach() {
        bindings.detach()
    }

    // MARK: The browser's network and the program's watch

    private func installBrowser(in js: JSContext, events: ProgramEvents) throws(JavaScriptError) {
        native.defineMethod("fetch") { [weak self] js, _, args in
            guard let self else { return js.string("Failed to fetch") }
            // An absolute URL by now (Request resolved it against document.baseURI); same origin means the page's.
            switch fetcher.answer(to: args[0].string, method: args[1].string, base: bindings.url) {
            case .failure(let error): return js.string(error.message)
            case .success(let response): return try response.object(in: js)
            }
        }
        native.defineMethod("task") { [weak loop] js, _, args in
            if let loop, let callback = args[0].object { loop.enqueue(callback) }
            return js.undefined
        }
        native.defineMethod("exited") { js, _, args in
            events.exited(Conversions.int32(wrapping: args[0].number))
            return js.undefined
        }
        native.defineMethod("faulted") { js, _, args in
            events.faulted(args[0].string)
            return js.undefined
        }
        native.defineMethod("reported") { js, _, args in
            events.reported(args[0])
            return js.undefined
        }
        native.defineMethod("started") { js, _, _ in
            events.started()
            return js.undefined
        }
        // browser.js first: fetch.js's Request follows its AbortSignal.
        for (source, url) in [
            (PackageResources.browser_js, "gowasm-serve:browser.js"),
            (PackageResources.fetch_js, "gowasm-serve:fetch.js"),
            (PackageResources.network_js, "gowasm-serve:network.js"),
        ] {
            let setUp = try js.evaluate(String(decoding: source, as: UTF8.self), sourceURL: url)
            try setUp.object?.call([native])
        }
    }
}

/// What an iframe's window shares with its page: the node wrappers (its context is in the page's group),
/// its origin when not its URL's (`about:blank`, `srcdoc`), and its own timers on the page's loop.
public struct FrameContext {
    public var wrappers: NodeWrappers
    public var origin: String?
    public var timers: TimerScope

    public init(wrappers: NodeWrappers, origin: String?, timers: TimerScope) {
        self.wrappers = wrappers
        self.origin = origin
        self.timers = timers
    }
}

/// Why a blank window could not be made.
public enum BrowserWindowError: Error, CustomStringConvertible {
    /// The folder `fetch` answers from cannot be opened.
    case unreadableFolder(path: String, reason: String)
    /// The platform's scripts failed to install.
    case platform(JavaScriptError)

    public var description: String {
        switch self {
        case .unreadableFolder(let path, let reason): "cannot serve \(path) to the page: \(reason)"
        case .platform(let error): "the page's JavaScript world did not start: \(error)"
        }
    }
}
