import Compression
import Foundation
import TestSupport
import Testing

@Suite(.serialized) final class CompressionTests {
    private let text = Array(
        String(repeating: "package main\nfunc main() { println(\"hello, wasm\") }\n", count: 500).utf8)

    @Test func roundTripsEveryCoding() throws {
        for coding in ContentCoding.allCases {
            for fast in [true, false] {
                let encoded = try coding.encode(text, fast: fast)
                #expect(try coding.decode(encoded) == text, "\(coding) fast=\(fast)")
                if coding != .identity {
                    #expect(encoded.count < text.count / 10, "\(coding) should shrink repetitive text")
                    #expect(coding.matchesMagic(encoded))
                }
            }
        }
    }

    @Test func emptyInputRoundTrips() throws {
        for coding in ContentCoding.allCases {
            #expect(try coding.decode(try coding.encode([])) == [])
        }
    }

    /// Our output must be readable by the reference command-line tools (gzip, brotli).
    @Test func referenceToolsDecodeOurOutput() throws {
        let dir = try Paths.temporaryDirectory("compression")
        for (coding, tool) in [(ContentCoding.gzip, "gzip"), (.br, "brotli")] {
            let file = dir.appendingPathComponent("out.\(tool)")
            try Data(try coding.encode(text)).write(to: file)
            let result = try ProcessRunner.run(try requireTool(tool), ["-d", "-c", file.path])
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(Array(result.stdout) == text, "\(tool) decodes our \(coding)")
        }
    }

    @Test func corruptAndTruncatedInputThrowTypedErrors() throws {
        let gz = try Gzip.compress(text)
        do {
            _ = try Gzip.decompress(Array(gz.prefix(gz.count / 2)))
            Issue.record("expected an error")
        } catch {
            #expect(error == .truncatedInput(coding: "gzip"))
        }
        #expect(throws: (any Error).self, "expected an error") {
            _ = try Gzip.decompress([0x1F, 0x8B, 0x08, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        }
        let br = try Brotli.compress(text)
        do {
            _ = try Brotli.decompress(Array(br.prefix(br.count / 2)))
            Issue.record("expected an error")
        } catch {
            #expect(error == .truncatedInput(coding: "br"))
        }
        #expect(throws: (any Error).self, "expected an error") {
            _ = try Brotli.decompress(Array("definitely not brotli".utf8))
        }
    }

    @Test func outputLimitStopsDecompressionBombs() throws {
        let zeros = [UInt8](repeating: 0, count: 4 << 20)
        for coding in [ContentCoding.gzip, .br] {
            let bomb = try coding.encode(zeros)
            do {
                _ = try coding.decode(bomb, limit: 1 << 20)
                Issue.record("expected an error")
            } catch {
                #expect(error == .outputLimitExceeded(coding: coding.rawValue, limit: 1 << 20))
            }
        }
    }
}
