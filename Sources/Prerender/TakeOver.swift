import HeadlessDOM

/// Hands a pre-rendered page over to the app when the browser runs it, whatever the app did to the DOM.
///
/// The browser's own copy of the app must start from the page as it was before pre-rendering, or it
/// would add its nodes next to the pre-rendered ones; and it must start at all, though the app may have
/// removed the page's scripts, replaced `<body>` (vecty's `RenderBody`, `document.body = …`), rewritten
/// `<head>` or rendered into `<html>`. So the pre-rendered page holds none of the scripts the rendered DOM
/// has: the page's own scripts (glue, loader, inline helpers) are written back from their pristine markup,
/// in their original order and with every attribute (`integrity`, `crossorigin`, `defer`, `id`), by
/// `document.write` from two inline scripts, so the parser runs them as it ran the originals: the head
/// ones from `<head>`, the body ones after the rendered body (before DOMContentLoaded, which loaders wait
/// for). The head script also carries the pristine page (the `<body>` markup, the `<html>`/`<body>`
/// attributes, the title, and the `<head>` markup when the app changed it) and wraps `Go.prototype.run`
/// (intercepting `globalThis.Go = class ...` in `wasm_exec.js`); the wrapper restores the pristine page in
/// the task that starts Go, before Go's first DOM call. No frame is painted in between, so the user sees
/// the pre-rendered content until the app renders its own.
///
/// `<head>` nodes the app added (a `<style>`, a new `<title>`) are kept in the pre-rendered page before the
/// script, so the page looks right before the app runs, and removed by the restore (the app adds them
/// again). Scripts the app added are dropped: the app adds them again after the restore.
struct TakeOver {
    /// The state of the page before the app ran.
    struct Snapshot {
        /// `<head>`'s children, in order, with their markup then.
        let headNodes: [PristineNode]
        let headMarkup: String
        /// The page's scripts in document order (those the browser would run).
        let scripts: [PristineScript]
        let bodyMarkup: String
        let bodyAttributes: [Attribute]
        let htmlAttributes: [Attribute]
        let titleText: String?

        init(_ document: Document) {
            headNodes = (document.head?.childNodes ?? []).map(PristineNode.init)
            headMarkup = document.head?.innerHTML ?? ""
            let head = document.head
            scripts = document.descendantElements.filter(PageScript.isExecutable).map { element in
                PristineScript(markup: element.outerHTML, inHead: head?.contains(element) ?? false)
            }
            bodyMarkup = document.body?.innerHTML ?? ""
            bodyAttributes = document.body?.attributes ?? []
            htmlAttributes = document.documentElement?.attributes ?? []
            titleText = document.head?.children.first { $0.localName == "title" }?.textContent
        }
    }

    struct PristineNode {
        let id: ObjectIdentifier
        let markup: String
        let isScript: Bool
        let isTitle: Bool

        init(_ node: Node) {
            id = ObjectIdentifier(node)
            markup = TakeOver.markup(of: node)
            let element = node as? Element
            isScript = element.map(PageScript.isExecutable) ?? false
            isTitle = element.map { $0.isHTML && $0.localName == "title" } ?? false
        }
    }

    struct PristineScript {
        let markup: String
        let inHead: Bool
    }

    /// Elements an app may add to `<head>` that the HTML parser keeps there and that do not run code.
    static let portableHeadElements: Set<String> = ["meta", "link", "style", "title", "base"]

