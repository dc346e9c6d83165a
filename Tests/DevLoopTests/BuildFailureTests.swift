import AssetPipeline
import DevLoop
import Testing

/// Which failures dev waits out, and what the page's overlay says for each.
@Suite struct BuildFailureTests {
    @Test func onlyWhatAnEditOfThePackageFixesKeepsDevWatching() {
        #expect(BuildError.compileFailed(package: "./app", output: "x").isFixableInSource)
        #expect(BuildError.notMainPackage(package: "./app", name: "lib").isFixableInSource)
        #expect(!BuildError.packageNotFound(path: "/nowhere").isFixableInSource)
        #expect(!BuildError.toolchainNotFound(detail: "no go").isFixableInSource)
        #expect(!BuildError.glueNotFound(checked: ["/usr/lib/go/lib/wasm"]).isFixableInSource)
    }

    @Test func theOverlayShowsTheCompilersOutputElseTheOneLineError() {
        let output = "./main.go:3:15: undefined: undefinedThing\n"
        #expect(DevSession.overlayText(for: .compileFailed(package: "./app", output: output)) == output)
        let silent = BuildError.compileFailed(package: "./app", output: "")
        #expect(DevSession.overlayText(for: silent) == silent.description)
        let other = BuildError.packageNotFound(path: "/nowhere")
        #expect(DevSession.overlayText(for: other) == other.description)
    }
}
