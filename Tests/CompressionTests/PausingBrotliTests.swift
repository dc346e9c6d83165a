import Compression
import Testing

/// Brotli 11 in pieces, with a pause between them (background compression stepping aside for requests).
@Suite struct PausingBrotliTests {
    /// 1 MiB of varied but compressible bytes (a small generator, so the encoder has real work).
    private static let input: [UInt8] = {
        var state: UInt32 = 0x1234_5678
        return (0..<(1 << 20)).map { index in
            state = state &* 1_664_525 &+ 1_013_904_223
            return index % 7 == 0 ? UInt8(truncatingIfNeeded: state >> 24) : UInt8(ascii: "a") + UInt8(index % 13)
        }
    }()

    @Test func piecesRoundTripAndPauseBetweenEachPair() throws {
        var pauses = 0
        let encoded = try Brotli.compress(Self.input, quality: 5, pieceSize: 128 * 1024) { pauses += 1 }
        #expect(pauses == 7, "8 pieces of 128 KiB, a pause between each two")
        #expect(try Brotli.decompress(encoded) == Self.input)
        let oneShot = try Brotli.compress(Self.input, quality: 5)
        #expect(encoded.count < Self.input.count / 2)
        #expect(Double(encoded.count) < Double(oneShot.count) * 1.05, "pieces cost at most 5% of the size")
    }

    @Test(arguments: [0, 1, 300_000])
    func shortAndUnevenInputsRoundTrip(count: Int) throws {
        var pauses = 0
        let input = Array(Self.input.prefix(count))
        let encoded = try ContentCoding.br.encode(input, fast: false) { pauses += 1 }
        #expect(try Brotli.decompress(encoded) == input)
        #expect(pauses == max(0, (count + 256 * 1024 - 1) / (256 * 1024) - 1))
    }
}
