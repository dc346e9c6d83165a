import DistLayout
import Testing

@Suite struct MediaTypeTests {
    @Test func typesAreExactByCaseInsensitiveExtensionAndTextCarriesCharset() {
        for name in ["main.wasm", "x.mjs", "a.webp", "a.avif", "a.map", "a.woff", "a.mp4", "a.pdf", "a.ico", "A.WASM"] {
            #expect(!(MediaType.forFileName(name).value.isEmpty))
        }
        #expect(MediaType.forFileName("main.wasm").value == "application/wasm")
        #expect(MediaType.forFileName("MAIN.WASM").value == "application/wasm")
        #expect(MediaType.forFileName("x.mjs").value == "text/javascript; charset=utf-8")
        #expect(MediaType.forFileName("Makefile").value == "application/octet-stream")
        #expect(!(MediaType.forFileName("a.woff2").isCompressible))
        #expect(MediaType.forFileName("a.wasm").isCompressible)
    }
}
