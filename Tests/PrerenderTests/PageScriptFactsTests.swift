import Foundation
import Prerender
import TestSupport
import Testing

/// Pages whose script logs what it sees of the DOM into `<pre id="facts">`; the same page runs in Chromium
/// and in the pre-renderer, and the logs must agree line for line.
@Suite struct PageScriptFactsTests {
    /// Mutation observers: childList, subtree, attributes (filter, old values), characterData, takeRecords,
    /// disconnect, transient registrations, re-observing, delivery order and batching, option errors.
    @Test func mutationRecordsAreChromiums() throws {
        let facts = try Self.compare("mutations")
        #expect(facts.contains("childList call 2: 3 record(s)"))
        #expect(facts.contains("  childList P#para +[B] -[] prev=null next=null attr=null ns=null old=null"))
        #expect(facts.contains("observe {}: TypeError"))
    }

    /// insertAdjacentHTML's parsing context (`<html>` parses as `<body>`), its NoModificationAllowedError,
    /// innerHTML on `<html>`, and `<noscript>` content as raw text (scripting is on in a browser).
    @Test func fragmentParsingIsChromiums() throws {
        let facts = try Self.compare("fragment-parsing")
        #expect(facts.contains("documentElement afterend: NoModificationAllowedError"))
        #expect(facts.contains { $0.hasPrefix("noscript in the parsed page: div(noscript(\"<p>one<p>two\")") })
    }

