import DistLayout
import Foundation
import HeadlessDOM
import JavaScript
import WebHost

/// What an iframe's browsing context loads, decided from its attributes alone (HTML's "process the
/// iframe attributes"): `srcdoc` first, then a `src` resolved against the parent document's base URL.
/// A cross-origin `src` gets a blank document and no request: a pre-render never reaches the network.
package enum FrameSource: Equatable {
    /// No `src` (or `about:blank`): the initial empty document stays.
    case blank
    case srcdoc(String)
    /// A same-origin document, fetched as the page's own files are.
    case sameOrigin(String)
    /// Another origin's document: an empty one at that URL and origin, never fetched.
    case crossOrigin(url: String, origin: String)

    /// `resolve` is the parent's URL parser (nil for a URL it cannot parse); `originOf` its origin.
    package static func of(
        _ iframe: Element, parentOrigin: String, resolve: (String) -> String?, originOf: (String) -> String?
    ) -> FrameSource {
        if let srcdoc = iframe.getAttribute("srcdoc") { return .srcdoc(srcdoc) }
        guard let src = iframe.getAttribute("src"), !src.isEmpty, let url = resolve(src), url != "about:blank" else {
            return .blank
        }
        guard let origin = originOf(url), origin == parentOrigin, origin != "null" else {
            return .crossOrigin(url: url, origin: originOf(url) ?? "null")
        }
        return .sameOrigin(url)
    }
}

/// What the windows of one page share: the loop, the files its fetcher answers from, its log, the node
/// wrappers, and what installs each window's engine surface (WebAssembly). Every window it made is kept
/// until the page ends, since their objects may outlive their iframes.
final class FrameGroup {
    let top: DOMBindings
    let loop: EventLoop
    let root: SiteRoot
    let log: OutputTail
    /// Installs what a window's context needs beyond the browser surface (the page's WebAssembly engine).
    let prepare: (JSContext) throws -> AnyObject?
    fileprivate var windows: [FrameWindow] = []

    init(
        top: DOMBindings, loop: EventLoop, root: SiteRoot, log: OutputTail,
        prepare: @escaping (JSContext) throws -> AnyObject?
    ) {
        self.top = top
        self.loop = loop
        self.root = root
        self.log = log
        self.prepare = prepare
    }

    /// Discards every window and lets go of their DOM wrappers (the page is over).
    func tearDown() {
        for window in windows {
            window.timers.close(on: loop)
            window.window.detach()
        }
        windows.removeAll()
    }
}

/// One iframe's window: its context (in the page's context group), its document, its own iframes.
final class FrameWindow {
    let js: JSContext
    let window: BrowserWindow
    let timers: TimerScope
    let frames: PageFrames
    let sameOrigin: Bool
    /// The page's engine surface for this context (kept alive with it).
    var engine: AnyObject?
    /// Ends the window's `parent`, `top` and `frameElement` (set by whoever installed them).
    var closeRelatives: JSObject?

    var document: Document { window.bindings.document }

    init(js: JSContext, window: BrowserWindow, timers: TimerScope, frames: PageFrames, sameOrigin: Bool) {
        self.js = js
        self.timers = timers
        self.window = window
        self.frames = frames
        self.sameOrigin = sameOrigin
    }

    /// The document stops being fully active: listeners, timers and storage events stop, and so do its
    /// own iframes' windows.
    func discard(on loop: EventLoop) {
        frames.discardAll()
        timers.close(on: loop)
        window.bindings.discard()
        _ = try? closeRelatives?.call()
    }
}

/// The iframes of one window's document (its `FrameHost`): each connected iframe gets a window, about:blank
/// at once, then the document its attributes name, loaded in a task (or before the page's `load` for the
/// iframes the page was parsed with). Made for every window, but it does nothing until an iframe connects.
final class PageFrames: FrameHost {
    private unowned let group: FrameGroup
    /// The window whose document holds the iframes.
    private unowned let parent: DOMBindings
    /// The parent document's origin (inherited by about:blank and srcdoc documents): worked out when
    /// the first iframe connects, for the top window.
    private(set) lazy var origin: String =
        givenOrigin ?? Self.origin(of: parent.url.absoluteString, in: parent.context) ?? "null"
    private let givenOrigin: String?
    private var children: [ObjectIdentifier: FrameWindow] = [:]
    /// Navigations not yet run, by iframe, each with its number (a newer one supersedes it).
    private var pending: [ObjectIdentifier: (iframe: Element, number: Int)] = [:]
    private var navigations = 0
    private var definedLength = false
    /// How many indexed properties (`window[0]`…) the parent's window has now.
    private var indexed = 0

    /// `origin`: the parent's, when it is not its URL's (an about:blank or srcdoc window's).
    init(group: FrameGroup, parent: DOMBindings, origin: String? = nil) {
        self.group = group
        self.parent = parent
        givenOrigin = origin
    }

