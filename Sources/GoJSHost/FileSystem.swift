import Foundation

/// node's `fs` callback API, backed by the real file system. Each operation runs at once; its callback is
/// delivered as a separate task, as node delivers I/O completions.
extension GoJSRuntime {
    func installFileSystem() {
        let fs = makeObject()
        let constants = makeObject()
        for (name, value) in [
            ("O_RDONLY", O_RDONLY), ("O_WRONLY", O_WRONLY), ("O_RDWR", O_RDWR), ("O_CREAT", O_CREAT), ("O_EXCL", O_EXCL),
            ("O_NOCTTY", O_NOCTTY), ("O_TRUNC", O_TRUNC), ("O_APPEND", O_APPEND), ("O_DIRECTORY", O_DIRECTORY),
            ("O_NOFOLLOW", O_NOFOLLOW), ("O_SYNC", O_SYNC), ("O_DSYNC", O_DSYNC), ("O_NONBLOCK", O_NONBLOCK),
            ("F_OK", F_OK), ("R_OK", R_OK), ("W_OK", W_OK), ("X_OK", X_OK),
            ("S_IFMT", Int32(S_IFMT)), ("S_IFREG", Int32(S_IFREG)), ("S_IFDIR", Int32(S_IFDIR)), ("S_IFLNK", Int32(S_IFLNK)),
        ] {
            constants.properties[name] = .number(Double(value))
        }
        fs.properties["constants"] = .object(constants)

        fs.method("writeSync") { [unowned self] _, args throws(JSException) in
            let fd = Int32(truncatingIfNeeded: args[argument: 0].integerValue)
            guard case .object(let o) = args[argument: 1], let buffer = o as? JSTypedArray else {
                let text = args[argument: 1].stringValue
                writeOutput(fd: fd, text: text)
                return .number(Double(text.utf8.count))
            }
            buffer.withBytes { writeOutput(fd: fd, bytes: $0) }
            return .number(Double(buffer.byteCount))
        }

        asyncFS(fs, "open", arity: 3) { [unowned self] args throws(JSException) in
            let path = args[0].stringValue
            let flags = Int32(truncatingIfNeeded: args[1].integerValue)
            let mode = args[2].isNullish ? 0o666 : mode_t(truncatingIfNeeded: args[2].integerValue)
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            guard fd >= 0 else { throw fsFailure(errno, syscall: "open", path: path) }
            return .number(Double(fd))
        }
        asyncFS(fs, "close", arity: 1) { [unowned self] args throws(JSException) in
            let fd = Int32(truncatingIfNeeded: args[0].integerValue)
            guard Glibc.close(fd) == 0 else { throw fsFailure(errno, syscall: "close") }
            return .undefined
        }
        asyncFS(fs, "read", arity: 5) { [unowned self] args throws(JSException) in
            let (fd, buffer, offset, length) = try ioArguments(args)
            let n = buffer.withMutableBytes { bytes -> Int in
                let target = bytes.baseAddress! + offset
                if case .number(let position) = args[4] { return pread(fd, target, length, off_t(position)) }
                return Glibc.read(fd, target, length)
            }
            guard n >= 0 else { throw fsFailure(errno, syscall: "read") }
            return .number(Double(n))
        }
        asyncFS(fs, "write", arity: 5) { [unowned self] args throws(JSException) in
            let (fd, buffer, offset, length) = try ioArguments(args)
            if (fd == 1 || fd == 2), args[4].isNullish {
                buffer.withBytes { writeOutput(fd: fd, bytes: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + length)])) }
                return .number(Double(length))
            }
            let n = buffer.withBytes { bytes -> Int in
                let source = bytes.baseAddress! + offset
                if case .number(let position) = args[4] { return pwrite(fd, source, length, off_t(position)) }
                return Glibc.write(fd, source, length)
            }
            guard n >= 0 else { throw fsFailure(errno, syscall: "write") }
            return .number(Double(n))
        }
        for (name, follow) in [("stat", true), ("lstat", false)] {
            asyncFS(fs, name, arity: 1) { [unowned self] args throws(JSException) in
                let path = args[0].stringValue
                var info = Glibc.stat()
                let result: Int32
                result = fstatat(AT_FDCWD, path, &info, follow ? 0 : AT_SYMLINK_NOFOLLOW)
                guard result == 0 else { throw fsFailure(errno, syscall: name, path: path) }
                return .object(makeStats(info))
            }
        }
        asyncFS(fs, "fstat", arity: 1) { [unowned self] args throws(JSException) in
            var info = Glibc.stat()
            guard Glibc.fstat(Int32(truncatingIfNeeded: args[0].integerValue), &info) == 0 else { throw fsFailure(errno, syscall: "fstat") }
            return .object(makeStats(info))
        }
        asyncFS(fs, "readdir", arity: 1) { [unowned self] args throws(JSException) in
            let path = args[0].stringValue
            guard let directory = opendir(path) else { throw fsFailure(errno, syscall: "scandir", path: path) }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = Glibc.readdir(directory) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
            names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return .object(makeArray(names.map(JSValue.string)))
        }
        pathCall(fs, "mkdir", arity: 2) { args in Glibc.mkdir(args[0].stringValue, args[1].isNullish ? 0o777 : mode_t(truncatingIfNeeded: args[1].integerValue)) }
        pathCall(fs, "rmdir", arity: 1) { args in Glibc.rmdir(args[0].stringValue) }
        pathCall(fs, "unlink", arity: 1) { args in Glibc.unlink(args[0].stringValue) }
        pathCall(fs, "rename", arity: 2, hasDestination: true) { args in Glibc.rename(args[0].stringValue, args[1].stringValue) }
        pathCall(fs, "link", arity: 2, hasDestination: true) { args in Glibc.link(args[0].stringValue, args[1].stringValue) }
        pathCall(fs, "symlink", arity: 2, hasDestination: true) { args in Glibc.symlink(args[0].stringValue, args[1].stringValue) }
        pathCall(fs, "chmod", arity: 2) { args in Glibc.chmod(args[0].stringValue, mode_t(truncatingIfNeeded: args[1].integerValue)) }
        pathCall(fs, "chown", arity: 3) { args in Glibc.chown(args[0].stringValue, uid_t(truncatingIfNeeded: args[1].integerValue), gid_t(truncatingIfNeeded: args[2].integerValue)) }
        pathCall(fs, "lchown", arity: 3) { args in Glibc.lchown(args[0].stringValue, uid_t(truncatingIfNeeded: args[1].integerValue), gid_t(truncatingIfNeeded: args[2].integerValue)) }
        pathCall(fs, "truncate", arity: 2) { args in Glibc.truncate(args[0].stringValue, off_t(args[1].integerValue)) }
        pathCall(fs, "utimes", arity: 3) { args in
            func spec(_ v: JSValue) -> timespec {
                let seconds = v.numberValue
                return timespec(tv_sec: Int(seconds.rounded(.down)), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
            }
            var times = [spec(args[1]), spec(args[2])]
            return utimensat(AT_FDCWD, args[0].stringValue, &times, 0)
        }
        fdCall(fs, "fchmod", arity: 2) { fd, args in Glibc.fchmod(fd, mode_t(truncatingIfNeeded: args[1].integerValue)) }
        fdCall(fs, "fchown", arity: 3) { fd, args in Glibc.fchown(fd, uid_t(truncatingIfNeeded: args[1].integerValue), gid_t(truncatingIfNeeded: args[2].integerValue)) }
        fdCall(fs, "ftruncate", arity: 2) { fd, args in Glibc.ftruncate(fd, off_t(args[1].integerValue)) }
        fdCall(fs, "fsync", arity: 1) { fd, _ in Glibc.fsync(fd) }
        asyncFS(fs, "readlink", arity: 1) { [unowned self] args throws(JSException) in
            let path = args[0].stringValue
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = Glibc.readlink(path, &buffer, buffer.count - 1)
            guard n >= 0 else { throw fsFailure(errno, syscall: "readlink", path: path) }
            return .string(String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        global.properties["fs"] = .object(fs)
    }

    /// Defines `fs.name(arg0..., callback)`: runs `operation` now, calls back with `(err)` or `(null, result)` later.
    private func asyncFS(_ fs: JSObject, _ name: String, arity: Int, _ operation: @escaping ([JSValue]) throws(JSException) -> JSValue) {
        fs.method(name) { [unowned self] _, args throws(JSException) in
            guard case .object(let callback) = args[argument: arity], callback.isCallable else {
                throw .typeError("The \"cb\" argument must be of type function. Received \(args[argument: arity].typeOf)")
            }
            let padded = (0..<arity).map { args[argument: $0] }
            let outcome: [JSValue]
            do throws(JSException) {
                outcome = [.null, try operation(padded)]
            } catch {
                outcome = [error.value]
            }
            enqueueTask { () throws(JSException) in _ = try callback.call(this: .undefined, arguments: outcome) }
            return .undefined
        }
    }

    private func pathCall(_ fs: JSObject, _ name: String, arity: Int, hasDestination: Bool = false, _ call: @escaping ([JSValue]) -> Int32) {
        asyncFS(fs, name, arity: arity) { [unowned self] args throws(JSException) in
            guard call(args) == 0 else {
                throw fsFailure(errno, syscall: name, path: args[0].stringValue, destination: hasDestination ? args[1].stringValue : nil)
            }
            return .undefined
        }
    }

    private func fdCall(_ fs: JSObject, _ name: String, arity: Int, _ call: @escaping (Int32, [JSValue]) -> Int32) {
        asyncFS(fs, name, arity: arity) { [unowned self] args throws(JSException) in
            guard call(Int32(truncatingIfNeeded: args[0].integerValue), args) == 0 else { throw fsFailure(errno, syscall: name) }
            return .undefined
        }
    }

    private func ioArguments(_ args: [JSValue]) throws(JSException) -> (Int32, JSTypedArray, Int, Int) {
        guard case .object(let o) = args[1], let buffer = o as? JSTypedArray else {
            throw JSException(.object(makeError(.typeError, "The \"buffer\" argument must be an instance of Buffer, TypedArray, or DataView.", code: "ERR_INVALID_ARG_TYPE")))
        }
        let offset = args[2].isNullish ? 0 : args[2].integerValue
        let length = args[3].isNullish ? buffer.byteCount - offset : args[3].integerValue
        guard offset >= 0, length >= 0, offset + length <= buffer.byteCount else {
            throw JSException(.object(makeError(.rangeError, "The value of \"length\" is out of range.", code: "ERR_OUT_OF_RANGE")))
        }
        return (Int32(truncatingIfNeeded: args[0].integerValue), buffer, offset, length)
    }

    private func fsFailure(_ number: Int32, syscall: String, path: String? = nil, destination: String? = nil) -> JSException {
        JSException(.object(systemError(number, syscall: syscall, path: path, destination: destination)))
    }

    private func makeStats(_ info: stat) -> JSObject {
        let stats = makeObject()
        func ms(_ t: timespec) -> JSValue { .number(Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6) }
        let fields: [(String, Double)] = [
            ("dev", Double(info.st_dev)), ("ino", Double(info.st_ino)), ("mode", Double(info.st_mode)),
            ("nlink", Double(info.st_nlink)), ("uid", Double(info.st_uid)), ("gid", Double(info.st_gid)),
            ("rdev", Double(info.st_rdev)), ("size", Double(info.st_size)), ("blksize", Double(info.st_blksize)),
            ("blocks", Double(info.st_blocks)),
        ]
        for (key, value) in fields { stats.properties[key] = .number(value) }
        stats.properties["atimeMs"] = ms(info.st_atim)
        stats.properties["mtimeMs"] = ms(info.st_mtim)
        stats.properties["ctimeMs"] = ms(info.st_ctim)
        stats.properties["birthtimeMs"] = ms(info.st_ctim)
        let mode = info.st_mode & S_IFMT
        stats.method("isDirectory") { _, _ throws(JSException) in .bool(mode == S_IFDIR) }
        stats.method("isFile") { _, _ throws(JSException) in .bool(mode == S_IFREG) }
        stats.method("isSymbolicLink") { _, _ throws(JSException) in .bool(mode == S_IFLNK) }
        return stats
    }
}
