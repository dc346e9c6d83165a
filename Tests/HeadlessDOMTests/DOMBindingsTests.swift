import HeadlessDOM
import JavaScript
import Testing
import WebHost

/// The DOM as scripts in JavaScriptCore see it: host classes with prototypes, browser-like enumeration and
/// JSON, one wrapper per node, events with capture, bubbling and `on*` handlers, location as a browser
/// shows it. (The bindings must outlive the scripts that use them: each test keeps its own.)
@Suite struct DOMBindingsTests {
    /// A context with the web platform and the DOM of `html` at `url`.
    private func page(_ html: String, url: String = "http://localhost/") throws -> (
        JSContext, Document, DOMBindings, EventLoop
    ) {
        let page = try ScriptedPage(html, url: url)
        return (page.js, page.document, page.bindings, page.loop)
    }

    private func eval(_ js: JSContext, _ source: String) throws -> String { try js.evaluate(source).string }

    @Test func nodesAreInstancesOfClassesWithMethodsOnPrototypes() throws {
        let (js, _, bindings, _) = try page("<p id=x>hi</p>")
        defer { withExtendedLifetime(bindings) {} }
        #expect(try eval(js, "document.getElementById('x') instanceof HTMLElement") == "true")
        #expect(try eval(js, "document.getElementById('x') instanceof Node && document instanceof Document") == "true")
        #expect(try eval(js, "document.body.firstChild.firstChild instanceof Text") == "true")
        #expect(try eval(js, "Object.keys(document.body).length + ':' + JSON.stringify(document.body)") == "0:{}")
        #expect(
            try eval(js, "Node.prototype.hasOwnProperty('appendChild') && !document.body.hasOwnProperty('appendChild')")
                == "true")
        #expect(try eval(js, "Object.prototype.toString.call(document.body)") == "[object HTMLBodyElement]")
        #expect(try eval(js, "document.getElementById('x') === document.body.firstChild") == "true")
        #expect(
            try eval(
                js, "try { Node.prototype.appendChild.call({}, document.body) } catch (e) { e.name + ': ' + e.message }"
            )
                == "TypeError: Illegal invocation")
        #expect(try eval(js, "try { new Node() } catch (e) { e.name }") == "TypeError")
    }

    /// `createProcessingInstruction`: a CharacterData node named by its target, serialized as `<?target data>`
    /// (HTML's form), refused for a target that is no name or data that would end it early.
    @Test func processingInstructionsAreCharacterDataNamedByTheirTarget() throws {
        let (js, document, bindings, _) = try page("<div id=app></div>")
        defer { withExtendedLifetime(bindings) {} }
        try js.evaluate(
            """
            const pi = document.createProcessingInstruction('xml-stylesheet', 'href="a.css"');
            document.getElementById('app').append(pi);
            """)
        #expect(
            try eval(
                js,
                """
                [pi instanceof ProcessingInstruction && pi instanceof CharacterData, pi.nodeType,
                 Node.PROCESSING_INSTRUCTION_NODE, pi.ELEMENT_NODE, pi.nodeName, pi.target, pi.data,
                 pi.cloneNode().target].join()
                """) == "true,7,7,1,xml-stylesheet,xml-stylesheet,href=\"a.css\",xml-stylesheet")
        #expect(document.body?.innerHTML == "<div id=\"app\"><?xml-stylesheet href=\"a.css\"></div>")
        let refused =
            "[['1x', 'd'], ['t', 'a?>b']].map(([t, d]) => { try { document.createProcessingInstruction(t, d); return 'made' } catch (e) { return e.name } }).join()"
        #expect(try eval(js, refused) == "InvalidCharacterError,InvalidCharacterError")
    }

    @Test func treeEditsReachTheDocument() throws {
        let (js, document, bindings, _) = try page("<div id=app></div>")
        defer { withExtendedLifetime(bindings) {} }
        try js.evaluate(
            """
            const app = document.getElementById('app');
            const b = document.createElement('b'); b.textContent = 'x & y';
            app.append(b, ' tail'); app.classList.add('a', 'b'); app.dataset.itemIndex = '3';
            app.style.backgroundColor = 'red'; document.title = 'T';
            """)
        #expect(
            document.body?.innerHTML
                == "<div id=\"app\" class=\"a b\" data-item-index=\"3\" style=\"background-color: red;\"><b>x &amp; y</b> tail</div>"
        )
        #expect(
            try eval(
                js,
                "document.querySelector('#app > b').textContent + '|' + app.dataset.itemIndex + '|' + app.style.cssText"
            ) == "x & y|3|background-color: red;")
        #expect(document.title == "T")
        #expect(try eval(js, "try { document.createElement('1x') } catch (e) { e.name }") == "InvalidCharacterError")
    }

    @Test func eventsCaptureBubbleAndReachTheWindow() throws {
        let (js, document, bindings, _) = try page("<div id=outer><p id=inner></p></div>")
        try js.evaluate(
            """
            var log = [];
            const inner = document.getElementById('inner'), outer = document.getElementById('outer');
            addEventListener('click', () => log.push('window'));
            outer.addEventListener('click', () => log.push('outer-capture'), true);
            outer.addEventListener('click', () => log.push('outer'));
            inner.onclick = (e) => log.push('inner-handler:' + (e.target === inner));
            const once = () => log.push('once');
            inner.addEventListener('click', once, { once: true });
            document.addEventListener('DOMContentLoaded', (e) => log.push('dcl:' + e.isTrusted));
            """)
        try js.evaluate(
            "inner.dispatchEvent(new MouseEvent('click', { bubbles: true })); inner.dispatchEvent(new Event('click'))")
        try bindings.fire("DOMContentLoaded", at: document, bubbles: true)
        #expect(
            try eval(js, "log.join(' ')")
                == "outer-capture inner-handler:true once outer window outer-capture inner-handler:true dcl:true",
            "an event handler property is a listener from when it is first set (here: before `once`)")
    }

    @Test func locationKeepsPercentEncodingAndHistoryMovesIt() throws {
        let (js, document, bindings, _) = try page("", url: "http://localhost:8080/a%20b/%3Cx%3E/")
        #expect(try eval(js, "location.pathname + ' ' + location.origin") == "/a%20b/%3Cx%3E/ http://localhost:8080")
        try js.evaluate("history.pushState(null, '', '/next?q=1#h')")
        #expect(try eval(js, "location.href + ' ' + history.length") == "http://localhost:8080/next?q=1#h 2")
        #expect(bindings.url.absoluteString == "http://localhost:8080/next?q=1#h")
        #expect(document.url == "http://localhost:8080/next?q=1#h")
        #expect(
            try eval(js, "localStorage.setItem('k', 1); localStorage.k + typeof localStorage.getItem('none')")
                == "1object")
    }

    /// Storage is a legacy platform object (WebIDL): a named property never hides a member, any string key
    /// written is an item ('getItem' too, though not enumerated: it is not visible), indices convert as
    /// unsigned long, and the area has a quota.
    @Test func storageNamedPropertiesFollowWebIDL() throws {
        let (js, _, _, _) = try page("")
        #expect(
            try eval(
                js,
                """
                localStorage.clear(); localStorage.getItem = 'x'; localStorage.setItem('name', 'v');
                [typeof localStorage.getItem, localStorage.length, 'name' in localStorage, Object.keys(localStorage).join(','),
                 localStorage.key(4294967296), delete localStorage.name, localStorage.length].join(' ')
                """) == "function 2 true name getItem true 1")
        #expect(
            try eval(
                js,
                """
                (() => { try { sessionStorage.setItem('big', 'x'.repeat(6 * 1024 * 1024)); return 'stored'; }
                         catch (e) { return e.constructor.name + ' ' + e.name + ' ' + sessionStorage.length; } })()
                """) == "QuotaExceededError QuotaExceededError 0")
    }
}
