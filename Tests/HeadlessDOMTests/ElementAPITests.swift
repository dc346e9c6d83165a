import HeadlessDOM
import Testing

/// Attributes, classList, dataset, style, reflected properties, form values, innerText.
@Suite struct ElementAPITests {
    let document = Document(parsing: "<!DOCTYPE html><body>", url: "http://example.test/app/page.html")

    func make(_ markup: String) throws -> Element {
        let host = try document.createElement("div")
        host.setInnerHTML(markup)
        return try #require(host.firstElementChild)
    }

    @Test func attributes() throws {
        let div = try document.createElement("div")
        try div.setAttribute("Data-X", "1")
        #expect(div.getAttribute("data-x") == "1" && div.hasAttribute("DATA-X"))
        try div.setAttribute("data-x", "2")
        #expect(div.attributes.count == 1 && div.outerHTML == "<div data-x=\"2\"></div>")
        #expect(try div.toggleAttribute("hidden") && div.hasAttribute("hidden"))
        #expect(try !div.toggleAttribute("hidden"))
        #expect(try div.toggleAttribute("hidden", force: true))
        #expect(try div.toggleAttribute("hidden", force: true))
        #expect(div.outerHTML == "<div data-x=\"2\" hidden=\"\"></div>")
        div.removeAttribute("DATA-X")
        #expect(div.getAttribute("data-x") == nil)
        #expect(throws: DOMError.self) { try div.setAttribute("a b", "x") }
        #expect(throws: DOMError.self) { try div.setAttribute("", "x") }
        // Foreign elements keep attribute case.
        let svg = try document.createElementNS(Namespace.svgURI, "svg")
        try svg.setAttribute("viewBox", "0 0 1 1")
        #expect(svg.getAttribute("viewBox") == "0 0 1 1" && svg.getAttribute("viewbox") == nil)
    }