    /// Connects the iframes the document was parsed with (before its scripts run).
    func connectParsed() {
        guard parent.document.mayHaveFrames else { return }
        for iframe in parent.document.descendantElements where iframe.isIFrame {
            connect(iframe, firesBlankLoad: false)
        }
    }

    /// Runs the navigations still queued (the parsed iframes' documents), so the parent's `load` follows
    /// theirs as in a browser.
    func loadPending() {
        let queued = pending.values.sorted { $0.number < $1.number }
        for entry in queued { navigate(entry.iframe, number: entry.number) }
    }

    func discardAll() {
        for child in children.values { child.discard(on: group.loop) }
        children.removeAll()
        pending.removeAll()
    }

    // MARK: FrameHost

    func frameConnected(_ iframe: Element) { connect(iframe, firesBlankLoad: true) }

    func frameDisconnected(_ iframe: Element) {
        let key = ObjectIdentifier(iframe)
        pending[key] = nil
        children.removeValue(forKey: key)?.discard(on: group.loop)
        updateIndices()
    }

    func frameAttributeChanged(_ iframe: Element, name: String) {
        // `src` changes navigate unless `srcdoc` is there, which wins.
        guard name == "srcdoc" || !iframe.hasAttribute("srcdoc") else { return }
        queueNavigation(iframe)
    }

    func contentDocument(of iframe: Element) -> (document: Document, sameOrigin: Bool)? {
        children[ObjectIdentifier(iframe)].map { ($0.document, $0.sameOrigin) }
    }

    // MARK: Navigation

    private func connect(_ iframe: Element, firesBlankLoad: Bool) {
        let key = ObjectIdentifier(iframe)
        guard children[key] == nil else { return }
        let blank = Document(parsing: "<html><head></head><body></body></html>", url: "about:blank")
        guard let child = makeWindow(for: iframe, document: blank, url: "about:blank", origin: origin) else { return }
        children[key] = child
        defineLength()
        updateIndices()
        if source(of: iframe) == .blank {
            // The initial about:blank loads at once: its `load` fires during the insertion (as in browsers).
            if firesBlankLoad { fire("load", at: iframe) } else { queueNavigation(iframe) }
        } else {
            queueNavigation(iframe)
        }
    }

    private func queueNavigation(_ iframe: Element) {
        navigations += 1
        let number = navigations
        pending[ObjectIdentifier(iframe)] = (iframe, number)
        let task = parent.context.function("navigate") { [weak self] js, _, _ in
            self?.navigate(iframe, number: number)
            return js.undefined
        }
        _ = group.loop.enqueue(task)
    }

    private func source(of iframe: Element) -> FrameSource {
        FrameSource.of(
            iframe, parentOrigin: origin,
            resolve: { [parent] in parent.whatwgResolve($0, against: parent.documentBaseURI) },
            originOf: { [parent] in Self.origin(of: $0, in: parent.context) })
    }

    /// Loads what the iframe's attributes name into a new window, runs its document, and fires `load`
    /// at it and then at the iframe.
    private func navigate(_ iframe: Element, number: Int) {
        let key = ObjectIdentifier(iframe)
        guard pending[key]?.number == number, let old = children[key] else { return }
        pending[key] = nil
        let document: Document
        let url: String
        var origin = self.origin
        switch source(of: iframe) {
        case .blank:
            document = Document(parsing: "<html><head></head><body></body></html>", url: "about:blank")
            url = "about:blank"
        case .srcdoc(let html):
            document = Document(parsing: html, url: "about:srcdoc")
            url = "about:srcdoc"
        case .crossOrigin(let target, let targetOrigin):
            document = Document(parsing: "<html><head></head><body></body></html>", url: target)
            url = target
            origin = targetOrigin
        case .sameOrigin(let target):
            let fetcher = DistFetch(root: group.root)
            switch fetcher.answer(to: target, method: "GET", base: parent.documentBaseURL) {
            case .success(let response):
                document = Document(
                    parsing: String(decoding: response.body, as: UTF8.self), url: response.url.absoluteString)
                url = response.url.absoluteString
            case .failure(let error):
                group.log.append(line: "Failed to load iframe \(target): \(error.message)")
                document = Document(parsing: "<html><head></head><body></body></html>", url: target)
                url = target
            }
        }
        old.discard(on: group.loop)
        children[key] = nil
        guard let child = makeWindow(for: iframe, document: document, url: url, origin: origin) else { return }
        children[key] = child
        updateIndices()
        run(child)
        // The window may have been removed by its own scripts.
        guard children[key] === child else { return }
        fire("load", at: iframe)
    }

