import HeadlessDOM
import JavaScript
import Testing
import WebHost

/// Shadow trees (the Swift DOM and as scripts see them: event paths through hosts, retargeting,
/// composedPath without closed trees), the window's named properties, and the form-validity selectors.
@Suite struct ShadowDOMTests {
    private func page(_ html: String) throws -> (JSContext, Document, DOMBindings) {
        let page = try ScriptedPage(html)
        return (page.js, page.document, page.bindings)
    }

    private func eval(_ js: JSContext, _ source: String) throws -> String { try js.evaluate(source).string }

    @Test func aShadowTreeIsOutsideTheHostsChildrenAndItsSerialization() throws {
        let document = Document(parsing: "<!DOCTYPE html><body><div id=host><b>light</b></div></body>")
        let host = try #require(document.getElementById("host"))
        let root = try host.attachShadow(mode: .closed)
        root.setInnerHTML("<p id=inner>shadow</p>")
        let inner = try #require(root.getElementById("inner"))
        #expect(host.innerHTML == "<b>light</b>", "the shadow tree is not serialized")
        #expect(!document.serialized.contains("shadow"))
        #expect(document.getElementById("inner") == nil)
        #expect(try document.querySelector("#inner") == nil)
        #expect(inner.rootNode === root && inner.getRootNode(composed: true) === document)
        #expect(inner.isConnected && root.host === host && host.hostedShadowRoot === root)
        #expect(throws: DOMError.self) { try host.attachShadow(mode: .open) }
        let input = try document.createElement("input")
        #expect(throws: DOMError.self) { try input.attachShadow(mode: .open) }
        #expect((try document.createElement("my-widget").attachShadow(mode: .open)).isConnected == false)
    }

    @Test func slotsAreAssignedByName() throws {
        let document = Document(parsing: "<div id=host><span slot=a id=one>1</span><i id=two>2</i></div>")
        let host = try #require(document.getElementById("host"))
        let root = try host.attachShadow(mode: .open)
        root.setInnerHTML("<slot name=a id=named></slot><slot id=default></slot>")
        let named = try #require(root.getElementById("named"))
        let fallback = try #require(root.getElementById("default"))
        #expect(document.getElementById("one")?.assignedSlot === named)
        #expect(document.getElementById("two")?.assignedSlot === fallback)
        #expect(named.assignedNodes.count == 1 && fallback.assignedNodes.count == 1)
    }

