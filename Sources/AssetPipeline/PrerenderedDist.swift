import Foundation

/// Writes a pre-rendered dist: a copy of the dist in a staging directory next to OUT, the pages written
/// over it, then renamed into place, so OUT is the old directory or the new one, never half of each.
public struct PrerenderedDist: Sendable {
    public let dist: URL
    public let output: URL

    public init(dist: URL, output: URL) {
        self.dist = dist
        self.output = output
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `OUT/index.html` for `/`, `OUT/a/b/index.html` for `/a/b`, `OUT/x.html` for `/x.html`.
    public static func file(for route: String) -> String {
        let relative = route.split(separator: "/").joined(separator: "/")
        if relative.isEmpty { return "index.html" }
        return relative.hasSuffix(".html") ? relative : relative + "/index.html"
    }

    /// Writes `pages` (route, rendered HTML) over a copy of the dist, each with fresh `.br`/`.gz` siblings and
    /// its manifest entry.
    public func write(_ pages: [(route: String, html: String)]) throws(Failure) {
        let manager = FileManager.default
        let source = dist.standardizedFileURL.resolvingSymlinksInPath()
        let target = output.standardizedFileURL.resolvingSymlinksInPath()
        guard source.path != target.path, !target.path.hasPrefix(source.path + "/"),
            !source.path.hasPrefix(target.path + "/")
        else {
            throw Failure(description: "-o \(output.path) must be outside the dist \(dist.path)")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            guard isDirectory.boolValue, contents.isEmpty || contents.contains("index.html") else {
                throw Failure(description: "\(output.path) exists and is not a dist; refusing to replace it")
            }
        }
        let staging = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).prerendering-\(getpid())")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: staging)
            var manifest = try readManifest(staging)
            for page in pages {
                let relative = Self.file(for: page.route)
                let file = staging.appendingPathComponent(relative)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let bytes = Array(page.html.utf8)
                try Data(bytes).write(to: file)
                for suffix in [".br", ".gz"] { try? manager.removeItem(atPath: file.path + suffix) }
                let sizes = try Precompressor(fast: false).compress(file, bytes: bytes)
                if var entry = manifest?.files[relative] ?? manifest?.files["index.html"] {
                    entry.file = relative
                    entry.size = bytes.count
                    entry.sha384 = ContentDigest(of: bytes).integrity
                    entry.br = sizes.br
                    entry.gzip = sizes.gzip
                    manifest?.files[relative] = entry
                }
            }
            if let manifest { try manifest.encoded().write(to: staging.appendingPathComponent(Manifest.fileName)) }
            if manager.fileExists(atPath: target.path) {
                _ = try manager.replaceItemAt(target, withItemAt: staging)
            } else {
                try manager.moveItem(at: staging, to: target)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure(description: "cannot write \(output.path): \(error)")
        }
    }

    private func readManifest(_ directory: URL) throws -> Manifest? {
        let url = directory.appendingPathComponent(Manifest.fileName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }
}
