import Foundation
import HeadlessDOM
import SiteServing

/// A dist directory as the pre-renderer sees it: the HTML page for a route, and the wasm that page loads.
struct DistPage {
    /// The page file inside the dist (`about/index.html`, or the SPA fallback `index.html`).
    let pagePath: String
    let html: String
    /// The wasm file the page loads, relative to the dist.
    let wasmPath: String

    /// Finds the page for `route` the way `gowasm-serve serve` does (`RequestPath`, `SiteRoot`): the file or
    /// the directory's `index.html` the route names, else the root `index.html` (client-side routing).
    static func load(root: SiteRoot, route: String) throws(PrerenderError) -> DistPage {
        var pagePath: String?
        if let path = try? RequestPath(decoding: route) {
            switch root.lookup(path) {
            case .file(let found) where MediaType.forFileName(found.path).isHTML:
                pagePath = DistFiles.relative(found.path, in: root)
            case .directoryWithoutSlash:
                if let slashed = try? RequestPath(decoding: route + "/"), case .file(let found) = root.lookup(slashed) {
                    pagePath = DistFiles.relative(found.path, in: root)
                }
            default: break
            }
        }
        guard let pagePath = pagePath ?? (DistFiles.isRegularFile(root, "index.html") ? "index.html" : nil) else {
            throw .noPage(dist: root.path, route: route)
        }
        return try load(root: root, page: pagePath)
    }

    /// The page `pagePath` (relative to the dist), as the server matched it for a request.
    static func load(root: SiteRoot, page pagePath: String) throws(PrerenderError) -> DistPage {
        let html = String(decoding: try DistFiles.read(root, pagePath), as: UTF8.self)
        let wasmPath = try findWasm(root: root, pagePath: pagePath, html: html)
        return DistPage(pagePath: pagePath, html: html, wasmPath: wasmPath)
    }

    /// The first referenced `.wasm` that exists: `<link rel=preload href>`, `<script src>`, string literals
    /// in inline scripts (`fetch("app.wasm")`, `instantiateStreaming(fetch('main.wasm'))`), then the
    /// build manifest's `main.wasm` entry.
    static func findWasm(root: SiteRoot, pagePath: String, html: String) throws(PrerenderError) -> String {
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
        if let manifest = try? DistFiles.read(root, "manifest.json"),
            let object = try? JSONSerialization.jsonObject(with: Data(manifest)) as? [String: Any],
            let files = object["files"] as? [String: Any]
        {
            for (logical, entry) in files.sorted(by: { $0.key < $1.key }) where logical.hasSuffix(".wasm") {
                if let file = (entry as? [String: Any])?["file"] as? String { references.append("/" + file) }
            }
        }
        let pageDirectory = (pagePath as NSString).deletingLastPathComponent
        for reference in references {
            if let path = resolve(reference, from: pageDirectory), DistFiles.isRegularFile(root, path) { return path }
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

/// Reading files of a dist under `serve`'s rules: no `..`, no dotfiles, no symlink out of the dist.
enum DistFiles {
    /// The real path of the regular file at `relative` (slash-separated, not percent-encoded).
    static func file(_ root: SiteRoot, _ relative: String) -> String? {
        let segments = relative.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? "" }
        guard let path = try? RequestPath(decoding: "/" + segments.joined(separator: "/")),
            case .file(let found) = root.lookup(path)
        else { return nil }
        return found.path
    }

    static func isRegularFile(_ root: SiteRoot, _ relative: String) -> Bool { file(root, relative) != nil }

    static func read(_ root: SiteRoot, _ relative: String) throws(PrerenderError) -> [UInt8] {
        guard let file = file(root, relative) else { throw .unreadable(path: relative, reason: "not a file of the dist") }
        guard let data = FileManager.default.contents(atPath: file) else { throw .unreadable(path: file, reason: "unreadable") }
        return Array(data)
    }

    /// `file` (a real path under the root) relative to the root.
    static func relative(_ file: String, in root: SiteRoot) -> String {
        let prefix = root.path == "/" ? "/" : root.path + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/%"))
}
