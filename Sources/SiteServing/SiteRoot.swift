#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }
}

/// The dist folder: maps a checked `RequestPath` to a regular file inside it, never outside.
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
    public enum Lookup: Sendable, Equatable {
        case file(path: String, identity: FileIdentity)
        /// A directory asked for without its trailing slash: redirect so relative links resolve.
        case directoryWithoutSlash
        case notFound
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
        let candidate = request.segments.isEmpty ? path : path + "/" + request.relativePath
        guard let found = contained(candidate) else { return .notFound }
        let resolved = found.path
        var info = stat()
        if let known = found.status {
            info = known
        } else {
            guard stat(resolved, &info) == 0 else { return .notFound }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // `/index.html/` names a file as if it were a directory; POSIX would refuse it too.
            return request.hasTrailingSlash && !request.segments.isEmpty ? .notFound : .file(path: resolved, identity: FileIdentity(info))
        case S_IFDIR:
            guard request.hasTrailingSlash || request.segments.isEmpty else { return .directoryWithoutSlash }
            guard let found = contained(resolved + "/index.html") else { return .notFound }
            let index = found.path
            if let known = found.status {
                info = known
            } else {
                guard stat(index, &info) == 0 else { return .notFound }
            }
            guard info.st_mode & S_IFMT == S_IFREG else { return .notFound }
            return .file(path: index, identity: FileIdentity(info))
        default:
            return .notFound
        }
    }

    /// Re-reads the identity of a file found earlier (for on-disk siblings such as `main.wasm.br`).
    public func identity(ofSibling siblingPath: String) -> FileIdentity? {
        guard let found = contained(siblingPath) else { return nil }
        let resolved = found.path
        var info = stat()
        if let known = found.status {
            info = known
        } else {
            guard stat(resolved, &info) == 0 else { return nil }
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(info)
    }

    /// The real path of `candidate` if it exists and stays inside the root (and names no dotfile there), with
    /// its status when the walk already has it (the `lstat` of a final component that is no symlink is its
    /// `stat`: one system call per request for a plain file, not two).
    private func contained(_ candidate: String) -> (path: String, status: stat?)? {
        switch walkBelowRoot(candidate) {
        case .missing: return nil
        case .plain(let direct, let status): return (direct, status)
        case .hasSymlink: break
        }
        guard let resolved = Self.realPath(candidate) else { return nil }
        guard resolved == path || resolved.hasPrefix(path == "/" ? "/" : path + "/") else { return nil }
        let inside = resolved.dropFirst(path.count).split(separator: "/")
        guard !inside.contains(where: { $0.hasPrefix(".") }) else { return nil }
        return (resolved, nil)
    }

    private enum Walk {
        case missing
        /// No component below the root is a symlink: the path is inside the root as written. The status is
        /// the last component's (nil for the root itself).
        case plain(String, stat?)
        case hasSymlink
    }

    /// The fast path of `contained`: one `lstat` per component below the (already resolved) root instead of
    /// `realpath`'s walk from `/`. Request paths carry no `.`/`..` segments, so a path without symlinks
    /// cannot leave the root; any symlink sends the caller to the full `realpath` check.
    /// Works on the bytes of one NUL-terminated copy, ending each prefix with a NUL in place for `lstat`
    /// (String slicing per component cost more than the system calls).
    private func walkBelowRoot(_ candidate: String) -> Walk {
        let rootLength = path.utf8.count
        guard candidate.utf8.starts(with: path.utf8) else { return .hasSymlink }
        var bytes = Array(candidate.utf8CString)  // ends with NUL
        let end = bytes.count - 1
        guard end > rootLength else { return .plain(path, nil) }
        let slash = CChar(UInt8(ascii: "/")), dot = CChar(UInt8(ascii: "."))
        guard bytes[rootLength] == slash else { return .hasSymlink }
        var info = stat()
        var position = rootLength  // at the slash before the next component
        while position < end {
            let start = position + 1
            var stop = start
            while stop < end, bytes[stop] != slash { stop += 1 }
            // Empty, `.`, `..` or dotfile components: unusual shape, let realpath and the dotfile rule decide.
            guard stop > start, bytes[start] != dot else { return .hasSymlink }
            let saved = bytes[stop]
            bytes[stop] = 0
            let result = bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { lstat($0, &info) } ?? -1 }
            bytes[stop] = saved
            guard result == 0 else { return .missing }
            if info.st_mode & S_IFMT == S_IFLNK { return .hasSymlink }
            position = stop
        }
        return .plain(candidate, info)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
