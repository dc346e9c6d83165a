import Foundation
import HeadlessDOM

/// A dist directory as the pre-renderer sees it: the HTML page for a route, and the wasm that page loads.
struct DistPage {
    /// The page file inside the dist (`about/index.html`, or the SPA fallback `index.html`).
    let pagePath: String
    let html: String
    /// The wasm file the page loads, relative to the dist.
    let wasmPath: String

    /// Finds the page for `route` the way `gowasm-serve serve` does: `route/index.html` when it exists,
    /// `route` itself when it names an `.html` file, else the root `index.html` (client-side routing).
    static func load(dist: URL, route: String) throws(PrerenderError) -> DistPage {
        let relative = route.split(separator: "/").joined(separator: "/")
        var candidates: [String] = []
        if relative.hasSuffix(".html") { candidates.append(relative) }
        if !relative.isEmpty { candidates.append(relative + "/index.html") }
        candidates.append("index.html")
        guard let pagePath = candidates.first(where: { DistFiles.isRegularFile(dist, $0) }) else {
            throw .noPage(dist: dist.path, route: route)
        }
        let html = String(decoding: try DistFiles.read(dist, pagePath), as: UTF8.self)
        let wasmPath = try findWasm(dist: dist, pagePath: pagePath, html: html)
        return DistPage(pagePath: pagePath, html: html, wasmPath: wasmPath)
    }

    /// The first referenced `.wasm` that exists: `<link rel=preload href>`, `<script src>`, string literals
    /// in inline scripts (`fetch("app.wasm")`, `instantiateStreaming(fetch('main.wasm'))`), then the
    /// build manifest's `main.wasm` entry.
    static func findWasm(dist: URL, pagePath: String, html: String) throws(PrerenderError) -> String {
        let document = Document(parsing: html)
        var references: [String] = []
        for element in document.descendantElements {
            switch element.localName {
            case "link", "script":
                for name in ["href", "src"] {
                    if let value = element.getAttribute(name), value.lowercased().hasSuffix(".wasm") {
                        references.append(value)
                    }
                }
                if element.localName == "script", element.getAttribute("src") == nil {
                    references.append(contentsOf: wasmLiterals(in: element.textContent ?? ""))
                }
            default: break
            }
        }
        if let manifest = try? DistFiles.read(dist, "manifest.json"),
            let object = try? JSONSerialization.jsonObject(with: Data(manifest)) as? [String: Any],
            let files = object["files"] as? [String: Any]
        {
            for (logical, entry) in files.sorted(by: { $0.key < $1.key }) where logical.hasSuffix(".wasm") {
                if let file = (entry as? [String: Any])?["file"] as? String { references.append("/" + file) }
            }
        }
        let pageDirectory = (pagePath as NSString).deletingLastPathComponent
        for reference in references {
            if let path = resolve(reference, from: pageDirectory), DistFiles.isRegularFile(dist, path) { return path }
        }
        throw .noWasm(page: pagePath, tried: references)
    }

    /// Quoted string literals ending in `.wasm` in a script's text.
    static func wasmLiterals(in script: String) -> [String] {
        var found: [String] = []
        var quote: Character?
        var current = ""
        for character in script {
            if let open = quote {
                if character == open {
                    if current.lowercased().hasSuffix(".wasm") { found.append(current) }
                    quote = nil
                } else if character == "\n" {
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" || character == "'" || character == "`" {
                quote = character
                current = ""
            }
        }
        return found
    }

    /// A same-origin reference as a dist-relative path (query and fragment dropped); nil for other origins.
    static func resolve(_ reference: String, from directory: String) -> String? {
        var path = reference
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if path.contains("://") || path.hasPrefix("//") { return nil }
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        let result = parts.joined(separator: "/")
        return result.removingPercentEncoding ?? result
    }
}

/// Reading files of a dist without following paths out of it.
enum DistFiles {
    static func url(_ dist: URL, _ relative: String) -> URL? {
        guard !relative.split(separator: "/").contains(where: { $0 == ".." }) else { return nil }
        return dist.appendingPathComponent(relative)
    }

    static func isRegularFile(_ dist: URL, _ relative: String) -> Bool {
        guard let url = url(dist, relative) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func read(_ dist: URL, _ relative: String) throws(PrerenderError) -> [UInt8] {
        guard let url = url(dist, relative) else { throw .unreadable(path: relative, reason: "outside the dist") }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}