    /// Runs a new window's document: its iframes connect, its scripts run, its own iframes load, then
    /// DOMContentLoaded and `load`.
    private func run(_ child: FrameWindow) {
        let bindings = child.window.bindings
        var scripts = DocumentScripts(bindings: bindings, fetcher: DistFetch(root: group.root), log: group.log)
        scripts.running = { [weak bindings] in bindings?.isFullyActive == true }
        let document = child.document
        document.readyState = "loading"
        child.frames.connectParsed()
        do {
            let (now, deferred) = try scripts.scripts()
            for script in now { scripts.run(script) }
            for script in deferred { scripts.run(script) }
        } catch {
            group.log.append(line: "An iframe's <script type=module> is not supported by the pre-renderer")
        }
        document.readyState = "interactive"
        scripts.fire("DOMContentLoaded", at: document, bubbles: true)
        child.frames.loadPending()
        document.readyState = "complete"
        if bindings.isFullyActive { scripts.fire("load", at: nil) }
    }

    /// A window for `document` in a new context of the page's group, with `parent`, `top` and
    /// `frameElement`; nil (logged) when the platform does not install.
    private func makeWindow(for iframe: Element, document: Document, url: String, origin: String) -> FrameWindow? {
        let js = JSContext(sharingGroupWith: parent.context)
        let timers = TimerScope()
        let log = group.log
        do {
            let engine = try group.prepare(js)
            let window = try BrowserWindow(
                document: document, url: url, baseURL: url.hasPrefix("about:") ? parent.documentBaseURL : nil,
                files: group.root, in: js, loop: group.loop, output: OutputStreams { _, bytes in log.append(bytes) },
                frame: FrameContext(wrappers: parent.wrappers, origin: origin, timers: timers))
            let frames = PageFrames(group: group, parent: window.bindings, origin: origin)
            document.frameHost = frames
            let child = FrameWindow(
                js: js, window: window, timers: timers, frames: frames, sameOrigin: origin == self.origin)
            child.engine = engine
            let relatives = try js.evaluate(Self.relativesScript, sourceURL: "gowasm-serve:frames.js")
            child.closeRelatives = try relatives.object?.call([
                parent.context.global, group.top.context.global, parent.wrap(iframe),
            ]).object
            group.windows.append(child)
            return child
        } catch {
            log.append(line: "An iframe's window did not start: \(error)")
            return nil
        }
    }

    /// `window.length` on the parent: its iframes with a window (defined when the first connects).
    private func defineLength() {
        guard !definedLength else { return }
        definedLength = true
        let count = parent.context.function("length") { [weak self] js, _, _ in js.number(self?.children.count ?? 0) }
        _ = try? parent.context.evaluate(
            "(function (count) { Object.defineProperty(globalThis, 'length', { get: { get length() { return count(); } }.__lookupGetter__('length'), set(v) { Object.defineProperty(globalThis, 'length', { value: v, writable: true, enumerable: true, configurable: true }); }, enumerable: true, configurable: true }); })",
            sourceURL: "gowasm-serve:frames.js"
        ).object?.call([count])
    }

    /// The parent window's indexed properties (`window[0]`, `frames[1]`): its iframes' windows in tree order.
    private func updateIndices() {
        let windows = parent.document.descendantElements.compactMap { element in
            element.isIFrame ? children[ObjectIdentifier(element)]?.js.global : nil
        }
        guard windows.count > 0 || indexed > 0 else { return }
        _ = try? parent.context.evaluate(
            "(function (windows, old) { windows.forEach((w, i) => Object.defineProperty(globalThis, i, { value: w, configurable: true })); for (let i = windows.length; i < old; i++) delete globalThis[i]; })",
            sourceURL: "gowasm-serve:frames.js"
        ).object?.call([parent.context.array(windows), parent.context.number(indexed)])
        indexed = windows.count
    }

    private func fire(_ type: String, at target: Node) {
        do {
            try parent.fire(type, at: target)
        } catch {
            group.log.append(line: "Uncaught \(error)")
        }
    }

    /// `new URL(url).origin` by the page's own URL parser (nil when it does not parse).
    static func origin(of url: String, in js: JSContext) -> String? {
        guard let constructor = js.global["URL"].object, let parsed = try? constructor.construct([js.string(url)]),
            let object = parsed.object
        else { return nil }
        let origin = object["origin"]
        return origin.isString ? origin.string : nil
    }

    /// Installs an iframe window's `parent`, `top` and `frameElement`; returns what ends them (a discarded
    /// window's are null, as a browser's are once the iframe is gone).
    private static let relativesScript = """
        (function (parent, top, frameElement) {
          let active = true;
          const accessor = (name, get) => Object.defineProperty(globalThis, name, {
            get: { get [name]() { return get(); } }.__lookupGetter__(name),
            set(value) { Object.defineProperty(globalThis, name, { value, writable: true, enumerable: true, configurable: true }); },
            enumerable: true, configurable: true,
          });
          accessor("parent", () => active ? parent : null);
          accessor("top", () => active ? top : null);
          accessor("frameElement", () => active ? frameElement : null);
          return () => { active = false; };
        })
        """
}
