import CLinux
import Foundation
import Glibc

/// Watches a Go package with Linux inotify: the kernel says which file changed, so an edit is seen at once
/// instead of at the next poll, and `WatchDebounce` turns an editor's save burst into one `onChange`.
/// Directories created later are watched as they appear. `start` fails (and `SourceWatch` falls back to
/// polling) where inotify is unavailable or the user's watch limit (`fs.inotify.max_user_watches`) is reached.
public final class InotifyWatcher: @unchecked Sendable {
    public enum StartError: Error, Equatable, CustomStringConvertible {
        case unavailable(errno: Int32)
        case outOfWatches
        public var description: String {
            switch self {
            case .unavailable(let code): "inotify is unavailable (\(String(cString: strerror(code))))"
            case .outOfWatches: "inotify ran out of watches (fs.inotify.max_user_watches)"
            }
        }
    }

    public let package: URL
    private let onChange: @Sendable () -> Void
    private var debounce: WatchDebounce
    private let clock = ContinuousClock()
    private var inotify: Int32 = -1
    private var wake: [Int32] = [-1, -1]
    private var directories: [Int32: String] = [:]  // watch descriptor → path relative to the package
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)

    public init(package: URL, debounce: WatchDebounce = .init(), onChange: @escaping @Sendable () -> Void) {
        self.package = package.standardizedFileURL
        self.debounce = debounce
        self.onChange = onChange
    }

    /// Watches every folder of the package (hidden ones and `vendor/` skipped) and starts the event thread.
    public func start() throws(StartError) {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw .unavailable(errno: errno) }
        // A pipe to wake the event thread on stop; close-on-exec, so `go build` does not inherit it.
        guard pipe(&wake) == 0, fcntl(wake[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(wake[1], F_SETFD, FD_CLOEXEC) == 0
        else {
            let code = errno
            close(inotify)
            throw .unavailable(errno: code)
        }
        do {
            try watchTree("")
        } catch {
            closeAll()
            throw error
        }
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "gowasm-serve.inotify"
        self.thread = thread
        thread.start()
    }

    public func stop() {
        guard thread != nil else { return }
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        done.wait()
        thread = nil
        closeAll()
    }

    private func closeAll() {
        for fd in [inotify, wake[0], wake[1]] where fd >= 0 { close(fd) }
        inotify = -1
        wake = [-1, -1]
    }

    /// Adds a watch on `relative` (a folder under the package) and its subfolders.
    private func watchTree(_ relative: String) throws(StartError) {
        let path = relative.isEmpty ? package.path : package.path + "/" + relative
        let descriptor = inotify_add_watch(inotify, path, Self.mask | UInt32(IN_ONLYDIR))
        if descriptor < 0 {
            let code = errno
            if code == ENOSPC { throw .outOfWatches }
            if code == ENOENT || code == ENOTDIR { return }  // gone meanwhile
            throw .unavailable(errno: code)
        }
        directories[descriptor] = relative
        guard let children = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for child in children.sorted() where Self.isWatchedFolder(child) {
            var isDirectory: ObjCBool = false
            let childPath = path + "/" + child
            guard FileManager.default.fileExists(atPath: childPath, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            try watchTree(relative.isEmpty ? child : relative + "/" + child)
        }
    }

    static func isWatchedFolder(_ name: String) -> Bool { !name.hasPrefix(".") && name != "vendor" }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var timeout: Int32 = -1
            if let deadline = debounce.deadline {
                let left = clock.now.duration(to: deadline)
                let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
                timeout = Int32(clamping: max(0, milliseconds + 1))
            }
            var fds = [
                pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, timeout)
            if ready < 0, errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                if count > 0, relevant(Array(buffer[0..<count])) { debounce.note(at: clock.now) }
            }
            if debounce.fire(at: clock.now) { onChange() }
        }
    }

    /// Whether any event in `events` touches a file the build reads (new folders are watched on the way).
    private func relevant(_ events: [UInt8]) -> Bool {
        var any = false
        for event in InotifyEvents.parse(events) {
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { any = true; continue }
            guard let folder = directories[event.descriptor] else { continue }
            if event.mask & UInt32(IN_IGNORED) != 0 { directories[event.descriptor] = nil; continue }
            let relative = folder.isEmpty ? event.name : folder + "/" + event.name
            if event.mask & UInt32(IN_ISDIR) != 0 {
                if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, Self.isWatchedFolder(event.name) {
                    try? watchTree(relative)
                    any = true  // files may have landed in it before its watch existed
                }
                continue
            }
            if SourceWatcher.isWatched(relative) { any = true }
        }
        return any
    }
}

/// `struct inotify_event` records out of a read: descriptor, mask, cookie, name length, NUL-padded name.
enum InotifyEvents {
    struct Event: Equatable {
        let descriptor: Int32
        let mask: UInt32
        let name: String
    }

    static func parse(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        var offset = 0
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        while offset + 16 <= bytes.count {
            let length = Int(u32(offset + 12))
            guard offset + 16 + length <= bytes.count else { break }
            let nameBytes = bytes[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
            events.append(
                Event(
                    descriptor: Int32(bitPattern: u32(offset)), mask: u32(offset + 4),
                    name: String(decoding: nameBytes, as: UTF8.self)))
            offset += 16 + length
        }
        return events
    }
}

/// Starts the best watcher here: inotify, else polling with one line saying why.
public enum SourceWatch {
    public enum Running {
        case inotify(InotifyWatcher)
        case polling(SourceWatcher)

        public func stop() {
            switch self {
            case .inotify(let watcher): watcher.stop()
            case .polling(let watcher): watcher.stop()
            }
        }
    }

    public static func start(
        package: URL, log: (String) -> Void, onChange: @escaping @Sendable () -> Void
    ) -> Running {
        let watcher = InotifyWatcher(package: package, onChange: onChange)
        do {
            try watcher.start()
            return .inotify(watcher)
        } catch {
            log("gowasm-serve: watching by polling every 250 ms: \(error)")
            let polling = SourceWatcher(package: package, onChange: onChange)
            polling.start()
            return .polling(polling)
        }
    }
}
