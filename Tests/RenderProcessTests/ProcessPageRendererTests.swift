import PageRendering
import RenderProcess
import Testing

/// The command line the parent gives each render child.
@Suite struct ProcessPageRendererTests {
    @Test func theChildIsToldThePageTheServerMatched() {
        let renderer = ProcessPageRenderer(dist: "/srv/dist", budget: .seconds(2), memoryLimit: 256 << 20)
        let arguments = renderer.arguments(for: PageRoute(path: "/about/", page: "about/index.html"))
        #expect(
            arguments.starts(with: [
                "prerender", "/srv/dist", "--route", "/about/", "--page", "about/index.html", "--stdout",
            ]))
        #expect(arguments.contains("--render-child"))
        #expect(arguments.contains("256"))  // --memory-limit in MiB
    }
}
