import CLinux
import Foundation

/// Puts a finished dist in place of OUT so that OUT is either the old dist or the new one, never half of
/// each: the new dist is built in a sibling staging directory (same file system), then renamed over.
public struct DistSwap: Sendable {
    public let output: URL

    public init(output: URL) { self.output = output }

    /// A fresh staging directory next to OUT.
    public func makeStaging() throws(BuildError) -> URL {
        let parent = output.deletingLastPathComponent()
        try fileOperation("create", parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        let staging = parent.appendingPathComponent(
            ".\(output.lastPathComponent).building-\(getpid())-\(UUID().uuidString.prefix(8))")
        try fileOperation("create", staging.path) {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        }
        return staging
    }

    /// Refuses to replace a directory that holds something other than an earlier build.
    func checkReplaceable() throws(BuildError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .outputNotADist(path: output.path) }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        if contents.isEmpty || contents.contains(Manifest.fileName) { return }
        throw .outputNotADist(path: output.path)
    }

    /// Replaces OUT with `staging`; the previous build (and its old hashed files) goes away. On Linux the
    /// two directories trade places in one `renameat2(RENAME_EXCHANGE)`, so a server reading OUT sees the
    /// old dist or the new one, never no dist. Elsewhere (or on a file system that cannot exchange), two
    /// renames leave OUT absent for a moment.
    public func install(_ staging: URL) throws(BuildError) {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileOperation("move", staging.path) { try fileManager.moveItem(at: staging, to: output) }
            return
        }
        if Self.exchange(staging, output) {
            try? fileManager.removeItem(at: staging)  // now the previous build
            return
        }
        let retired = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())-\(UUID().uuidString.prefix(8))")
        try fileOperation("move", output.path) { try fileManager.moveItem(at: output, to: retired) }
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            try? fileManager.moveItem(at: retired, to: output)  // put the old dist back
            throw .fileSystem(operation: "move", path: staging.path, detail: describeFileError(error))
        }
        try? fileManager.removeItem(at: retired)
    }

    /// The one platform seam: an atomic exchange of two existing paths (renameat2), false where the file
    /// system has none.
    private static func exchange(_ first: URL, _ second: URL) -> Bool {
        clinux_rename_exchange(first.path, second.path) == 0
    }

    public func discard(_ staging: URL) { try? FileManager.default.removeItem(at: staging) }
}
