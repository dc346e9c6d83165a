#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file found a moment ago could not be read (it vanished, or permissions): the request gets a 404/500.
public struct FileReadError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}

/// Reads files with one open: the identity comes from `fstat` on the same descriptor, so content and
/// identity always belong together even while a rebuild replaces the file.
enum FileReader {
    struct Contents {
        var identity: FileIdentity
        /// The bytes, or nil when the caller only wanted the hash (large files served with sendfile).
        var bytes: [UInt8]?
        var hash: String
    }

    /// Reads and hashes `path`; keeps the bytes when `keepBytes(size)` says so.
    static func read(_ path: String, keepBytes: (Int) -> Bool) throws(FileReadError) -> Contents {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, errno: errno) }
        let identity = FileIdentity(info)
        var hasher = ContentHash()
        if keepBytes(identity.size) {
            var bytes = [UInt8](repeating: 0, count: identity.size)
            var filled = 0
            while filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw FileReadError(path: path, errno: errno) }
                if count == 0 { break }  // truncated under us: hash what is there, the next stat sees the change
                filled += count
            }
            bytes.removeLast(bytes.count - filled)
            hasher.update(bytes)
            return Contents(identity: identity, bytes: bytes, hash: hasher.finalize())
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw FileReadError(path: path, errno: errno) }
            if count == 0 { break }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return Contents(identity: identity, bytes: nil, hash: hasher.finalize())
    }
}
