import DistLayout
import Foundation

/// The HTML page of a dist that answers a route.
struct DistPage {
    /// The page file inside the dist (`about/index.html`, or the SPA fallback `index.html`).
    let pagePath: String
    let html: String

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
        return DistPage(pagePath: pagePath, html: html)
    }
}

/// Reading files of a dist under `serve`'s rules: no `..`, no dotfiles, no symlink out of the dist.
enum DistFiles {
    /// The real path of the regular file at `relative` (slash-separated, not percent-encoded).
    static func file(_ root: SiteRoot, _ relative: String) -> String? {
        let segments = relative.split(separator: "/").map {
            $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? ""
        }
        guard let path = try? RequestPath(decoding: "/" + segments.joined(separator: "/")),
            case .file(let found) = root.lookup(path)
        else { return nil }
        return found.path
    }

    static func isRegularFile(_ root: SiteRoot, _ relative: String) -> Bool { file(root, relative) != nil }

    static func read(_ root: SiteRoot, _ relative: String) throws(PrerenderError) -> [UInt8] {
        guard let file = file(root, relative) else {
            throw .unreadable(path: relative, reason: "not a file of the dist")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .unreadable(path: file, reason: "unreadable")
        }
        return Array(data)
    }

    /// `file` (a real path under the root) relative to the root.
    static func relative(_ file: String, in root: SiteRoot) -> String {
        let prefix = root.path == "/" ? "/" : root.path + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/%"))
}
