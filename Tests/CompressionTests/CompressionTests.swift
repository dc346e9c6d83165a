import Compression
import Foundation
import TestSupport
import XCTest

final class CompressionTests: XCTestCase {
    private let text = Array(String(repeating: "package main\nfunc main() { println(\"hello, wasm\") }\n", count: 500).utf8)

    func testRoundTripsEveryCoding() throws {
        for coding in ContentCoding.allCases {
            for fast in [true, false] {
                let encoded = try coding.encode(text, fast: fast)
                XCTAssertEqual(try coding.decode(encoded), text, "\(coding) fast=\(fast)")
                if coding != .identity {
                    XCTAssertLessThan(encoded.count, text.count / 10, "\(coding) should shrink repetitive text")
                    XCTAssertTrue(coding.matchesMagic(encoded))
                }
            }
        }
    }

    func testEmptyInputRoundTrips() throws {
        for coding in ContentCoding.allCases {
            XCTAssertEqual(try coding.decode(try coding.encode([])), [])
        }
    }

    /// Our output must be readable by the reference command-line tools (gzip, brotli).
    func testReferenceToolsDecodeOurOutput() throws {
        let dir = try Paths.temporaryDirectory("compression")
        for (coding, tool) in [(ContentCoding.gzip, "gzip"), (.br, "brotli")] {
            let file = dir.appendingPathComponent("out.\(tool)")
            try Data(try coding.encode(text)).write(to: file)
            let result = try ProcessRunner.run(try requireTool(tool), ["-d", "-c", file.path])
            XCTAssertEqual(result.status, 0, result.stderrText)
            XCTAssertEqual(Array(result.stdout), text, "\(tool) decodes our \(coding)")
        }
    }

    func testCorruptAndTruncatedInputThrowTypedErrors() throws {
        let gz = try Gzip.compress(text)
        XCTAssertThrowsError(try Gzip.decompress(Array(gz.prefix(gz.count / 2)))) { error in
            XCTAssertEqual(error as? CompressionError, .truncatedInput(coding: "gzip"))
        }
        XCTAssertThrowsError(try Gzip.decompress([0x1F, 0x8B, 0x08, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
        let br = try Brotli.compress(text)
        XCTAssertThrowsError(try Brotli.decompress(Array(br.prefix(br.count / 2)))) { error in
            XCTAssertEqual(error as? CompressionError, .truncatedInput(coding: "br"))
        }
        XCTAssertThrowsError(try Brotli.decompress(Array("definitely not brotli".utf8)))
    }

    func testOutputLimitStopsDecompressionBombs() throws {
        let zeros = [UInt8](repeating: 0, count: 4 << 20)
        for coding in [ContentCoding.gzip, .br] {
            let bomb = try coding.encode(zeros)
            XCTAssertThrowsError(try coding.decode(bomb, limit: 1 << 20)) { error in
                XCTAssertEqual(error as? CompressionError, .outputLimitExceeded(coding: coding.rawValue, limit: 1 << 20))
            }
        }
    }
}