    @Test func idAndClassName() throws {
        let div = try document.createElement("div")
        div.id = "main"
        div.className = "a b"
        #expect(div.outerHTML == "<div id=\"main\" class=\"a b\"></div>")
        try document.body?.appendChild(div)
        #expect(document.getElementById("main") === div)
        #expect(
            document.getElementsByClassName("b a").count == 1 && document.getElementsByClassName("b a").first === div)
    }

    @Test func classList() throws {
        let div = try make("<div class='  b   a b '></div>")
        let list = div.classList
        #expect(list.tokens == ["b", "a"] && list.length == 2 && list.contains("a") && !list.contains("c"))
        try list.add("c", "a")
        #expect(div.className == "b a c", "add rewrites the attribute without duplicates")
        try list.remove("b")
        #expect(div.className == "a c")
        #expect(try list.toggle("a") == false && div.className == "c")
        #expect(try list.toggle("d") == true && div.className == "c d")
        #expect(try list.toggle("d", force: true) && div.className == "c d")
        #expect(try !list.toggle("x", force: false) && div.className == "c d")
        #expect(try list.replace("c", with: "e") && div.className == "e d")
        #expect(list.item(1) == "d" && list.item(5) == nil)
        #expect(throws: DOMError.self) { try list.add("") }
        #expect(throws: DOMError.self) { try list.add("a b") }
        let bare = try document.createElement("p")
        try bare.classList.remove("x")
        #expect(!bare.hasAttribute("class"), "remove on a missing attribute does not create it")
        try bare.classList.add("x")
        #expect(bare.outerHTML == "<p class=\"x\"></p>")
    }

    @Test func dataset() throws {
        let div = try make("<div data-user-id='7' data-x='1' data-='e' title='t'></div>")
        #expect(div.dataset["userId"] == "7" && div.dataset["x"] == "1")
        #expect(div.dataset.keys == ["userId", "x", ""])
        div.dataset["fooBarBaz"] = "v"
        #expect(div.getAttribute("data-foo-bar-baz") == "v")
        div.dataset["x"] = nil
        #expect(!div.hasAttribute("data-x"))
        #expect(throws: DOMError.self) { try div.dataset.set("a-b", "x") }
        try div.dataset.set("aB1", "y")
        #expect(div.getAttribute("data-a-b1") == "y")
        #expect(
            div.outerHTML
                == "<div data-user-id=\"7\" data-=\"e\" title=\"t\" data-foo-bar-baz=\"v\" data-a-b1=\"y\"></div>")
    }

    @Test func style() throws {
        let div = try make("<div style='color:red;  MARGIN-TOP : 4px ; bogus'></div>")
        let style = div.style
        #expect(div.getAttribute("style") == "color:red;  MARGIN-TOP : 4px ; bogus", "untouched until changed")
        #expect(style.getPropertyValue("margin-top") == "4px" && style.length == 2)
        #expect(style.cssText == "color: red; margin-top: 4px;")
        style.setProperty("background-color", "blue")
        #expect(div.getAttribute("style") == "color: red; margin-top: 4px; background-color: blue;")
        style.setProperty("color", "green", priority: "important")
        #expect(style.cssText == "color: green !important; margin-top: 4px; background-color: blue;")
        #expect(style.getPropertyPriority("color") == "important")
        #expect(style.removeProperty("margin-top") == "4px")
        style.setProperty(StyleDeclaration.propertyName(camelCase: "fontSize"), "12px")
        #expect(style.cssText == "color: green !important; background-color: blue; font-size: 12px;")
        style.setProperty("color", "")
        #expect(style.cssText == "background-color: blue; font-size: 12px;")
        style.cssText = "display:none;--my-var: x"
        #expect(div.getAttribute("style") == "display: none; --my-var: x;")
        #expect(style.item(1) == "--my-var")
        style.cssText = ""
        #expect(div.outerHTML == "<div style=\"\"></div>")
        #expect(StyleDeclaration.propertyName(camelCase: "cssFloat") == "float")
        #expect(StyleDeclaration.propertyName(camelCase: "webkitTransform") == "-webkit-transform")
        let fresh = try document.createElement("p")
        fresh.style.setProperty("color", "red")
        fresh.style.setProperty("margin-top", "4px")
        #expect(fresh.outerHTML == "<p style=\"color: red; margin-top: 4px;\"></p>")
        let quoted = try make("<p style='content: \"a;b\"; background: url(x;y)'></p>")
        #expect(quoted.style.cssText == "content: \"a;b\"; background: url(x;y);")
    }

    @Test func reflectedProperties() throws {
        let a = try make("<a href='../x?y=1#z' target=_blank>l</a>")
        #expect(a.href == "http://example.test/x?y=1#z", "href resolves against the document URL")
        #expect(a.reflectedString("target") == "_blank")
        a.href = "/abs"
        #expect(a.getAttribute("href") == "/abs" && a.href == "http://example.test/abs")
        let label = try document.createElement("label")
        label.htmlFor = "name"
        #expect(label.outerHTML == "<label for=\"name\"></label>")
        #expect(label.reflectedString("htmlFor") == "name")
        let input = try document.createElement("input")
        for (property, value) in [("type", "email"), ("name", "n"), ("placeholder", "p"), ("alt", "a")] {
            #expect(input.setReflectedString(property, value))
        }
        input.disabled = true
        #expect(input.setReflectedBoolean("required", true))
        #expect(
            input.outerHTML
                == "<input type=\"email\" name=\"n\" placeholder=\"p\" alt=\"a\" disabled=\"\" required=\"\">")
        input.disabled = false
        input.hidden = true
        #expect(
            input.outerHTML == "<input type=\"email\" name=\"n\" placeholder=\"p\" alt=\"a\" required=\"\" hidden=\"\">"
        )
        #expect(input.reflectedBoolean("hidden") == true && input.reflectedBoolean("nonsense") == nil)
        let img = try document.createElement("img")
        img.src = "pic.png"
        #expect(img.src == "http://example.test/app/pic.png")
        #expect(!img.setReflectedString("nonsense", "x"))
    }

    @Test func formValues() throws {
        let input = try make("<input value='initial'>")
        #expect(input.value == "initial")
        input.value = "typed"
        #expect(input.value == "typed" && input.getAttribute("value") == "initial", "value is state, not markup")
        let box = try make("<input type=checkbox checked>")
        #expect(box.checked && box.value == "on")
        box.checked = false
        #expect(!box.checked && box.hasAttribute("checked"))
        box.value = "yes"
        #expect(
            box.outerHTML == "<input type=\"checkbox\" checked=\"\" value=\"yes\">",
            "a checkbox's value is its attribute")
        let textarea = try make("<textarea>\ndefault</textarea>")
        #expect(textarea.value == "default")
        textarea.value = "edited"
        #expect(textarea.value == "edited" && textarea.innerHTML == "default")
        let select = try make("<select><option value=a>A<option selected>B</option><option>C</select>")
        #expect(select.value == "B" && select.selectedIndex == 1)
        select.value = "C"
        #expect(select.value == "C" && select.selectedIndex == 2 && select.options[2].selected)
        select.selectedIndex = 0
        #expect(select.value == "a")
        let plain = try make("<select><option>x<option>y</select>")
        #expect(plain.value == "x", "a single select picks its first option")
        let radios = try make("<form><input type=radio name=r checked><input type=radio name=r></form>")
        radios.children[1].checked = true
        #expect(!radios.children[0].checked && radios.children[1].checked)
    }

    @Test func innerText() throws {
        let div = try make("<div>line<br>two<script>x</script><style>y</style><b> bold</b></div>")
        #expect(div.innerText == "line\ntwo bold")
        div.setInnerText("a & b\nc\n")
        #expect(div.innerHTML == "a &amp; b<br>c<br>")
    }
}