    /// Rewrites the rendered `document` in place: no scripts but the take-over's; in `<head>`, the pristine
    /// head nodes the app kept, the head nodes it added (those the parser would keep in `<head>`), then the
    /// take-over script; after the body, the writer of the page's body scripts.
    ///
    /// `baseHref`: the page is stored in another directory than the page it was rendered from (the dist's
    /// `index.html` written as `about/index.html`), so a `<base>` first in `<head>` keeps its relative
    /// references (glue, wasm, styles) pointing where they did; the restore removes it with the rest.
    static func install(in document: Document, snapshot: Snapshot, baseHref: String? = nil) throws(DOMError) {
        guard let root = document.documentElement else {
            throw .hierarchyRequest("the app removed the page's root element")
        }
        for element in document.descendantElements where PageScript.isExecutable(element) { element.remove() }
        let head: Element
        if let existing = document.head {
            head = existing
        } else {
            // The app rendered into <html> without a <head>: the parser makes one there anyway.
            head = try document.createElement("head")
            _ = try root.insertBefore(head, root.firstChild)
        }
        let addsBase = baseHref != nil && !document.descendantElements.contains { $0.localName == "base" }
        let pristine = Set(snapshot.headNodes.map(\.id))
        var added: [Node] = []
        for node in head.childNodes where !pristine.contains(ObjectIdentifier(node)) {
            node.remove()
            if let element = node as? Element, element.isHTML, portableHeadElements.contains(element.localName) {
                added.append(element)
            }
        }
        let headIntact = isIntact(head, snapshot: snapshot)
        if headIntact { try markScriptPlaces(in: head, snapshot: snapshot) }
        for node in added { _ = try head.appendChild(node) }
        let script = try document.createElement("script")
        let source = source(for: snapshot, addsBase: addsBase, headIntact: headIntact, added: added.count)
        _ = try script.appendChild(document.createTextNode(source))
        _ = try head.appendChild(script)
        if addsBase, let baseHref {
            let base = try document.createElement("base")
            try base.setAttribute("href", baseHref)
            _ = try head.insertBefore(base, head.firstChild)
        }
        let bodyScripts = snapshot.scripts.filter { !$0.inHead }.map(\.markup)
        guard !bodyScripts.isEmpty else { return }
        let writer = try document.createElement("script")
        _ = try writer.appendChild(document.createTextNode(writerSource(for: bodyScripts)))
        // Last in <body> when nothing follows it; else last in <html>, which the parser moves to the end of
        // <body> too, so it runs after everything the app rendered.
        if let body = document.body, body.nextElementSibling == nil {
            _ = try body.appendChild(writer)
        } else {
            _ = try root.appendChild(writer)
        }
    }

    /// Whether `<head>` (its added nodes taken out) still holds the pristine head nodes, in order, unchanged
    /// but for the scripts (written back) and the title's text (restored as text). Then the restore only
    /// puts the scripts back in place; otherwise it rewrites `<head>` from its pristine markup.
    static func isIntact(_ head: Element, snapshot: Snapshot) -> Bool {
        let kept = snapshot.headNodes.filter { !$0.isScript }
        let current = head.childNodes
        guard current.count == kept.count else { return false }
        return zip(current, kept).allSatisfy { node, pristine in
            ObjectIdentifier(node) == pristine.id && (pristine.isTitle || markup(of: node) == pristine.markup)
        }
    }

    /// The comment that holds a pristine `<head>` script's place until the restore puts an inert copy there:
    /// without it, the text around a removed script would parse back as one node, and no index would do.
    static let scriptPlace = "gowasm-serve:script"

    /// In an intact `<head>`, a `scriptPlace` comment where each pristine script was.
    static func markScriptPlaces(in head: Element, snapshot: Snapshot) throws(DOMError) {
        guard let document = head.ownerDocument else { return }
        var kept = head.childNodes.makeIterator()
        var next = kept.next()
        for node in snapshot.headNodes {
            if node.isScript {
                _ = try head.insertBefore(document.createComment(scriptPlace), next)
            } else {
                next = kept.next()
            }
        }
    }

    static func markup(of node: Node) -> String {
        if let element = node as? Element { return element.outerHTML }
        return "#\(node.nodeType.rawValue):" + (node.nodeValue ?? "")
    }

