import Glibc

/// Why a file found a moment ago could not be read (it vanished, or permissions): the request gets a 404/500.
public struct FileReadError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "\(path): \(String(cString: strerror(errno)))" }

    /// Out of descriptors or memory: the file is there, the process cannot read it right now.
    public var isResourceShortage: Bool { errno == EMFILE || errno == ENFILE || errno == ENOMEM }
}

/// Reads files from a descriptor opened at lookup (`SiteRoot`): the identity comes from `fstat` on the same
/// descriptor, so content and identity always belong together even while a rebuild replaces the file.
package enum FileReader {
    package struct Contents {
        package var identity: FileIdentity
        /// The bytes, or nil when the caller only wanted the hash (large files served with sendfile).
        package var bytes: [UInt8]?
        package var hash: String
    }

    /// Reads and hashes `file` from its start (pread: the descriptor is shared); keeps the bytes when
    /// `keepBytes(size)` says so.
    package static func read(_ file: FoundFile, keepBytes: (Int) -> Bool) throws(FileReadError) -> Contents {
        let fd = file.file.descriptor
        let path = file.path
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, errno: errno) }
        let identity = FileIdentity(info)
        var hasher = ContentHash()
        if keepBytes(identity.size) {
            var bytes = [UInt8](repeating: 0, count: identity.size)
            var filled = 0
            while filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress! + filled, $0.count - filled, off_t(filled))  // gowasm: allow-trap: the loop runs only while filled < bytes.count (not empty); off_t is Int64
                }
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
        var offset = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }  // gowasm: allow-trap: a 1 MiB buffer of our own; off_t is Int64
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw FileReadError(path: path, errno: errno) }
            if count == 0 { break }
            offset += count
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return Contents(identity: identity, bytes: nil, hash: hasher.finalize())
    }
}
