import Glibc
import InputSafety

/// node's `fs` operations on the real file system, without any JavaScript: each call is one system call,
/// and a failure is a `SystemError` carrying what node puts on its error (`code`, `errno`, `syscall`,
/// `path`, `dest`). Both JavaScript hosts adapt these to node's callback API.
public enum FileOperations {
    /// `fs.constants` as node on Linux has them (Go reads `O_*` with `.Int()`).
    public static let constants: [(name: String, value: Int32)] = [
        ("O_RDONLY", O_RDONLY), ("O_WRONLY", O_WRONLY), ("O_RDWR", O_RDWR), ("O_CREAT", O_CREAT), ("O_EXCL", O_EXCL),
        ("O_NOCTTY", O_NOCTTY), ("O_TRUNC", O_TRUNC), ("O_APPEND", O_APPEND), ("O_DIRECTORY", O_DIRECTORY),
        ("O_NOFOLLOW", O_NOFOLLOW), ("O_SYNC", O_SYNC), ("O_DSYNC", O_DSYNC), ("O_NONBLOCK", O_NONBLOCK),
        ("F_OK", F_OK), ("R_OK", R_OK), ("W_OK", W_OK), ("X_OK", X_OK),
        ("S_IFMT", Int32(S_IFMT)), ("S_IFREG", Int32(S_IFREG)), ("S_IFDIR", Int32(S_IFDIR)),
        ("S_IFLNK", Int32(S_IFLNK)),
    ]

