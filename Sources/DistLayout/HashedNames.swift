import Foundation
import Synchronization

/// The file names a dist's `manifest.json` (written by `build`) lists: hashed by construction, even when
/// the hash happens to be all decimal digits. Re-read when the manifest changes (a rebuild).
package final class HashedNames: Sendable {
    private struct Loaded {
        var identity: FileIdentity?
        var names: Set<String> = []
    }
    private let root: SiteRoot
    private let loaded = Mutex(Loaded())

    package init(root: SiteRoot) { self.root = root }

    /// True when `relativePath` (`main.1234567890123456.wasm`) is a file the manifest names.
    package func contains(_ relativePath: String) -> Bool {
        guard let manifest = root.openRegularFile(atPath: root.path + "/manifest.json") else { return false }
        if let known = loaded.withLock({ $0.identity == manifest.identity ? $0.names : nil }) {
            return known.contains(relativePath)
        }
        let names = (try? FileReader.read(manifest, keepBytes: { $0 <= 4 << 20 }))?.bytes.map(Self.names) ?? []
        loaded.withLock { $0 = Loaded(identity: manifest.identity, names: names) }
        return names.contains(relativePath)
    }

    /// `{"files": {"main.wasm": {"file": "main.<hash>.wasm", ...}, ...}}` → the `file` values.
    private static func names(in json: [UInt8]) -> Set<String> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
            let files = object["files"] as? [String: Any]
        else { return [] }
        return Set(files.values.compactMap { ($0 as? [String: Any])?["file"] as? String })
    }
}
