import HeadlessDOM
import JavaScript
import Testing
import WebHost

/// Custom elements: the DOM's half (states, names, `:defined`, the notices after each change) and the
/// registry scripts use, with reactions that run once the DOM operation is over.
@Suite struct CustomElementsTests {
    private func page(_ html: String) throws -> (JSContext, Document, DOMBindings) {
        let page = try ScriptedPage(html)
        return (page.js, page.document, page.bindings)
    }

    private func eval(_ js: JSContext, _ source: String) throws -> String { try js.evaluate(source).string }

    @Test func validNamesAreTheStandards() {
        for name in ["x-a", "my-element", "x-élève", "a-", "x-1.2_3", "x-\u{1F600}"] {
            #expect(CustomElementName.isValid(name), "\(name)")
        }
        for name in ["x", "X-a", "1-a", "-a", "x-A", "font-face", "annotation-xml", "x a-b", "x-a!"] {
            #expect(!CustomElementName.isValid(name), "\(name)")
        }
    }

    @Test func parsedElementsAreUndefinedUntilUpgraded() throws {
        let document = Document(parsing: "<x-a id=a></x-a><p id=p></p><button is=x-b id=b></button>")
        let a = try #require(document.getElementById("a"))
        #expect(a.customElementState == .undefined)
        #expect(document.getElementById("p")?.customElementState == .uncustomized)
        #expect(document.getElementById("b")?.customElementIs == "x-b")
        #expect(try document.querySelectorAll(":not(:defined)").map(\.id) == ["a", "b"])
        a.customElementState = .custom
        #expect(try a.matches(":defined"))
    }

    /// The DOM announces after the change, and only for elements that are or may become custom.
    @Test func theDOMAnnouncesAfterEachChange() throws {
        let document = Document(parsing: "<div id=d></div>")
        var seen: [String] = []
        document.customElementHook = { notice in
            switch notice {
            case .connected(let element): seen.append("connected \(element.localName) \(element.isConnected)")
            case .disconnected(let element): seen.append("disconnected \(element.localName) \(element.isConnected)")
            case .adopted(let element, _, _): seen.append("adopted \(element.localName)")
            case .created(let element): seen.append("created \(element.localName)")
            case .attributeChanged(let element, let name, _, let old, let new):
                seen.append("attribute \(element.localName) \(name) \(old ?? "null") \(new ?? "null")")
            }
        }
        let div = try #require(document.getElementById("d"))
        let custom = try document.createElement("x-a")
        let plain = try document.createElement("p")
        custom.customElementState = .custom
        try div.appendChild(plain)
        try div.appendChild(custom)
        try custom.setAttribute("k", "1")
        try plain.setAttribute("k", "1")
        custom.removeAttribute("k")
        custom.remove()
        let undefinedOne = try document.createElement("x-b")
        try div.appendChild(undefinedOne)
        #expect(
            seen == [
                "connected x-a true", "attribute x-a k null 1", "attribute x-a k 1 null", "disconnected x-a false",
                "connected x-b true",
            ])
    }

    /// A connectedCallback sees the whole operation done (both nodes of a fragment inserted), and a callback's
    /// own DOM calls run their reactions before the outer queue goes on (nested [CEReactions]).
    @Test func reactionsRunOnceTheOperationIsOver() throws {
        let (js, _, bindings) = try page("<div id=d></div>")
        defer { withExtendedLifetime(bindings) {} }
        try js.evaluate(
            """
            var log = [];
            class XA extends HTMLElement {
              static observedAttributes = ['k'];
              connectedCallback() {
                log.push('connected ' + this.id + ' siblings=' + this.parentNode.childNodes.length);
                if (this.id === 'one') this.setAttribute('k', 'v');
              }
              attributeChangedCallback(name, old, value) { log.push('attribute ' + this.id + ' ' + value); }
            }
            customElements.define('x-a', XA);
            const one = document.createElement('x-a'); one.id = 'one';
            const two = new XA(); two.id = 'two';
            document.getElementById('d').append(one, two);
            """)
        #expect(
            try eval(js, "log.join('|')")
                == "connected one siblings=2|attribute one v|connected two siblings=2")
        #expect(try eval(js, "document.querySelectorAll('x-a:defined').length") == "2")
    }

    @Test func parsedElementsUpgradeInTreeOrderWhenDefined() throws {
        let (js, _, bindings) = try page("<x-a id=a><x-a id=b></x-a></x-a><x-a id=c k=1></x-a>")
        defer { withExtendedLifetime(bindings) {} }
        try js.evaluate(
            """
            var log = [];
            customElements.whenDefined('x-a').then(() => log.push('defined'));
            customElements.define('x-a', class extends HTMLElement {
              static get observedAttributes() { return ['k']; }
              constructor() { super(); log.push('construct ' + this.id); }
              connectedCallback() { log.push('connected ' + this.id); }
              attributeChangedCallback(name, old, value) { log.push('attribute ' + this.id + ' ' + old + ' ' + value); }
            });
            """)
        let log = try eval(js, "log.join('|')")
        #expect(
            log == "construct a|connected a|construct b|connected b|construct c|attribute c null 1|connected c|defined")
        #expect(try eval(js, "document.getElementById('b') instanceof customElements.get('x-a')") == "true")
        #expect(
            try eval(js, "try { customElements.define('x-a', class extends HTMLElement {}) } catch (e) { e.name }")
                == "NotSupportedError")
    }
}
