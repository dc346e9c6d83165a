// Range, Accept-Encoding and the If-* preconditions, as SiteServing answers them: each parsed alone
// (ByteRangeRequest, AcceptEncoding, HTTPDate) and then together by a SiteHandler over a real dist, whose
// response must stay within the file it names.
import Compression
import DistLayout
import Foundation
import FuzzSupport
import HTTPServer
import SiteServing

let names = [
    "Range", "Accept-Encoding", "If-None-Match", "If-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
]
let paths = ["/", "/app.js", "/data.bin", "/empty.txt", "/missing"]

// A dist with a compressible script, a binary file, an empty file and a page.
let dist = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-request-headers-\(getpid())").path
try! FileManager.default.createDirectory(atPath: dist, withIntermediateDirectories: true)
let files: [String: [UInt8]] = [
    "index.html": Array("<!doctype html><title>fuzz</title><script src=\"app.js\"></script>\n".utf8),
    "app.js": Array(String(repeating: "console.log('gowasm-serve range fuzzing');\n", count: 80).utf8),
    "data.bin": (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) },
    "empty.txt": [],
]
for (name, bytes) in files {
    precondition(FileManager.default.createFile(atPath: dist + "/" + name, contents: Data(bytes)))
}
atexit { try? FileManager.default.removeItem(atPath: dist) }
let handler = SiteHandler(root: try! SiteRoot(dist))
let sizes = [0, 1, 999, 1000, Int.max]

runFuzzer { input in
    guard let selector = input.first else { return }
    let lines = fields(UnsafeRawBufferPointer(rebasing: input.dropFirst()), count: 8)
    var headers = HTTPHeaders()
    for line in lines {
        guard let first = line.unicodeScalars.first, first.isASCII else { continue }
        let name = names[Int(first.value) % names.count]
        let value = String(line.unicodeScalars.dropFirst())
        headers.add(name, value)
        for size in sizes {
            if case .range(let range) = ByteRangeRequest(value, size: size) {
                precondition(range.lowerBound >= 0 && range.upperBound < size, "\(range) outside \(size) bytes")
            }
        }
        let accepted = AcceptEncoding([value])
        _ = accepted.choose(from: [.identity, .gzip, .br])
        _ = accepted.preference
        _ = HTTPDate.parse(value).map(HTTPDate.format)
    }
    let path = paths[Int(selector) % paths.count]
    let request = HTTPRequest(
        method: selector & 0x80 == 0 ? "GET" : "HEAD", target: path, path: path, headers: headers)
    let response = handler.response(to: request)
    switch response.body {
    // An encoded body is a sibling (app.js.gz, …) whose size is not the file's: only identity bodies are checked.
    case .file(_, let offset, let count) where response.headers["Content-Encoding"] == nil,
        .opened(_, let offset, let count) where response.headers["Content-Encoding"] == nil:
        let size = files[path == "/" ? "index.html" : String(path.dropFirst())]?.count ?? Int.max
        precondition(
            offset >= 0 && count >= 0 && offset <= size && count <= size - offset,
            "\(offset)+\(count) outside \(size) bytes for \(headers)")
    default: break
    }
}
