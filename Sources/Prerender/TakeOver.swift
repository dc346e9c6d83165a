import HeadlessDOM

/// Hands a pre-rendered page over to the app when the browser runs it.
///
/// The browser's own copy of the app must start from the page as it was before pre-rendering, or it
/// would add its nodes next to the pre-rendered ones. So the page carries, in `<head>`, a small inline
/// script with the pristine `<body>` markup (and the pristine `<html>`/`<body>` attributes and title). It
/// wraps `Go.prototype.run` (intercepting `globalThis.Go = class ...` in `wasm_exec.js`, or patching it
/// when the glue was already loaded); the wrapper restores the pristine page and removes the script in
/// the same task that starts Go, before Go's first DOM call. No frame is painted in between, so the user
/// sees the pre-rendered content until the app renders its own.
///
/// `<head>` nodes the app added (a `<style>`, a new `<title>`) are kept in the pre-rendered page after the
/// script, so the page looks right before the app runs, and removed by the restore (the app adds them
/// again). The `<body>` stays exactly what the app rendered.
struct TakeOver {
    /// The state of the page before the app ran.
    struct Snapshot {
        let headNodes: Set<ObjectIdentifier>
        let bodyMarkup: String
        let bodyAttributes: [Attribute]
        let htmlAttributes: [Attribute]
        let titleText: String?

        init(_ document: Document) {
            headNodes = Set((document.head?.childNodes ?? []).map(ObjectIdentifier.init))
            bodyMarkup = document.body?.innerHTML ?? ""
            bodyAttributes = document.body?.attributes ?? []
            htmlAttributes = document.documentElement?.attributes ?? []
            titleText = document.head?.children.first { $0.localName == "title" }?.textContent
        }
    }

    /// Elements an app may add to `<head>` that the HTML parser keeps there and that do not run code.
    static let portableHeadElements: Set<String> = ["meta", "link", "style", "title", "base"]

    /// Rewrites the rendered `document` in place: the take-over script after the pristine head nodes,
    /// then the head nodes the app added (those the parser would keep in `<head>`; others are dropped).
    ///
    /// `baseHref`: the page is stored in another directory than the page it was rendered from (the dist's
    /// `index.html` written as `about/index.html`), so a `<base>` first in `<head>` keeps its relative
    /// references (glue, wasm, styles) pointing where they did; the restore removes it with the rest.
    static func install(in document: Document, snapshot: Snapshot, baseHref: String? = nil) throws(DOMError) {
        guard let head = document.head else { return }
        let addsBase = baseHref != nil && !document.descendantElements.contains { $0.localName == "base" }
        var added: [Node] = []
        for node in head.childNodes where !snapshot.headNodes.contains(ObjectIdentifier(node)) {
            node.remove()
            if let element = node as? Element, element.isHTML, portableHeadElements.contains(element.localName) {
                added.append(element)
            }
        }
        let script = try document.createElement("script")
        _ = try script.appendChild(document.createTextNode(source(for: snapshot, addsBase: addsBase)))
        _ = try head.appendChild(script)
        for node in added { _ = try head.appendChild(node) }
        if addsBase, let baseHref {
            let base = try document.createElement("base")
            try base.setAttribute("href", baseHref)
            _ = try head.insertBefore(base, head.firstChild)
        }
    }

    static func source(for snapshot: Snapshot, addsBase: Bool = false) -> String {
        func attributes(_ list: [Attribute]) -> String {
            "[" + list.map { "[\(literal($0.name)),\(literal($0.value))]" }.joined(separator: ",") + "]"
        }
        let title = snapshot.titleText.map(literal) ?? "null"
        return """
            (() => {
            "use strict";
            // gowasm-serve prerender: restore the pristine page in the task that starts Go (see TakeOver.swift).
            const script = document.currentScript;
            const base = \(addsBase ? "document.head.firstElementChild" : "null");
            const pristine = {body: \(literal(snapshot.bodyMarkup)), bodyAttributes: \(attributes(snapshot.bodyAttributes)), htmlAttributes: \(attributes(snapshot.htmlAttributes)), title: \(title)};
            let restored = false;
            const reset = (element, attributes) => {
            for (const name of element.getAttributeNames()) element.removeAttribute(name);
            for (const [name, value] of attributes) element.setAttribute(name, value);
            };
            const restore = () => {
            if (restored) return;
            restored = true;
            while (script.nextSibling) script.nextSibling.remove();
            script.remove();
            if (base) base.remove();
            reset(document.documentElement, pristine.htmlAttributes);
            reset(document.body, pristine.bodyAttributes);
            document.body.innerHTML = pristine.body;
            const title = document.head.querySelector("title");
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
