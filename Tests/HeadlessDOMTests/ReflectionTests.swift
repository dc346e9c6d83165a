import HeadlessDOM
import JavaScript
import Testing
import WebHost

/// Reflected attributes from the generated table: every IDL kind's reading, writing, limits and defaults,
/// the per-element interfaces, and the same through scripts (HTML standard, "Reflecting content attributes
/// in IDL attributes"; the cases follow WPT's html/dom/reflection.js).
@Suite struct ReflectionTests {
    let document = Document(
        parsing: "<!DOCTYPE html><head><base href='/base/'></head><body>", url: "http://example.test/app/page.html")

    private func page(_ html: String) throws -> (JSContext, DOMBindings) {
        let page = try ScriptedPage(html, url: "http://localhost/dir/page")
        return (page.js, page.bindings)
    }

    @Test func theTableCoversEveryKind() throws {
        func kind(_ property: String, _ tag: String) throws -> ReflectedAttribute.Kind? {
            ReflectionTable.attribute(property, of: try document.createElement(tag))?.kind
        }
        #expect(try kind("rows", "textarea") == .unsignedLong(default: 2, limit: .positive))
        #expect(try kind("cols", "textarea") == .unsignedLong(default: 20, limit: .positive))
        #expect(try kind("maxLength", "input") == .long(default: -1, nonNegative: true))
        #expect(try kind("colSpan", "td") == .unsignedLong(default: 1, limit: .clamped(min: 1, max: 1000)))
        #expect(try kind("span", "col") == .unsignedLong(default: 1, limit: .clamped(min: 1, max: 1000)))
        #expect(try kind("start", "ol") == .long(default: 1, nonNegative: false))
        #expect(try kind("max", "progress") == .double(default: 1, positive: true))
        #expect(try kind("href", "a") == .url)
        #expect(try kind("relList", "link") == .tokenList)
        #expect(try kind("tabIndex", "div") == .tabIndex)
        #expect(try kind("id", "div") == .string(nullable: false, nullAsEmpty: false))
        guard case .enumerated(let type)? = try kind("type", "input") else {
            Issue.record("input.type is not enumerated"); return
        }
        #expect(type.missing == "text" && type.invalid == "text" && type.keywords.contains("datetime-local"))
        #expect(try kind("rows", "div") == nil, "a div has no rows")
        #expect(ReflectionTable.interface(forHTML: "td") == "HTMLTableCellElement")
        #expect(ReflectionTable.interface(forHTML: "my-widget") == "HTMLElement")
        #expect(ReflectionTable.interface(forHTML: "blink") == "HTMLUnknownElement")
    }