    /// createHTMLDocument's tree (doctype, html/head/title/body), no window and no scripts in it, events that
    /// stop at its document, `new Document()`, moving a node out of it; UIEvent's `view` and legacy init methods.
    @Test func documentsAreChromiums() throws {
        let facts = try Self.compare("documents")
        #expect(
            facts.contains {
                $0.hasPrefix("createHTMLDocument(\"A & <b>\"): doctype html html(head(title(\"A & <b>\")),body())")
            })
        #expect(facts.contains("UIEvent view 7: TypeError"))
    }

    /// What a renderer computes, for a page without one: geometry, focus, text selection, dialogs, forms,
    /// traversal, ranges, canvas, observers and messaging.
    @Test func layoutlessFactsAreChromiums() throws {
        let facts = try Self.compare("layoutless", chromiumArguments: ["--virtual-time-budget=5000"])
        #expect(facts.contains("scrollTop clamps: 0"))
        #expect(facts.contains("intersection: 1 top true 1"))
        #expect(facts.contains("channel: {\"n\":1} [2,\"two\"]"))
        #expect(facts.contains("body onload: load true"))
        #expect(facts.contains("validity: false false true true"))
        #expect(facts.contains("handler content attribute: function true true"))
    }

    /// Activation behaviors and navigations that stay in the document: a fragment link (hashchange in a task,
    /// none for pushState), a `javascript:` link (its script in a task), a summary toggling its details, a
    /// reset button, a canceled click, and the links a pre-render does not follow (a new window).
    @Test func linksAndActivationAreChromiums() throws {
        let facts = try Self.compare("links", chromiumArguments: ["--virtual-time-budget=5000"])
        #expect(facts.contains("fragment link: #second"))
        #expect(facts.contains("javascript link, later: 1"))
        #expect(facts.contains("javascript link with a bare %: 100%"))
        #expect(facts.contains("toggle: ToggleEvent closed open true"))
        // setAttribute toggles too (a second set while open does not); three changes in one task give one event.
        #expect(facts.contains("attribute toggle: closed open true"))
        #expect(facts.contains("attribute toggle: open closed false"))
        #expect(facts.filter { $0.hasPrefix("attribute toggle: ") }.count == 2)
        // So does an open details from the parser, innerHTML or a clone.
        for made in ["parsed", "innerHTML", "clone"] { #expect(facts.contains("\(made) toggle: closed open")) }
        #expect(facts.contains("hashchange: HashChangeEvent #pushed #third #third true false false"))
    }

    /// Shadow trees: composedPath() with open and closed trees, targets and relatedTargets retargeted to hosts,
    /// getRootNode, isConnected, slots, a host serialized with its light children only; and named access on the
    /// window (element ids and form names, live, real properties first).
    @Test func shadowTreesAndNamedAccessAreChromiums() throws {
        let facts = try Self.compare("shadow")
        #expect(facts.contains("getRootNode: #root(light) #document #document"))
        #expect(
            facts.contains { $0.hasPrefix("dispatch hidden composed=true: hidden>hidden[hidden,#root(closedHost),") })
        #expect(facts.contains("named access: light signup object  true closedHost"))
    }

    /// Iframes: contentWindow/parent/top/frameElement identities, window.length and indices, load event
    /// order (the parsed iframe's before the page's load; about:blank's during insertion), separate realms,
    /// storage events at the other same-origin window only, and what removal leaves.
    @Test func framesAreChromiums() throws {
        // Storage events are tasks: Chromium dumps once its virtual time has run them.
        let facts = try Self.compare("frames", chromiumArguments: ["--virtual-time-budget=5000"])
        #expect(facts.contains("storage at the parent: k  v1 about:blank true true true v2"))
        #expect(facts.contains("detached window's storage: TypeError, null"))
        #expect(!facts.contains("storage at the frame itself"))
        #expect(
            facts.contains { $0.hasPrefix("after insertion: load events 1, parent true, top true, frameElement true") })
    }

    /// Custom elements: define/get/whenDefined, parsed elements upgraded in tree order (attributes, then
    /// connected), `new` and createElement, reactions on insertion, removal, adoption and observed attribute
    /// changes, innerHTML's elements upgraded before insertion, a shadow root made in the constructor with the
    /// host serialized with its light children, customized built-ins and their `is`, :defined, the errors.
    @Test func customElementsAreChromiums() throws {
        let facts = try Self.compare("customelements", chromiumArguments: ["--virtual-time-budget=5000"])
        #expect(facts.contains("attributeChanged e3 obs null -> parsed null"))
        #expect(facts.contains("order attribute o1 from o1"))
        #expect(facts.contains("adopted created true false"))
        #expect(facts.contains { $0.hasPrefix("card: <h2><slot name=\"title\"></slot></h2>") })
        #expect(facts.contains("customized createElement: true button <button is=\"x-button\"></button>"))
        #expect(facts.contains("define \"font-face\": SyntaxError (DOMException)"))
        #expect(facts.contains("define same constructor: NotSupportedError (DOMException)"))
        #expect(facts.last == "whenDefined bad name: SyntaxError")
    }

    /// Runs the fixture page in both, records any line that differs, and returns our lines.
    static func compare(_ fixture: String, chromiumArguments: [String] = []) throws -> [String] {
        let page = PrerenderFixture.root.appendingPathComponent(fixture)
        var options = PrerenderOptions()
        options.takeOver = false
        let ours = try PlatformFunctionsTests.facts(
            in: try Prerenderer(dist: page, options: options).render(route: "/").html)
        let chromium = try PlatformFunctionsTests.facts(
            in: try Chromium.dumpDOM(
                of: page.appendingPathComponent("index.html"), chromium: try Chromium.binary(),
                extraArguments: chromiumArguments))
        #expect(ours.count == chromium.count, "\(ours.count) lines here, \(chromium.count) in Chromium")
        for (index, line) in chromium.enumerated() where index < ours.count && ours[index] != line {
            Issue.record("line \(index + 1): ours \(ours[index].debugDescription), Chromium's \(line.debugDescription)")
        }
        return ours.map(Self.unescaped)
    }

    /// The facts are the text of a `<pre>`: `&lt;`, `&gt;`, `&amp;` and `&quot;` as serialized.
    static func unescaped(_ line: String) -> String {
        line.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