    static func source(for snapshot: Snapshot, addsBase: Bool = false, headIntact: Bool = true, added: Int = 0)
        -> String
    {
        func attributes(_ list: [Attribute]) -> String {
            "[" + list.map { "[\(literal($0.name)),\(literal($0.value))]" }.joined(separator: ",") + "]"
        }
        let title = snapshot.titleText.map(literal) ?? "null"
        let headScripts = snapshot.headNodes.filter(\.isScript).map { literal($0.markup) }
        let head = headIntact ? "null" : literal(snapshot.headMarkup)
        let written = snapshot.scripts.filter(\.inHead).map(\.markup)
        return """
            (() => {
            "use strict";
            // gowasm-serve prerender: restore the pristine page in the task that starts Go (see TakeOver.swift).
            const script = document.currentScript;
            const base = \(addsBase ? "document.head.firstElementChild" : "null");
            const added = [];
            for (let node = script.previousSibling; added.length < \(added) && node; node = node.previousSibling) added.push(node);
            const pristine = {body: \(literal(snapshot.bodyMarkup)), bodyAttributes: \(attributes(snapshot.bodyAttributes)), htmlAttributes: \(attributes(snapshot.htmlAttributes)), title: \(title), head: \(head), headScripts: [\(headScripts.joined(separator: ","))]};
            const written = [\(written.map(literal).joined(separator: ","))];
            let restored = false;
            const reset = (element, attributes) => {
            for (const name of element.getAttributeNames()) element.removeAttribute(name);
            for (const [name, value] of attributes) element.setAttribute(name, value);
            };
            // Parsed as a fragment, a script never runs: the page's own copies already ran.
            const inert = (markup) => {
            const template = document.createElement("template");
            template.innerHTML = markup;
            return template.content;
            };
            const restore = () => {
            if (restored) return;
            restored = true;
            const head = document.head;
            for (const node of added) node.remove();
            for (const node of [...head.querySelectorAll("script")]) if (written.includes(node.outerHTML)) node.remove();
            script.remove();
            if (base) base.remove();
            reset(document.documentElement, pristine.htmlAttributes);
            if (pristine.head !== null) head.innerHTML = pristine.head;
            else {
            const places = [...head.childNodes].filter((node) => node.nodeType === 8 && node.data === \(literal(scriptPlace)));
            places.forEach((place, index) => place.replaceWith(inert(pristine.headScripts[index])));
            }
            reset(document.body, pristine.bodyAttributes);
            document.body.innerHTML = pristine.body;
            const title = head.querySelector("title");
            if (title && pristine.title !== null) title.textContent = pristine.title;
            };
            const patch = (Go) => {
            const run = Go && Go.prototype && Go.prototype.run;
            if (typeof run !== "function" || run.gowasmTakeOver) return;
            const takeOver = function (instance) { restore(); return run.call(this, instance); };
            takeOver.gowasmTakeOver = true;
            Go.prototype.run = takeOver;
            };
            let current = globalThis.Go;
            patch(current);
            Object.defineProperty(globalThis, "Go", {configurable: true, enumerable: true, get: () => current, set: (value) => { current = value; patch(value); }});
            // The page's <head> scripts, run by the parser as the originals were.
            if (written.length) document.write(written.join(""));
            })();
            """
    }

    /// The script after the rendered body that writes the page's body scripts back, followed by one that
    /// removes them once they ran (a `defer`/`async` one stays until it has), so the DOM the user sees
    /// before the app starts is the rendered one.
    static func writerSource(for scripts: [String]) -> String {
        let cleanUp = """
            (() => {
            const written = [\(scripts.map(literal).joined(separator: ","))];
            for (const node of [...document.querySelectorAll("script")]) {
            if (written.includes(node.outerHTML) && !(node.src && (node.defer || node.async))) node.remove();
            }
            document.currentScript.remove();
            })();
            """
        let markup = scripts.joined() + "<script>" + cleanUp + "</script>"
        return """
            (() => {
            // gowasm-serve prerender: the page's body scripts, run by the parser after the rendered body.
            document.currentScript.remove();
            document.write(\(literal(markup)));
            })();
            """
    }

    /// A double-quoted JS string literal that is also safe inside `<script>` (no `<`, no line terminators).
    static func literal(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += unicodeEscape(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output += unicodeEscape(scalar)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// `\uXXXX` for a scalar of the Basic Multilingual Plane (all the escaped ones are).
    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
