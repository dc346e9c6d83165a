import Glibc
import InputSafety

/// What identifies one version of a file on disk. A rebuild that renames a new file into place changes the
/// inode; one that rewrites in place changes size, mtime or ctime. Any change means "read it again".
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int
    /// Modification time, nanoseconds since the epoch.
    public var modified: Int64
    /// Status-change time, nanoseconds since the epoch (catches in-place rewrites within one mtime tick).
    public var changed: Int64

    /// Whole seconds of the modification time, as Last-Modified carries it.
    public var modifiedSeconds: Int64 { modified / 1_000_000_000 }

    package init(_ info: stat) {
        device = UInt64(info.st_dev)  // gowasm: allow-trap: dev_t is UInt64 already
        inode = UInt64(info.st_ino)  // gowasm: allow-trap: ino_t is UInt64 already
        size = Int(info.st_size)  // gowasm: allow-trap: off_t is Int64: same width as Int
        // A file's times are whatever `touch -d` set (the year 3000 overflows nanoseconds): saturated.
        modified = Int64(
            truncatingIfNeeded: Conversions.nanoseconds(seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
        )
        changed = Int64(
            truncatingIfNeeded: Conversions.nanoseconds(seconds: info.st_ctim.tv_sec, nanoseconds: info.st_ctim.tv_nsec)
        )
    }
}

/// A regular file of the dist, opened once at lookup: its identity is its descriptor's `fstat`, and the
/// response is sent from that descriptor. So the bytes sent are the bytes the identity (and the ETag cached
/// for it) describe, even while a rebuild replaces the path.
public struct FoundFile: Sendable {
    /// The file's path as found (for the MIME type, cache keys and logs; never opened again by the server).
    public let path: String
    public let identity: FileIdentity
    public let file: OpenedFile
}

/// The dist folder: maps a checked `RequestPath` to a regular file inside it, never outside.
///
/// Every lookup walks from the root one component at a time with `openat(O_NOFOLLOW)`, so a component
/// swapped for a symlink between checks cannot lead out of the root, and opens the last one with
/// `O_NONBLOCK`, so a FIFO planted in the dist cannot block the caller. Symlinks that stay inside the root
/// are followed by resolving them first and then walking the resolved path the same strict way.
public struct SiteRoot: Sendable {
    /// The root with every symlink resolved; files must resolve to a path under it.
    public let path: String

    /// Why the root itself is unusable.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case notADirectory(String)