    @Test func numbersReadDefaultsLimitsAndClamps() throws {
        let area = try document.createElement("textarea")
        #expect(area.reflectedNumber("rows") == 2 && area.reflectedNumber("cols") == 20)
        try area.setAttribute("rows", "  7px")
        #expect(area.reflectedNumber("rows") == 7, "leading whitespace and trailing garbage")
        try area.setAttribute("rows", "0")
        #expect(area.reflectedNumber("rows") == 2, "0 is outside a limited unsigned long")
        #expect(throws: DOMError.indexSize("The value provided is 0, which is an invalid size.")) {
            _ = try area.setReflectedNumber("rows", 0)
        }
        #expect(try area.setReflectedNumber("rows", 14) && area.getAttribute("rows") == "14")
        #expect(
            try area.setReflectedNumber("cols", 4_294_967_295) && area.getAttribute("cols") == "20",
            "past 2^31-1: the default")

        let input = try document.createElement("input")
        #expect(input.reflectedNumber("maxLength") == -1)
        #expect(throws: DOMError.self) { _ = try input.setReflectedNumber("maxLength", -1) }
        #expect(try input.setReflectedNumber("maxLength", 12.9) && input.getAttribute("maxlength") == "12")
        #expect(input.reflectedNumber("tabIndex") == 0, "inputs take focus by default")
        #expect(try document.createElement("div").reflectedNumber("tabIndex") == -1)
        #expect(
            try input.setReflectedNumber("tabIndex", 4_294_967_295) && input.getAttribute("tabindex") == "-1",
            "ToInt32 wraps")

        let cell = try document.createElement("td")
        try cell.setAttribute("colspan", "5000")
        try cell.setAttribute("rowspan", "-3")
        #expect(cell.reflectedNumber("colSpan") == 1000 && cell.reflectedNumber("rowSpan") == 1)

        let progress = try document.createElement("progress")
        #expect(progress.reflectedNumber("max") == 1)
        #expect(try progress.setReflectedNumber("max", -2) && !progress.hasAttribute("max"), "not positive: ignored")
        #expect(try progress.setReflectedNumber("max", 2.5) && progress.getAttribute("max") == "2.5")
        try progress.setAttribute("max", " 1e2x")
        #expect(progress.reflectedNumber("max") == 100)
    }

    @Test func enumeratedURLAndStringAttributes() throws {
        let input = try document.createElement("input")
        #expect(input.reflectedString("type") == "text")
        #expect(
            input.setReflectedString("type", "EMAIL") && input.reflectedString("type") == "email"
                && input.getAttribute("type") == "EMAIL")
        try input.setAttribute("type", "bogus")
        #expect(input.reflectedString("type") == "text", "invalid value default")
        let image = try document.createElement("img")
        let crossOrigin = try #require(ReflectionTable.attribute("crossOrigin", of: image))
        #expect(crossOrigin.get(image) == .null, "nullable, missing")
        try image.setAttribute("crossorigin", "")
        #expect(crossOrigin.get(image) == .string("anonymous"))
        try image.setAttribute("crossorigin", "USE-credentials")
        #expect(crossOrigin.get(image) == .string("use-credentials"))
        let link = try document.createElement("a")
        try link.setAttribute("href", "next?x#y")
        #expect(link.reflectedString("href") == "http://example.test/base/next?x#y", "resolved against the <base>")
        #expect(link.reflectedString("download") == "" && link.reflectedString("rows") == nil)
    }

    @Test func scriptsSeeTheInterfacesAndTheirKinds() throws {
        let (js, bindings) = try page(
            "<textarea id=t></textarea><table><tr><td id=c></td></tr></table><a id=a href=x rel='a b'></a>")
        defer { withExtendedLifetime(bindings) {} }
        func eval(_ source: String) throws -> String { try js.evaluate(source).string }
        _ = try js.evaluate(
            "var t = document.getElementById('t'), c = document.getElementById('c'), a = document.getElementById('a')")
        #expect(
            try eval("t instanceof HTMLTextAreaElement && t instanceof HTMLElement && !(t instanceof HTMLInputElement)")
                == "true")
        #expect(
            try eval(
                "Object.prototype.toString.call(c) + ' ' + (document.createElement('foo') instanceof HTMLUnknownElement)"
            )
                == "[object HTMLTableCellElement] true")
        #expect(
            try eval("t.rows = '14'; t.cols = 70.9; [typeof t.rows, t.rows, t.outerHTML].join()")
                == "number,14,<textarea id=\"t\" rows=\"14\" cols=\"70\"></textarea>")
        #expect(try eval("try { t.rows = 0 } catch (e) { e.name }") == "IndexSizeError")
        #expect(
            try eval("c.colSpan = 2; c.rowSpan = 70000; [c.colSpan, c.rowSpan, c.getAttribute('rowspan')].join()")
                == "2,65534,70000")
        #expect(
            try eval("a.href + ' ' + a.relList.length + ' ' + (a.relList === a.relList)")
                == "http://localhost/dir/x 2 true")
        #expect(try eval("a.relList.add('c'); a.getAttribute('rel')") == "a b c")
        #expect(try eval("a.referrerPolicy = 'NO-REFERRER'; a.referrerPolicy") == "no-referrer")
        #expect(
            try eval("let i = document.createElement('input'); i.type = 'Number'; i.maxLength = 3; i.outerHTML")
                == "<input type=\"Number\" maxlength=\"3\">")
        #expect(
            try eval(
                "let s = document.createElement('script'); [s.crossOrigin, (s.crossOrigin = 'x', s.crossOrigin), (s.crossOrigin = null, s.hasAttribute('crossorigin'))].join()"
            )
                == ",anonymous,false")
        #expect(
            try eval("document.body.dir = 'RTL'; document.body.dir + ' ' + ('rows' in document.body)") == "rtl false")
    }
}
