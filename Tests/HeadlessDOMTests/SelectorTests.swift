import HeadlessDOM
import Testing

/// querySelector/All, matches and closest.
@Suite struct SelectorTests {
    let document = Document(
        parsing: """
            <!DOCTYPE html><body>
            <div id=app class="shell main">
              <ul class=list><li class="item first">1</li><li class=item data-k="alpha-beta">2</li><li>3</li></ul>
              <p lang=en-US>para <a href="https://x.test/a.pdf" rel="nofollow noopener">link</a></p>
              <input type=checkbox checked><input type=text disabled>
              <svg><circle class=dot /><foreignObject><span>f</span></foreignObject></svg>
            </div>
            <div class=other><p>outside</p></div>
            """)

    func ids(_ selector: String) throws -> [String] {
        try document.querySelectorAll(selector).map { $0.textContent ?? "" }
    }

    func count(_ selector: String) throws -> Int { try document.querySelectorAll(selector).count }

    @Test func simpleSelectors() throws {
        #expect(try document.querySelector("#app")?.id == "app")
        #expect(try count("li") == 3)
        #expect(try count("LI") == 3, "HTML type selectors ignore case")
        #expect(try ids(".item") == ["1", "2"])
        #expect(try ids(".item.first") == ["1"])
        #expect(try count("div.shell.main#app") == 1)
        #expect(try count("*") == document.descendantElements.count)
        #expect(try count("circle") == 1 && count("foreignObject") == 1 && count("foreignobject") == 0)
        #expect(try document.querySelector("nothing") == nil)
    }

    @Test func attributeSelectors() throws {
        #expect(try count("[data-k]") == 1)
        #expect(try count("[type=checkbox]") == 1)
        #expect(try count("[type='text']") == 1)
        #expect(try count("[TYPE=\"text\"]") == 1)
        #expect(try count("[data-k^=alpha]") == 1 && count("[data-k$=beta]") == 1 && count("[data-k*=a-b]") == 1)
        #expect(try count("[rel~=noopener]") == 1 && count("[rel~=noop]") == 0)
        #expect(try count("[lang|=en]") == 1)
        #expect(try count("[data-k=ALPHA-BETA i]") == 1 && count("[data-k=ALPHA-BETA]") == 0)
        #expect(try count("a[href$='.pdf']") == 1)
    }

    @Test func combinatorsAndLists() throws {
        #expect(try ids("#app li") == ["1", "2", "3"])
        #expect(try ids("ul > li.item") == ["1", "2"])
        #expect(try count("#app > li") == 0)
        #expect(try count("div p") == 2 && count("#app p") == 1)
        #expect(try ids("li.first + li") == ["2"])
        #expect(try ids("li.first ~ li") == ["2", "3"])
        #expect(try ids("p a, li.first") == ["1", "link"], "lists return document order without duplicates")
        #expect(try count("svg foreignObject > span") == 1)
    }

    @Test func pseudoClasses() throws {
        #expect(try ids("li:first-child") == ["1"])
        #expect(try ids("li:last-child") == ["3"])
        #expect(try ids("li:nth-child(2)") == ["2"])
        #expect(try ids("li:nth-child(odd)") == ["1", "3"])
        #expect(try ids("li:nth-child(-n+2)") == ["1", "2"])
        #expect(try ids("li:not(.item)") == ["3"])
        #expect(try count(":root") == 1 && document.querySelector(":root") === document.documentElement)
        #expect(try count("input:checked") == 1 && count("input:disabled") == 1)
        #expect(try count("a:only-child") == 1)
        #expect(try count("li:first-of-type") == 1 && count("div:last-of-type") == 1)
    }

    @Test func elementScopedQueriesMatchesClosest() throws {
        let app = try #require(document.getElementById("app"))
        #expect(try app.querySelectorAll("p").count == 1)
        let link = try #require(try document.querySelector("a"))
        #expect(try link.matches("p > a[rel]"))
        #expect(try !link.matches("div > a"))
        #expect(try link.closest("div")?.id == "app")
        #expect(try link.closest("a") === link)
        #expect(try link.closest("table") == nil)
        #expect(app.getElementsByTagName("li").count == 3)
    }

    @Test func invalidSelectorsThrow() {
        for bad in ["", "div >", "[x", "a,,b", ".", "#", "p:hover", "[a~b]", "div)"] {
            #expect(throws: DOMError.self, "'\(bad)' should be rejected") { try document.querySelector(bad) }
        }
    }
}
