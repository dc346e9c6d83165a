import DistLayout
import PageRendering
import PrerenderCache
import Testing

/// One spelling per route as the server matched it, so spellings share one rendering.
@Suite struct CanonicalRouteTests {
    @Test(arguments: [
        ("/", "/"), ("//", "/"), ("/about", "/about"), ("//about", "/about"), ("/%61bout", "/about"),
        ("/%61bout/", "/about/"), ("/a//b/", "/a/b/"), ("/caf%C3%A9", "/caf%C3%A9"), ("/caf\u{E9}", "/caf%C3%A9"),
        ("/%3Cimg%20src=x%3E", "/%3Cimg%20src=x%3E"), ("/a%3Fb", "/a%3Fb"),
    ])
    func routesAreSpelledOneWay(_ raw: String, _ canonical: String) throws {
        #expect(PageRoute.canonicalPath(try RequestPath(decoding: raw)) == canonical)
    }
}
