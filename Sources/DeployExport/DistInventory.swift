import DistLayout
import Foundation

/// The files of a dist as a production server must serve them: each one's type, cache policy and the
/// precompressed siblings beside it. The same decisions `gowasm-serve serve` makes (SiteServing's).
public struct DistInventory: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the dist, `/`-separated, no leading slash.
        public var path: String
        public var type: MediaType
        public var cache: CachePolicy
        public var hasBrotli: Bool
        public var hasGzip: Bool
        public var size: Int

        public var isHTML: Bool { type.isHTML }
        public var name: Substring { path.split(separator: "/").last ?? Substring(path) }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notADirectory(String)
        case empty(String)

        public var description: String {
            switch self {
            case .notADirectory(let path): "\(path) is not a directory"
            case .empty(let path): "\(path) holds no file to serve"
            }
        }
    }

    /// The dist's absolute, standardized path.
    public let root: String
    /// Served files in path order; `.br`/`.gz` siblings and dotfiles are not among them.
    public let files: [File]

    public init(directory: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notADirectory(directory)
        }
        var all = Set<String>()
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let relative = walker.nextObject() as? String {
                let name = relative.split(separator: "/").last.map(String.init) ?? relative
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    all.insert(relative)
                }
            }
        }
        var files: [File] = []
        for path in all.sorted() where !Self.isSibling(path, among: all) {
            let size = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path)[.size] as? Int) ?? 0
            let name = path.split(separator: "/").last ?? Substring(path)
            files.append(
                File(
                    path: path, type: MediaType.forFileName(name), cache: CachePolicy.forFileName(name),
                    hasBrotli: all.contains(path + ".br"), hasGzip: all.contains(path + ".gz"), size: size))
        }
        guard !files.isEmpty else { throw .empty(directory) }
        self.root = root
        self.files = files
    }

    /// `x.br` / `x.gz` beside an `x`: a precompressed variant, not a file of its own.
    static func isSibling(_ path: String, among all: Set<String>) -> Bool {
        for suffix in [".br", ".gz"] where path.hasSuffix(suffix) {
            if all.contains(String(path.dropLast(suffix.count))) { return true }
        }
        return false
    }

    /// The media types of the dist's files by extension (lowercased), for servers that need a type table.
    public var typesByExtension: [(extension: String, type: MediaType)] {
        var seen: [String: MediaType] = [:]
        for file in files {
            guard let dot = file.name.lastIndex(of: "."), dot != file.name.startIndex else { continue }
            let ext = file.name[file.name.index(after: dot)...].lowercased()
            seen[ext] = file.type
        }
        return seen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension MediaType {
    /// The type without parameters (`text/html`), and whether it carries `charset=utf-8`.
    public var essence: String {
        String(value.split(separator: ";").first ?? Substring(value)).trimmingCharacters(in: .whitespaces)
    }
    public var hasCharset: Bool { value.contains("charset=") }
}
