import Compression
import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// A dist folder on disk for one test, with the files the rules talk about.
struct DistFixture {
    let root: URL
    /// A directory next to the dist, for symlinks that try to leave it.
    let outside: URL

    /// Large enough (> 96 bytes) for REDbot's range check to ask for part of it.
    static let html = Array(
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>A Go wasm page</title><script src="wasm_exec.js"></script></head>
        <body><div id="app">Loading the Go program…</div></body>
        </html>

        """.utf8)
    static let script = Array(
        (0..<300).map { "console.log('hello from line \($0) of a Go wasm page', \($0 * 7919 % 1000));\n" }.joined().utf8
    )

    init() throws {
        let base = try Paths.temporaryDirectory("site")
        root = base.appendingPathComponent("dist")
        outside = base.appendingPathComponent("outside")
        for dir in [
            root, outside, root.appendingPathComponent("docs"), root.appendingPathComponent("empty"),
            root.appendingPathComponent(".git"),
        ] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        try write("index.html", Self.html)
        try write("docs/index.html", Array("<!doctype html><p>docs</p>\n".utf8))
        try write("app.js", Self.script)
        try write("app-5d41402abc.js", Self.script)
        try write("style.css", Array(String(repeating: "body { margin: 0 }\n", count: 100).utf8))
        try write("data.json", Array("{\"hello\": [1, 2, 3]}".utf8))
        try write("logo.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".utf8))
        try write("image.png", Self.randomBytes(3000))
        try write("font.woff2", Self.randomBytes(2000))
        try write("noise.js", Self.randomBytes(4000))  // compressible type, incompressible content
        try write("blob.xyz", Array("unknown".utf8))
        try write("empty.txt", [])
        try write(".env", Array("SECRET=1".utf8))
        try write(".git/config", Array("[core]".utf8))
        try write("big.bin", Self.randomBytes(600_000))  // above the in-memory limit: goes out with sendfile
        try Data("secret outside".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("escape.txt").path,
            withDestinationPath: outside.appendingPathComponent("secret.txt").path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("escape-dir").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("alias.js").path, withDestinationPath: "app.js")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("env-alias").path, withDestinationPath: ".env")
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: root.appendingPathComponent(relative))
    }

    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        // xorshift64*, seeded once: incompressible enough, and fast in debug builds.
        var state = UInt64.random(in: 1...UInt64.max)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            withUnsafeBytes(of: state &* 0x2545_F491_4F6C_DD1D) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }
}

extension HTTPBody {
    /// The bytes this body would put on the wire (files read from disk).
    func collected() throws -> [UInt8] {
        switch self {
        case .empty: return []
        case .bytes(let bytes): return bytes
        case .file(let path, let offset, let count):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            return Array(try handle.read(upToCount: count) ?? Data())
        case .opened(let file, let offset, let count):
            var bytes = [UInt8](repeating: 0, count: count)
            let read = bytes.withUnsafeMutableBytes { pread(file.descriptor, $0.baseAddress, count, off_t(offset)) }
            return Array(bytes.prefix(max(0, read)))
        case .stream, .sizedStream, .tunnel: return []
        }
    }

    /// Sent with sendfile (by path, or from the descriptor the handler opened).
    var isFile: Bool {
        switch self {
        case .file, .opened: true
        default: false
        }
    }
}

extension SiteHandler {
    func get(_ path: String, _ headers: HTTPHeaders = [:], method: String = "GET") -> HTTPResponse {
        let split = path.split(separator: "?", maxSplits: 1)
        return response(
            to: HTTPRequest(
                method: method, target: path, path: String(split.first ?? ""),
                query: split.count > 1 ? String(split[1]) : nil,
                headers: headers))
    }
}

/// Decodes a response body with the coding it declares.
func decodedBody(_ response: HTTPResponse) throws -> [UInt8] {
    let raw = try response.body.collected()
    guard let name = response.headers["Content-Encoding"] else { return raw }
    guard let coding = ContentCoding(rawValue: name) else { throw UnexpectedCoding(name: name) }
    return try coding.decode(raw)
}

struct UnexpectedCoding: Error { let name: String }
