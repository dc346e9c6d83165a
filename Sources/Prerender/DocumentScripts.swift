import Foundation
import HeadlessDOM
import JavaScript

/// Runs one window's document as a browser's parser would (the page's, or an iframe's): its classic
/// scripts in document order (inline, and same-origin `src` read through the window's fetcher) with
/// `document.currentScript`, `defer` ones after, then DOMContentLoaded and `load`.
struct DocumentScripts {
    let bindings: DOMBindings
    let fetcher: DistFetch
    let log: OutputTail
    /// Told of every exception a script raised (after it was reported at the window).
    var raised: (JSValue) -> Void = { _ in }
    /// Whether scripts still run (false once the Go program exited, or the window was discarded).
    var running: () -> Bool = { true }

    /// The classic scripts to run while parsing and the `defer` ones for after, in document order. Data
    /// blocks (`type=application/json`, templates) are skipped as browsers skip them; a module script
    /// throws `.module` (the page would not work without it).
    func scripts() throws(ModuleScript) -> (now: [Element], deferred: [Element]) {
        var now: [Element] = []
        var deferred: [Element] = []
        for element in bindings.document.descendantElements where element.isHTML && element.localName == "script" {
            switch PageScript(element) {
            case .data: continue
            case .module: throw ModuleScript(src: element.getAttribute("src"))
            case .classic: if element.hasAttribute("nomodule") { continue }
            }
            if element.hasAttribute("src"), element.hasAttribute("defer"), !element.hasAttribute("async") {
                deferred.append(element)
            } else {
                now.append(element)
            }
        }
        return (now, deferred)
    }

    /// A `<script type=module>`, which this runtime does not run.
    struct ModuleScript: Error {
        let src: String?
    }

    /// A script a script inserted (HTML standard's "prepare the script element"): an inline one runs at
    /// once; one with `src` is fetched and runs in a task of its own (`later`: such scripts are async), then
    /// fires `load` or `error`. One with no `src` and no text waits: in a browser it would run once it gets
    /// one (not followed here). A module script fires `error`, since this runtime runs classic scripts.
    func inserted(_ element: Element, later: (@escaping () -> Void) -> Void) {
        switch PageScript(element) {
        case .data: return
        case .module:
            element.scriptAlreadyStarted = true
            let source = element.getAttribute("src").map { " (\($0))" } ?? ""
            log.append(line: "Failed to run script\(source): <script type=module> is not supported by the pre-renderer")
            later { fire("error", at: element) }
            return
        case .classic:
            if element.hasAttribute("nomodule") { return }
        }
        guard element.hasAttribute("src") || !(element.textContent ?? "").isEmpty else { return }
        element.scriptAlreadyStarted = true
        if element.hasAttribute("src") {
            later { run(element) }
        } else {
            run(element)
        }
    }

    /// Runs one script with `document.currentScript` set. An exception is reported at the window and the
    /// document goes on with its next script, as in a browser; a `src` the fetcher cannot answer fires
    /// `error`, one that ran fires `load`.
    func run(_ element: Element) {
        guard running() else { return }
        let js = bindings.context
        var source = element.textContent ?? ""
        var name = "\(bindings.url.absoluteString)#inline-script"
        if let src = element.getAttribute("src") {
            // Resolved by the page's WHATWG URL parser, as `fetch` resolves; DistFetch gets an absolute URL.
            let target = bindings.whatwgResolve(src, against: bindings.documentBaseURI) ?? src
            switch fetcher.answer(to: target, method: "GET", base: bindings.documentBaseURL) {
            case .success(let response) where response.status == 200:
                source = String(decoding: response.body, as: UTF8.self)
                name = response.url.absoluteString
            case .success(let response):
                log.append(line: "Failed to load script \(src): HTTP \(response.status)")
                fire("error", at: element)
                return
            case .failure(let error):
                log.append(line: "Failed to load script \(src): \(error.message)")
                fire("error", at: element)
                return
            }
        }
        let previous = bindings.currentScript
        bindings.currentScript = element
        do {
            try js.evaluate(source, sourceURL: name)
        } catch {
            raised(error.value ?? js.string(error.message))
            if error.value != nil { bindings.reportUncaught(error) } else { log.append(line: "Uncaught \(error)") }
        }
        bindings.currentScript = previous
        if element.hasAttribute("src") { fire("load", at: element) }
    }

    /// Fires `type` at `target` (the window when nil); a failure is logged.
    func fire(_ type: String, at target: Node?, bubbles: Bool = false) {
        do {
            try bindings.fire(type, at: target, bubbles: bubbles)
        } catch {
            log.append(line: "Uncaught \(error)")
        }
    }
}
