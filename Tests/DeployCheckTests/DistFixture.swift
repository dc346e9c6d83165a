import Compression
import Foundation
import Hashing
import TestSupport

/// A dist folder as `gowasm-serve build` lays it out, made here from a real Go build: content-hashed
/// wasm and glue, an index.html that loads them with SRI, .br/.gz siblings and manifest.json.
struct DistFixture {
    let directory: URL
    let wasmName: String
    let glueName: String

    /// - Parameters:
    ///   - hashedNames: name files `main.<sha256 prefix>.wasm` (else `main.wasm`).
    ///   - replaceGlueWith: after the page is written, overwrite the glue with this file (a deploy mistake).
    ///   - precompress: write .br and .gz siblings.
    static func make(hashedNames: Bool = true, replaceGlueWith: URL? = nil, precompress: Bool = true) throws
        -> DistFixture
    {
        let directory = try Paths.temporaryDirectory("dist")
        let wasm = [UInt8](
            try Data(
                contentsOf: try GoToolchain.modern.buildWasm(
                    package: Paths.repository.appendingPathComponent("Examples/hello"))))
        let glue = [UInt8](
            try Data(contentsOf: try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js")))

        func name(_ base: String, _ ext: String, _ bytes: [UInt8]) -> String {
            guard hashedNames else { return "\(base).\(ext)" }
            let hash = SHA2.sha256.hash(bytes).prefix(8).hexString
            return "\(base).\(hash).\(ext)"
        }
        func sri(_ bytes: [UInt8]) -> String { "sha384-" + Data(SHA2.sha384.hash(bytes)).base64EncodedString() }

        let wasmName = name("main", "wasm", wasm)
        let glueName = name("wasm_exec", "js", glue)
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>hello</title>
            <link rel="preload" href="\(wasmName)" as="fetch" type="application/wasm" crossorigin="anonymous" integrity="\(sri(wasm))">
            <script src="\(glueName)" integrity="\(sri(glue))" crossorigin="anonymous"></script>
            </head>
            <body>
            <div id="app"></div>
            <script>
            const go = new Go();
            WebAssembly.instantiateStreaming(fetch("\(wasmName)", {integrity: "\(sri(wasm))"}), go.importObject)
              .then((result) => go.run(result.instance));
            </script>
            </body>
            </html>

            """
        var files: [String: [UInt8]] = ["index.html": Array(html.utf8), wasmName: wasm, glueName: glue]
        var manifest: [String: Any] = [:]
        for (logical, file, bytes) in [("main.wasm", wasmName, wasm), ("wasm_exec.js", glueName, glue)] {
            var entry: [String: Any] = ["file": file, "size": bytes.count, "sha384": sri(bytes)]
            if precompress {
                let br = try ContentCoding.br.encode(bytes)
                let gz = try ContentCoding.gzip.encode(bytes)
                files[file + ".br"] = br
                files[file + ".gz"] = gz
                entry["br"] = br.count
                entry["gzip"] = gz.count
            }
            manifest[logical] = entry
        }
        files["manifest.json"] = [UInt8](
            try JSONSerialization.data(withJSONObject: ["files": manifest], options: [.sortedKeys]))
        for (file, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(file)) }

        if let replacement = replaceGlueWith {
            let replaced = try Data(contentsOf: replacement)
            try replaced.write(to: directory.appendingPathComponent(glueName))
            if precompress {
                try Data(try ContentCoding.br.encode([UInt8](replaced))).write(
                    to: directory.appendingPathComponent(glueName + ".br"))
                try Data(try ContentCoding.gzip.encode([UInt8](replaced))).write(
                    to: directory.appendingPathComponent(glueName + ".gz"))
            }
        }
        return DistFixture(directory: directory, wasmName: wasmName, glueName: glueName)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
