import Foundation
import NodeSystem
import Testing

/// node's fs primitives on POSIX: the results and the errors Go's syscall package maps back (node's codes
/// and messages), on the real file system.
@Suite struct FileOperationsTests {
    private func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nodesystem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aMissingPathIsENOENTInNodesWords() throws {
        let path = try scratch().appendingPathComponent("missing").path
        let error = #expect(throws: SystemError.self) { try FileOperations.stat(path, followingLinks: true) }
        #expect(error?.code == "ENOENT")
        #expect(error?.description == "ENOENT: no such file or directory, stat '\(path)'")
    }

    @Test func positionedWritesAndReadsLeaveTheOffsetAlone() throws {
        let path = try scratch().appendingPathComponent("data").path
        let fd = try FileOperations.open(path, flags: O_RDWR | O_CREAT | O_TRUNC, mode: 0o600)
        defer { try? FileOperations.close(fd) }
        let written = try Array("hello world".utf8).withUnsafeBytes {
            try FileOperations.write(fd, from: $0, position: nil)
        }
        #expect(written == 11)
        var buffer = [UInt8](repeating: 0, count: 5)
        let read = try buffer.withUnsafeMutableBytes { try FileOperations.read(fd, into: $0, position: 6) }
        #expect(read == 5)
        #expect(String(decoding: buffer, as: UTF8.self) == "world")
        // The positioned read did not move the offset: the next plain read is at the end.
        let atEnd = try buffer.withUnsafeMutableBytes { try FileOperations.read(fd, into: $0, position: nil) }
        #expect(atEnd == 0)
        let status = try FileOperations.fstat(fd)
        #expect(status.isFile)
        #expect(status.numbers.first { $0.name == "size" }?.value == 11)
    }

    /// node's readFileSync refuses a file over 2 GiB (ERR_FS_FILE_TOO_LARGE) before reading it; the host read a
    /// sparse 8 GB file whole (the JavaScript-surface fuzzer). A file without a size stops past the limit.
    @Test func readFileStopsAtTheLimit() throws {
        let directory = try scratch()
        let small = directory.appendingPathComponent("small").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: small))
        #expect(try FileOperations.readFile(small, limit: 5) == .bytes(Array("hello".utf8)))
        #expect(try FileOperations.readFile(small, limit: 4) == .tooLarge(size: 5))
        let sparse = directory.appendingPathComponent("sparse").path
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, off_t(FileOperations.maximumReadLength) + 1) == 0)
        #expect(try FileOperations.readFile(sparse) == .tooLarge(size: FileOperations.maximumReadLength + 1))
        #expect(try FileOperations.readFile("/dev/zero", limit: 1 << 20) == .tooLarge(size: (1 << 20) + (1 << 16)))
    }

    @Test func readdirIsSortedByBytesWithoutDotEntries() throws {
        let directory = try scratch()
        for name in ["b", "a", "Z", "é"] {
            try Data().write(to: directory.appendingPathComponent(name))
        }
        #expect(try FileOperations.readdir(directory.path) == ["Z", "a", "b", "é"])
    }

    @Test func pathCallsReportTheirOwnSyscallAndPaths() throws {
        let directory = try scratch()
        let existing = directory.appendingPathComponent("dir").path
        try FileOperations.perform(.mkdir(existing, mode: 0o700))
        let again = #expect(throws: SystemError.self) { try FileOperations.perform(.mkdir(existing, mode: nil)) }
        #expect(again?.code == "EEXIST")
        #expect(again?.syscall == "mkdir")
        let source = directory.appendingPathComponent("nothing").path
        let rename = #expect(throws: SystemError.self) {
            try FileOperations.perform(.rename(source, to: existing + "/x"))
        }
        #expect(rename?.description == "ENOENT: no such file or directory, rename '\(source)' -> '\(existing)/x'")
    }
}
