import Foundation

/// Polls the files a Go app's build depends on (`.go` files, `go.mod`, `go.sum`, `index.html`, `static/`)
/// and calls `onChange` once edits have settled. Polling, not inotify: it works the same in containers,
/// on network mounts and for editors that replace files by rename, and a few hundred stats per tick cost
/// nothing next to a build.
public final class SourceWatcher: @unchecked Sendable {
    public let package: URL
    private let interval: DispatchTimeInterval
    private let settleTicks: Int
    private let queue = DispatchQueue(label: "gowasm-serve.watcher")
    private var timer: DispatchSourceTimer?
    private var lastSnapshot: [String: FileStamp] = [:]
    private var pendingTicks: Int?
    private let onChange: @Sendable () -> Void

    struct FileStamp: Equatable {
        let size: Int
        let modified: Date
    }

    /// `interval`: time between polls; `settle`: quiet polls after a change before `onChange` (the debounce).
    public init(
        package: URL, interval: DispatchTimeInterval = .milliseconds(250), settle: Int = 2,
        onChange: @escaping @Sendable () -> Void
    ) {
        self.package = package
        self.interval = interval
        self.settleTicks = settle
        self.onChange = onChange
    }

    public func start() {
        queue.sync {
            lastSnapshot = snapshot()
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            self.timer = timer
        }
    }

    public func stop() { queue.sync { timer?.cancel() } }

    private func tick() {
        let current = snapshot()
        if current != lastSnapshot {
            lastSnapshot = current
            pendingTicks = settleTicks  // still changing: wait for quiet
            return
        }
        guard let remaining = pendingTicks else { return }
        if remaining > 1 {
            pendingTicks = remaining - 1
        } else {
            pendingTicks = nil
            onChange()
        }
    }

    /// The watched files under the package (hidden folders and `vendor/` skipped).
    func snapshot() -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        let enumerator = FileManager.default.enumerator(
            at: package, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        let root = package.standardizedFileURL.path
        while let url = enumerator?.nextObject() as? URL {
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count + 1))
            if url.lastPathComponent == "vendor" { enumerator?.skipDescendants() }
            guard values.isRegularFile == true, Self.isWatched(relative) else { continue }
            stamps[relative] = FileStamp(
                size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
        }
        return stamps
    }

    static func isWatched(_ relative: String) -> Bool {
        relative.hasSuffix(".go") || relative == "go.mod" || relative == "go.sum" || relative == DistBuilder.pageName
            || relative.hasPrefix(DistBuilder.staticFolder + "/")
    }
}
