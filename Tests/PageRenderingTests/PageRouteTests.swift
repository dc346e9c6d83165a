import PageRendering
import Testing

/// The route a render is asked for: what the page shows as `location.pathname`, and the file that answers.
@Suite struct PageRouteTests {
    @Test func aRouteReadsAsItsPath() {
        #expect(PageRoute(path: "/docs/", page: "docs/index.html").description == "/docs/")
        #expect("\(PageRoute(path: "/users/42", page: "index.html"))" == "/users/42")
    }

    /// One path answered by two files (a rebuild turned a client-side route into a page of its own) is two
    /// routes: a rendering of one is never taken for the other.
    @Test func theFileThatAnswersIsPartOfTheRoute() {
        let clientSide = PageRoute(path: "/about/", page: "index.html")
        let ownPage = PageRoute(path: "/about/", page: "about/index.html")
        #expect(clientSide != ownPage)
        #expect(Set([clientSide, ownPage, PageRoute(path: "/about/", page: "index.html")]).count == 2)
    }
}
