import HeadlessDOM
import JavaScript
import WebHost

/// A page as these tests script it: a context with the web platform (the browser surface, on a virtual
/// clock) and the DOM of `html` at `url`. The bindings must outlive the scripts that use them: keep the
/// page (or its `bindings`) for as long as the test evaluates.
struct ScriptedPage {
    let js: JSContext
    let document: Document
    let bindings: DOMBindings
    let loop: EventLoop

    init(_ html: String = "<p>page</p>", url: String = "http://localhost/") throws {
        js = JSContext()
        loop = EventLoop(pendingWork: nil, clock: .virtual(budgetMilliseconds: 1000))
        _ = try WebPlatform.install(in: js, loop: loop, output: OutputStreams { _, _ in }, surface: .browser)
        document = Document(parsing: html, url: url)
        bindings = DOMBindings(document: document, context: js, url: url)
        try bindings.install()
    }
}
