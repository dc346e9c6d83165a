import HeadlessDOM
import Testing

/// Node creation, tree mutation, navigation and the errors the DOM throws.
@Suite struct TreeTests {
    let document = Document(
        parsing: "<!DOCTYPE html><html><head><title>t</title></head><body><div id=root></div></body></html>")

    var root: Element { document.getElementById("root")! }

    @Test func documentStructure() throws {
        #expect(document.nodeType == .document)
        #expect(document.nodeName == "#document")
        #expect(document.doctype?.name == "html")
        #expect(document.documentElement?.tagName == "HTML")
        #expect(document.head?.localName == "head")
        #expect(document.body?.nodeName == "BODY")
        #expect(document.readyState == "complete")
        #expect(root.parentElement === document.body)
        #expect(root.isConnected)
    }

    @Test func createNodes() throws {
        let div = try document.createElement("DIV")
        #expect(div.localName == "div" && div.tagName == "DIV" && div.nodeType == .element)
        let circle = try document.createElementNS(Namespace.svgURI, "circle")
        #expect(circle.namespace == .svg && circle.tagName == "circle")
        let prefixed = try document.createElementNS(Namespace.svgURI, "svg:rect")
        #expect(prefixed.tagName == "svg:rect" && prefixed.localName == "rect")
        let text = document.createTextNode("hi")
        #expect(text.nodeName == "#text" && text.nodeValue == "hi" && text.nodeType == .text)
        let comment = document.createComment("c")
        #expect(comment.nodeName == "#comment" && comment.nodeType == .comment && comment.textContent == "c")
        let fragment = document.createDocumentFragment()
        #expect(fragment.nodeType == .documentFragment && fragment.nodeName == "#document-fragment")
        #expect(throws: DOMError.invalidCharacter("'a b' is not a valid element name")) {
            try document.createElement("a b")
        }
        #expect(throws: DOMError.self) { try document.createElement("") }
        #expect(throws: DOMError.self) { try document.createElementNS(nil, "x:y") }
    }

    @Test func appendInsertRemoveReplace() throws {
        let a = try document.createElement("a"), b = try document.createElement("b"),
            c = try document.createElement("i")
        try root.appendChild(a)
        try root.appendChild(c)
        try root.insertBefore(b, c)
        #expect(root.innerHTML == "<a></a><b></b><i></i>")
        #expect(a.nextSibling === b && b.previousSibling === a && c.nextSibling == nil && a.previousSibling == nil)
        #expect(root.firstChild === a && root.lastChild === c)
        try root.insertBefore(c, a)  // moves
        #expect(root.innerHTML == "<i></i><a></a><b></b>")
        try root.insertBefore(a, a)  // before itself: no change
        #expect(root.innerHTML == "<i></i><a></a><b></b>")
        let old = try root.replaceChild(document.createTextNode("t"), a)
        #expect(old === a && a.parentNode == nil)
        #expect(root.innerHTML == "<i></i>t<b></b>")
        try root.removeChild(c)
        #expect(root.innerHTML == "t<b></b>")
        b.remove()
        #expect(root.innerHTML == "t")
        b.remove()  // detached: no effect
        #expect(b.parentNode == nil)
    }

    @Test func mutationErrors() throws {
        let outer = try document.createElement("div"), inner = try document.createElement("span")
        try outer.appendChild(inner)
        #expect(throws: DOMError.hierarchyRequest("the new child is an ancestor of the parent")) {
            try inner.appendChild(outer)
        }
        #expect(throws: DOMError.self) { try outer.appendChild(outer) }
        let stranger = try document.createElement("p")
        #expect(throws: DOMError.notFound("the node to remove is not a child of this node")) {
            try outer.removeChild(stranger)
        }
        #expect(throws: DOMError.self) { try outer.insertBefore(stranger, try document.createElement("q")) }
        #expect(throws: DOMError.self) { try outer.replaceChild(stranger, try document.createElement("q")) }
        #expect(throws: DOMError.self) { try document.appendChild(try document.createElement("html")) }
        #expect(throws: DOMError.self) { try document.appendChild(document.createTextNode("x")) }
        #expect(throws: DOMError.self) { try document.createTextNode("x").appendChild(stranger) }
        #expect(DOMError.notFound("m").name == "NotFoundError")
        #expect(inner.parentNode === outer, "a failed mutation leaves the tree as it was")
    }

    @Test func fragmentsMoveTheirChildren() throws {
        let fragment = document.createDocumentFragment()
        try fragment.append([
            document.createTextNode("1"), try document.createElement("br"), document.createTextNode("2"),
        ])
        #expect(fragment.childNodes.count == 3)
        try root.appendChild(fragment)
        #expect(fragment.childNodes.isEmpty)
        #expect(root.innerHTML == "1<br>2")
        try root.prepend([document.createComment("p")])
        #expect(root.innerHTML == "<!--p-->1<br>2")
        try root.replaceChildren([document.createTextNode("only")])
        #expect(root.innerHTML == "only")
        try root.replaceChildren([])
        #expect(root.childNodes.isEmpty)
    }

    @Test func navigationAndElementChildren() throws {
        root.setInnerHTML("text<p>one</p><!--c--><p>two</p>tail")
        #expect(root.childNodes.count == 5)
        #expect(root.children.map(\.textContent) == ["one", "two"])
        #expect(root.firstElementChild?.textContent == "one")
        #expect(root.lastElementChild?.textContent == "two")
        #expect(root.firstElementChild?.nextElementSibling?.textContent == "two")
        #expect(root.lastElementChild?.previousElementSibling?.textContent == "one")
        #expect(root.childElementCount == 2)
        #expect(root.contains(root.firstElementChild?.firstChild))
        #expect(root.contains(root))
        #expect(!root.contains(document.body))
        #expect(root.firstChild?.parentNode === root && root.firstChild?.parentElement === root)
    }

    @Test func textContentAndNodeValue() throws {
        root.setInnerHTML("a<b>b<i>c</i></b><!--x-->d")
        #expect(root.textContent == "abcd")
        #expect(root.nodeValue == nil)
        #expect(document.textContent == nil)
        root.textContent = "<new> & text"
        #expect(root.childNodes.count == 1)
        #expect(root.innerHTML == "&lt;new&gt; &amp; text")
        root.textContent = ""
        #expect(root.childNodes.isEmpty)
        let text = document.createTextNode("v")
        text.nodeValue = "w"
        #expect(text.textContent == "w")
    }

    @Test func cloneNode() throws {
        root.setInnerHTML("<p class=a data-x=1>t<b>u</b></p><template><i>in</i></template>")
        let p = try #require(root.firstElementChild)
        let shallow = p.cloneNode() as! Element
        #expect(shallow.outerHTML == "<p class=\"a\" data-x=\"1\"></p>")
        #expect(shallow.parentNode == nil && shallow.ownerDocument === document)
        let deep = p.cloneNode(deep: true) as! Element
        #expect(deep.outerHTML == p.outerHTML)
        try deep.setAttribute("class", "changed")
        #expect(p.className == "a", "a clone is independent")
        let template = try #require(root.lastElementChild)
        #expect((template.cloneNode(deep: true) as! Element).outerHTML == "<template><i>in</i></template>")
    }

    @Test func eventListenersAreRecorded() throws {
        final class Listener {}
        let listener = Listener(), other = Listener()
        root.addEventListener("click", listener)
        root.addEventListener("click", listener)  // duplicate ignored
        root.addEventListener("click", listener, capture: true)
        root.addEventListener("input", other)
        #expect(root.eventListeners.count == 3)
        root.removeEventListener("click", listener)
        #expect(root.eventListeners.map(\.type) == ["click", "input"])
        root.setEventHandler("onClick", listener)
        #expect(root.eventHandler("onclick") === listener)
        root.setEventHandler("onclick", nil)
        #expect(root.eventHandler("onclick") == nil)
        #expect(root.outerHTML == "<div id=\"root\"></div>", "listeners never show in markup")
    }

    @Test func documentTitle() throws {
        let page = Document(parsing: "<title>\n  Hello \t  world \n</title><p>x")
        #expect(page.title == "Hello world")
        page.title = "New & <title>"
        #expect(page.head?.innerHTML == "<title>New &amp; &lt;title&gt;</title>")
        let untitled = Document(parsing: "<p>x")
        #expect(untitled.title == "")
        untitled.title = "Made"
        #expect(untitled.head?.innerHTML == "<title>Made</title>")
    }
}