        public var description: String {
            switch self {
            case .missing(let path): "\(path): no such directory"
            case .notADirectory(let path): "\(path): not a directory"
            }
        }
    }

    /// Where a path leads.
    public enum Lookup: Sendable {
        case file(FoundFile)
        /// A directory asked for without its trailing slash: redirect so relative links resolve.
        case directoryWithoutSlash
        case notFound
        /// The process could not open it for want of resources (EMFILE, ENFILE, ENOMEM): try again later.
        case unavailable(errno: Int32)
    }

    public init(_ directory: String) throws(Failure) {
        guard let resolved = Self.realPath(directory) else { throw .missing(directory) }
        var info = stat()
        guard stat(resolved, &info) == 0 else { throw .missing(directory) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(directory) }
        path = resolved
    }

    /// Resolves `request` to a regular file: directories give their `index.html`; dotfiles, symlinks that
    /// leave the root, and anything that is not a regular file are not found.
    public func lookup(_ request: RequestPath) -> Lookup {
        guard !request.touchesDotfile else { return .notFound }
        let opened: Opened
        switch openBelowRoot(request.segments) {
        case .opened(let found): opened = found
        case .failed(let code): return Self.outcome(of: code)
        }
        switch opened.status.st_mode & S_IFMT {
        case S_IFREG:
            // `/index.html/` names a file as if it were a directory; POSIX would refuse it too.
            if request.hasTrailingSlash && !request.segments.isEmpty {
                _ = close(opened.descriptor)
                return .notFound
            }
            return .file(found(opened))
        case S_IFDIR:
            guard request.hasTrailingSlash || request.segments.isEmpty else {
                _ = close(opened.descriptor)
                return .directoryWithoutSlash
            }
            let index = openComponent(in: opened.descriptor, "index.html", path: opened.path + "/index.html")
            _ = close(opened.descriptor)
            switch index {
            case .opened(let file) where file.status.st_mode & S_IFMT == S_IFREG:
                return .file(found(file))
            case .opened(let other):
                _ = close(other.descriptor)
                return .notFound
            case .failed(let code):
                return Self.outcome(of: code)
            }
        default:  // FIFOs, sockets, devices: never served, and never read (opened non-blocking, closed unread)
            _ = close(opened.descriptor)
            return .notFound
        }
    }

    /// The regular file at `absolutePath` (a sibling such as `main.wasm.br` of a file found earlier), opened
    /// with the same walk as a request; nil when it is missing, leaves the root or is not a regular file.
    public func openRegularFile(atPath absolutePath: String) -> FoundFile? {
        let prefix = path == "/" ? "/" : path + "/"
        guard absolutePath.hasPrefix(prefix) else { return nil }
        let segments = absolutePath.dropFirst(prefix.count).split(separator: "/").map(String.init)
        guard !segments.isEmpty, !segments.contains(where: { $0.hasPrefix(".") }),
            case .opened(let opened) = openBelowRoot(segments)
        else { return nil }
        guard opened.status.st_mode & S_IFMT == S_IFREG else {
            _ = close(opened.descriptor)
            return nil
        }
        return found(opened)
    }

    // MARK: - The walk

    private struct Opened {
        let descriptor: Int32
        let status: stat
        let path: String
    }

    private enum Step {
        case opened(Opened)
        case failed(errno: Int32)
    }

    private func found(_ opened: Opened) -> FoundFile {
        FoundFile(
            path: opened.path, identity: FileIdentity(opened.status), file: OpenedFile(adopting: opened.descriptor))
    }

    private static func outcome(of code: Int32) -> Lookup {
        switch code {
        case EMFILE, ENFILE, ENOMEM: .unavailable(errno: code)
        default: .notFound  // ENOENT, ENOTDIR, ELOOP (a symlink that fails the check), EACCES
        }
    }

    /// Opens `segments` below the root. Tries the strict walk on the path as written; a symlink on the way
    /// (ELOOP) sends it through `realpath`, a containment check, and a strict walk of the resolved path.
    private func openBelowRoot(_ segments: [String]) -> Step {
        let direct = walk(segments)
        guard case .failed(ELOOP) = direct else { return direct }
        let candidate = segments.isEmpty ? path : path + "/" + segments.joined(separator: "/")
        guard let resolved = Self.realPath(candidate) else { return .failed(errno: ENOENT) }
        guard resolved == path || resolved.hasPrefix(path == "/" ? "/" : path + "/") else {
            return .failed(errno: ENOENT)
        }
        let inside = resolved.dropFirst(path.count).split(separator: "/").map(String.init)
        guard !inside.contains(where: { $0.hasPrefix(".") }) else { return .failed(errno: ENOENT) }
        // The resolved path has no symlinks: if one appears now, someone is swapping components. Refuse.
        return walk(inside)
    }

    /// `openat` per component with O_NOFOLLOW, from the root. Directories on the way are opened O_PATH-like
    /// (O_DIRECTORY) only to anchor the next step.
    private func walk(_ segments: [String]) -> Step {
        guard !segments.isEmpty else {
            let rootDescriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard rootDescriptor >= 0 else { return .failed(errno: errno) }
            return Self.adopt(rootDescriptor, path: path)
        }
        // The first component by its absolute path: the root itself was resolved at start and is trusted
        // (a rebuild may swap it for a new dist: each lookup sees the current one), and this saves an open
        // and a close per request. O_NOFOLLOW still applies to the component.
        var currentPath = path == "/" ? "" : path
        var directory = AT_FDCWD
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            let componentPath = currentPath + "/" + segment
            let name = index == 0 ? componentPath : segment
            let step = openComponent(in: directory, name, path: componentPath, directoryOnly: !isLast)
            if directory != AT_FDCWD { _ = close(directory) }
            switch step {
            case .failed:
                return step
            case .opened(let opened):
                if isLast { return .opened(opened) }
                directory = opened.descriptor
                currentPath = opened.path
            }
        }
        return .failed(errno: ENOENT)  // unreachable: the loop returns at the last segment
    }

    /// One `openat` that never follows a symlink and never blocks (a FIFO opens at once, unread).
    private func openComponent(in directory: Int32, _ name: String, path: String, directoryOnly: Bool = false) -> Step {
        var flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
        if directoryOnly { flags |= O_DIRECTORY }
        let descriptor = openat(directory, name, flags)
        guard descriptor >= 0 else {
            // O_NOFOLLOW|O_DIRECTORY on a symlink says ENOTDIR on some kernels: check which it was.
            let code = errno
            if code == ENOTDIR, directoryOnly {
                var info = stat()
                if fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    return .failed(errno: ELOOP)
                }
            }
            return .failed(errno: code)
        }
        return Self.adopt(descriptor, path: path)
    }

    /// `descriptor` with its `fstat`, or closed and the error.
    private static func adopt(_ descriptor: Int32, path: String) -> Step {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            _ = close(descriptor)
            return .failed(errno: code)
        }
        return .opened(Opened(descriptor: descriptor, status: info, path: path))
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