    @Test func eventsCrossHostsRetargetedAndClosedTreesStayHidden() throws {
        let (js, _, bindings) = try page(
            "<div id=host><span id=light slot=s>l</span></div><section id=closedHost></section>")
        defer { withExtendedLifetime(bindings) {} }
        let result = try eval(
            js,
            """
            const name = (n) => n === window ? "window" : n.nodeType === 11 ? "#root" : n.nodeType === 9 ? "#document" : n.id || n.nodeName;
            const open = document.getElementById("host").attachShadow({ mode: "open" });
            open.innerHTML = "<p id=inner><slot name=s id=slot></slot></p>";
            const closed = document.getElementById("closedHost").attachShadow({ mode: "closed" });
            closed.innerHTML = "<em id=hidden></em>";
            const seen = [];
            const note = (e) => seen.push(name(e.currentTarget) + ">" + name(e.target) + "[" + e.composedPath().map(name).join(",") + "]");
            for (const n of [window, document.body, document.getElementById("host"), open, open.getElementById("inner"),
              document.getElementById("closedHost"), closed, closed.getElementById("hidden"), document.getElementById("light"),
              open.getElementById("slot")]) n.addEventListener("x", note);
            closed.getElementById("hidden").dispatchEvent(new Event("x", { bubbles: true, composed: true }));
            seen.push("|");
            open.getElementById("inner").dispatchEvent(new Event("x", { bubbles: true }));
            seen.push("|");
            document.getElementById("light").dispatchEvent(new Event("x", { bubbles: true }));
            seen.push("|", document.getElementById("host").shadowRoot === open, document.getElementById("closedHost").shadowRoot);
            seen.join(" ");
            """)
        let parts = result.components(separatedBy: " | ")
        #expect(parts.count == 4)
        // From the closed tree, composed: outside it the target is its host and the path starts there.
        let outside = "closedHost,BODY,HTML,#document,window]"
        #expect(
            parts[0]
                == "hidden>hidden[hidden,#root,\(outside) #root>hidden[hidden,#root,\(outside) "
                + "closedHost>closedHost[\(outside) BODY>closedHost[\(outside) window>closedHost[\(outside)")
        // Not composed: the event stays in the open shadow tree.
        #expect(parts[1] == "inner>inner[inner,#root] #root>inner[inner,#root]")
        // A slotted node's parent in the path is its slot, then the shadow tree, then the host.
        let path = "[light,slot,inner,#root,host,BODY,HTML,#document,window]"
        #expect(
            parts[2]
                == ["light", "slot", "inner", "#root", "host", "BODY", "window"].map { "\($0)>light\(path)" }.joined(
                    separator: " "))
        #expect(parts[3] == "true ", "a closed root is not shown (null joins as empty)")
    }

    @Test func relatedTargetsAreRetargetedAndIsConnectedCrossesHosts() throws {
        let (js, _, bindings) = try page("<div id=host></div>")
        defer { withExtendedLifetime(bindings) {} }
        let result = try eval(
            js,
            """
            const root = document.getElementById("host").attachShadow({ mode: "closed" });
            root.innerHTML = "<input id=a><input id=b>";
            const seen = [];
            document.body.addEventListener("focusin", (e) => seen.push("body:" + e.target.id + "/" + (e.relatedTarget && e.relatedTarget.id)));
            root.getElementById("b").addEventListener("focusin", (e) => seen.push("b:" + e.target.id + "/" + e.relatedTarget.id));
            root.getElementById("a").focus();
            root.getElementById("b").focus();
            seen.push(root.getElementById("a").isConnected, document.activeElement.id, root.activeElement.id);
            seen.join(" ");
            """)
        // Focus moving inside the shadow tree is not seen outside it (target and relatedTarget are both the host).
        #expect(result == "body:host/null b:b/a true host b")
    }

    @Test func elementIdsAreWindowPropertiesWhileNoRealPropertyHasTheName() throws {
        let (js, _, bindings) = try page("<div id=target></div><form name=login></form><p id=location></p>")
        defer { withExtendedLifetime(bindings) {} }
        #expect(try eval(js, "target === document.getElementById('target')") == "true")
        #expect(try eval(js, "window.login.localName") == "form")
        #expect(try eval(js, "window.location === document.getElementById('location')") == "false")
        #expect(
            try eval(
                js, "const b = document.createElement('b'); b.id = 'late'; document.body.append(b); b === window.late")
                == "true")
        #expect(try eval(js, "document.getElementById('late').remove(); typeof window.late") == "undefined")
        #expect(try eval(js, "try { late; 'found' } catch (e) { e.name }") == "ReferenceError")
        #expect(try eval(js, "window.target = 5; target") == "5")
    }

    @Test func formValiditySelectors() throws {
        let document = Document(
            parsing: """
                <form id=f><fieldset id=fs><input id=empty required><input id=full required value=x></fieldset>
                <select id=s required><option value="">choose</option><option>a</option></select>
                <input id=off disabled required><input id=opt></form>
                """)
        let ids = { (selector: String) in try document.querySelectorAll(selector).map(\.id) }
        #expect(try ids(":invalid") == ["f", "fs", "empty", "s"])
        #expect(try ids(":valid") == ["full", "opt"])
        #expect(try ids(":required") == ["empty", "full", "s", "off"])
        #expect(try ids("input:optional") == ["opt"])
        #expect(try ids("input:enabled").count == 3)
    }
}