    public static func open(_ path: String, flags: Int32, mode: mode_t?) throws(SystemError) -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode ?? 0o666)
        guard fd >= 0 else { throw SystemError(errno, syscall: "open", path: path) }
        return fd
    }

    public static func close(_ fd: Int32) throws(SystemError) {
        guard Glibc.close(fd) == 0 else { throw SystemError(errno, syscall: "close") }
    }

    /// `read(fd, buffer, …, position)`: at `position` when given (pread), else at the file offset.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, position: Int64?)
        throws(SystemError) -> Int
    {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n = position.map { pread(fd, base, buffer.count, off_t($0)) } ?? Glibc.read(fd, base, buffer.count)  // gowasm: allow-trap: off_t is Int64: same width, cannot trap
        guard n >= 0 else { throw SystemError(errno, syscall: "read") }
        return n
    }

    public static func write(_ fd: Int32, from buffer: UnsafeRawBufferPointer, position: Int64?) throws(SystemError)
        -> Int
    {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n = position.map { pwrite(fd, base, buffer.count, off_t($0)) } ?? Glibc.write(fd, base, buffer.count)  // gowasm: allow-trap: off_t is Int64: same width, cannot trap
        guard n >= 0 else { throw SystemError(errno, syscall: "write") }
        return n
    }

    public static func stat(_ path: String, followingLinks: Bool) throws(SystemError) -> FileStatus {
        var info = Glibc.stat()
        guard fstatat(AT_FDCWD, path, &info, followingLinks ? 0 : AT_SYMLINK_NOFOLLOW) == 0 else {
            throw SystemError(errno, syscall: followingLinks ? "stat" : "lstat", path: path)
        }
        return FileStatus(info)
    }

    public static func fstat(_ fd: Int32) throws(SystemError) -> FileStatus {
        var info = Glibc.stat()
        guard Glibc.fstat(fd, &info) == 0 else { throw SystemError(errno, syscall: "fstat") }
        return FileStatus(info)
    }

    /// The names in a directory, without `.` and `..`, sorted by bytes as node returns them.
    public static func readdir(_ path: String) throws(SystemError) -> [String] {
        guard let directory = opendir(path) else { throw SystemError(errno, syscall: "scandir", path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = Glibc.readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    public static func readlink(_ path: String) throws(SystemError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = Glibc.readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { throw SystemError(errno, syscall: "readlink", path: path) }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What `readFile` found: the contents, or a size past the limit (node's ERR_FS_FILE_TOO_LARGE).
    public enum FileContents: Equatable, Sendable {
        case bytes([UInt8])
        /// The size `fstat` gave, or for a file that gives none (a pipe, /dev/zero), what was read so far.
        case tooLarge(size: Int)
    }

    /// node's largest read (kIoMaxLength, 2^31 - 1): `fs.readFileSync` refuses a bigger file.
    public static let maximumReadLength = Int(Int32.max)

    /// The whole file (`fs.readFileSync`), at most `limit` bytes. A regular file over it is refused before any
    /// read, as node does; a file without a size stops being read once past it (node would read on until its
    /// memory ran out). Before: a sparse file of 8 GB (left by an ftruncate) was read whole into memory.
    public static func readFile(_ path: String, limit: Int = maximumReadLength) throws(SystemError) -> FileContents {
        let fd = try open(path, flags: O_RDONLY, mode: nil)
        defer { Glibc.close(fd) }
        var status = Glibc.stat()
        if Glibc.fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let size = Int(exactly: status.st_size),
            size > limit
        {
            return .tooLarge(size: size)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { buffer in Glibc.read(fd, buffer.baseAddress, buffer.count) }
            guard n >= 0 else { throw SystemError(errno, syscall: "read") }
            if n == 0 { return .bytes(bytes) }
            bytes.append(contentsOf: chunk.prefix(n))
            if bytes.count > limit { return .tooLarge(size: bytes.count) }
        }
    }

    /// The operations that only report success or failure, by node's name.
    public enum PathCall {
        case mkdir(String, mode: mode_t?)
        case rmdir(String)
        case unlink(String)
        case rename(String, to: String)
        case link(String, to: String)
        case symlink(String, to: String)
        case chmod(String, mode: mode_t)
        case chown(String, uid: uid_t, gid: gid_t)
        case lchown(String, uid: uid_t, gid: gid_t)
        case truncate(String, length: off_t)
        /// Access and modification times in seconds.
        case utimes(String, accessed: Double, modified: Double)
        case fchmod(Int32, mode: mode_t)
        case fchown(Int32, uid: uid_t, gid: gid_t)
        case ftruncate(Int32, length: off_t)
        case fsync(Int32)
    }

    public static func perform(_ call: PathCall) throws(SystemError) {
        let (result, syscall, path, destination): (Int32, String, String?, String?) =
            switch call {
            case .mkdir(let p, let mode): (Glibc.mkdir(p, mode ?? 0o777), "mkdir", p, nil)
            case .rmdir(let p): (Glibc.rmdir(p), "rmdir", p, nil)
            case .unlink(let p): (Glibc.unlink(p), "unlink", p, nil)
            case .rename(let p, let d): (Glibc.rename(p, d), "rename", p, d)
            case .link(let p, let d): (Glibc.link(p, d), "link", p, d)
            case .symlink(let p, let d): (Glibc.symlink(p, d), "symlink", p, d)
            case .chmod(let p, let mode): (Glibc.chmod(p, mode), "chmod", p, nil)
            case .chown(let p, let uid, let gid): (Glibc.chown(p, uid, gid), "chown", p, nil)
            case .lchown(let p, let uid, let gid): (Glibc.lchown(p, uid, gid), "lchown", p, nil)
            case .truncate(let p, let length): (Glibc.truncate(p, length), "truncate", p, nil)
            case .utimes(let p, let accessed, let modified):
                (utimes(p, accessed: accessed, modified: modified), "utimes", p, nil)
            case .fchmod(let fd, let mode): (Glibc.fchmod(fd, mode), "fchmod", nil, nil)
            case .fchown(let fd, let uid, let gid): (Glibc.fchown(fd, uid, gid), "fchown", nil, nil)
            case .ftruncate(let fd, let length): (Glibc.ftruncate(fd, length), "ftruncate", nil, nil)
            case .fsync(let fd): (Glibc.fsync(fd), "fsync", nil, nil)
            }
        guard result == 0 else { throw SystemError(errno, syscall: syscall, path: path, destination: destination) }
    }

    private static func utimes(_ path: String, accessed: Double, modified: Double) -> Int32 {
        func spec(_ seconds: Double) -> timespec {
            // Seconds from a guest program: NaN or 1e300 must not trap (NaN is the epoch, the rest clamped).
            let whole = seconds.rounded(.down)
            let nanoseconds = Conversions.clamped((seconds - whole) * 1e9, to: 0...999_999_999)
            return timespec(tv_sec: Conversions.clamped(whole, to: Int.min...Int.max), tv_nsec: nanoseconds)
        }
        var times = [spec(accessed), spec(modified)]
        return utimensat(AT_FDCWD, path, &times, 0)
    }
}

/// What `fs.stat` reports (node's `Stats` fields Go reads).
public struct FileStatus: Sendable {
    /// dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks, in that order, as node names them.
    public let numbers: [(name: String, value: Double)]
    public let accessedMilliseconds: Double
    public let modifiedMilliseconds: Double
    public let changedMilliseconds: Double
    public let type: mode_t

    public var isDirectory: Bool { type == S_IFDIR }
    public var isFile: Bool { type == S_IFREG }
    public var isSymbolicLink: Bool { type == S_IFLNK }

    init(_ info: stat) {
        func ms(_ t: timespec) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6 }
        numbers = [
            ("dev", Double(info.st_dev)), ("ino", Double(info.st_ino)), ("mode", Double(info.st_mode)),
            ("nlink", Double(info.st_nlink)), ("uid", Double(info.st_uid)), ("gid", Double(info.st_gid)),
            ("rdev", Double(info.st_rdev)), ("size", Double(info.st_size)), ("blksize", Double(info.st_blksize)),
            ("blocks", Double(info.st_blocks)),
        ]
        accessedMilliseconds = ms(info.st_atim)
        modifiedMilliseconds = ms(info.st_mtim)
        changedMilliseconds = ms(info.st_ctim)
        type = info.st_mode & S_IFMT
    }
}

/// A failed system call as node reports it: `ENOENT: no such file or directory, open '/x'`.
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public let number: Int32
    public let syscall: String
    public let path: String?
    public let destination: String?
    /// What the message names instead of the syscall (node says "process.chdir" for chdir).
    public let operation: String?

    public init(
        _ number: Int32, syscall: String, path: String? = nil, destination: String? = nil, operation: String? = nil
    ) {
        self.number = number
        self.syscall = syscall
        self.path = path
        self.destination = destination
        self.operation = operation
    }

    /// node's (libuv's) name, which Go's syscall package maps back to an errno.
    public var code: String { ErrnoName.name(number) }

    public var description: String {
        var text = String(cString: strerror(number))
        if let first = text.first { text = first.lowercased() + text.dropFirst() }
        text = "\(code): \(text), \(operation ?? syscall)"
        if let path { text += " '\(path)'" }
        if let destination { text += " -> '\(destination)'" }
        return text
    }
}

/// errno numbers to the names node (libuv) reports as `err.code`.
public enum ErrnoName {
    public static func name(_ number: Int32) -> String {
        switch number {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case ESRCH: "ESRCH"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case ENXIO: "ENXIO"
        case E2BIG: "E2BIG"
        case EBADF: "EBADF"
        case EAGAIN: "EAGAIN"
        case ENOMEM: "ENOMEM"
        case EACCES: "EACCES"
        case EFAULT: "EFAULT"
        case EBUSY: "EBUSY"
        case EEXIST: "EEXIST"
        case EXDEV: "EXDEV"
        case ENODEV: "ENODEV"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case EINVAL: "EINVAL"
        case ENFILE: "ENFILE"
        case EMFILE: "EMFILE"
        case ENOTTY: "ENOTTY"
        case EFBIG: "EFBIG"
        case ENOSPC: "ENOSPC"
        case ESPIPE: "ESPIPE"
        case EROFS: "EROFS"
        case EMLINK: "EMLINK"
        case EPIPE: "EPIPE"
        case ERANGE: "ERANGE"
        case ENAMETOOLONG: "ENAMETOOLONG"
        case ENOSYS: "ENOSYS"
        case ENOTEMPTY: "ENOTEMPTY"
        case ELOOP: "ELOOP"
        case ENOTSUP: "ENOTSUP"
        case ETIMEDOUT: "ETIMEDOUT"
        case ECONNREFUSED: "ECONNREFUSED"
        default: "EIO"
        }
    }
}
