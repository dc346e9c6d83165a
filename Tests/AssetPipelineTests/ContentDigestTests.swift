import AssetPipeline
import Foundation
import Testing

/// The digests a dist is named and checked by: the same whichever path computes them.
@Suite struct ContentDigestTests {
    /// Known answers (`sha256sum`, `openssl dgst -sha384 -binary | base64` of "abc").
    @Test func smallInputsHaveTheKnownDigests() {
        let digest = ContentDigest(of: Array("abc".utf8))
        #expect(digest.nameHash == "ba7816bf8f01cfea")
        #expect(digest.integrity == "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn")
        #expect(digest.hashedName(for: "main.wasm") == "main.ba7816bf8f01cfea.wasm")
    }

    /// From a megabyte up the two digests run on two threads; each must still be its own digest of all the
    /// bytes (the generic path, through `Data`, runs on one).
    @Test func largeInputsGetTheSameDigestsOnTwoThreads() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let threaded = ContentDigest(of: bytes)
        let serial = ContentDigest(of: Data(bytes))
        #expect(threaded == serial)
        #expect(threaded.nameHash.count == 16)
        #expect(threaded.integrity.hasPrefix("sha384-"))
    }
}
