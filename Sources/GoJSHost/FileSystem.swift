import Foundation
import NodeSystem

/// node's `fs` callback API over `FileOperations` (the real file system). Each operation runs at once; its
/// callback is delivered as a separate task, as node delivers I/O completions.
extension GoJSRuntime {
    func installFileSystem() {
        let fs = makeObject()
        let constants = makeObject()
        for (name, value) in FileOperations.constants { constants.properties[name] = .number(Double(value)) }
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

        asyncFS(fs, "open", arity: 3) { args throws(SystemError) in
            let mode = args[2].isNullish ? nil : mode_t(truncatingIfNeeded: args[2].integerValue)
            let fd = try FileOperations.open(args[0].stringValue, flags: Int32(truncatingIfNeeded: args[1].integerValue), mode: mode)
            return .number(Double(fd))
        }
        asyncFS(fs, "close", arity: 1) { args throws(SystemError) in
            try FileOperations.close(Int32(truncatingIfNeeded: args[0].integerValue))
            return .undefined
        }
        asyncIO(fs, "read") { fd, buffer, position throws(SystemError) in
            try FileOperations.read(fd, into: buffer, position: position)
        }
        asyncIO(fs, "write") { [unowned self] fd, buffer, position throws(SystemError) in
            if fd == 1 || fd == 2, position == nil {
                writeOutput(fd: fd, bytes: UnsafeRawBufferPointer(buffer))
                return buffer.count
            }
            return try FileOperations.write(fd, from: UnsafeRawBufferPointer(buffer), position: position)
        }
        for (name, follow) in [("stat", true), ("lstat", false)] {
            asyncFS(fs, name, arity: 1) { [unowned self] args throws(SystemError) in
                .object(makeStats(try FileOperations.stat(args[0].stringValue, followingLinks: follow)))
            }
        }
        asyncFS(fs, "fstat", arity: 1) { [unowned self] args throws(SystemError) in
            .object(makeStats(try FileOperations.fstat(Int32(truncatingIfNeeded: args[0].integerValue))))
        }
        asyncFS(fs, "readdir", arity: 1) { [unowned self] args throws(SystemError) in
            .object(makeArray(try FileOperations.readdir(args[0].stringValue).map(JSValue.string)))
        }
        asyncFS(fs, "readlink", arity: 1) { args throws(SystemError) in
            .string(try FileOperations.readlink(args[0].stringValue))
        }
        func mode(_ v: JSValue) -> mode_t { mode_t(truncatingIfNeeded: v.integerValue) }
        func fd(_ v: JSValue) -> Int32 { Int32(truncatingIfNeeded: v.integerValue) }
        let calls: [(String, Int, ([JSValue]) -> FileOperations.PathCall)] = [
            ("mkdir", 2, { .mkdir($0[0].stringValue, mode: $0[1].isNullish ? nil : mode($0[1])) }),
            ("rmdir", 1, { .rmdir($0[0].stringValue) }),
            ("unlink", 1, { .unlink($0[0].stringValue) }),
            ("rename", 2, { .rename($0[0].stringValue, to: $0[1].stringValue) }),
            ("link", 2, { .link($0[0].stringValue, to: $0[1].stringValue) }),
            ("symlink", 2, { .symlink($0[0].stringValue, to: $0[1].stringValue) }),
            ("chmod", 2, { .chmod($0[0].stringValue, mode: mode($0[1])) }),
            ("chown", 3, { .chown($0[0].stringValue, uid: uid_t(truncatingIfNeeded: $0[1].integerValue), gid: gid_t(truncatingIfNeeded: $0[2].integerValue)) }),
            ("lchown", 3, { .lchown($0[0].stringValue, uid: uid_t(truncatingIfNeeded: $0[1].integerValue), gid: gid_t(truncatingIfNeeded: $0[2].integerValue)) }),
            ("truncate", 2, { .truncate($0[0].stringValue, length: off_t($0[1].integerValue)) }),
            ("utimes", 3, { .utimes($0[0].stringValue, accessed: $0[1].numberValue, modified: $0[2].numberValue) }),
            ("fchmod", 2, { .fchmod(fd($0[0]), mode: mode($0[1])) }),
            ("fchown", 3, { .fchown(fd($0[0]), uid: uid_t(truncatingIfNeeded: $0[1].integerValue), gid: gid_t(truncatingIfNeeded: $0[2].integerValue)) }),
            ("ftruncate", 2, { .ftruncate(fd($0[0]), length: off_t($0[1].integerValue)) }),
            ("fsync", 1, { .fsync(fd($0[0])) }),
        ]
        for (name, arity, call) in calls {
            asyncFS(fs, name, arity: arity) { args throws(SystemError) in
                try FileOperations.perform(call(args))
                return .undefined
            }
        }
        global.properties["fs"] = .object(fs)
    }

    /// Defines `fs.name(arg0..., callback)`: runs `operation` now, calls back with `(err)` or `(null, result)` later.
    private func asyncFS(_ fs: JSObject, _ name: String, arity: Int, _ operation: @escaping ([JSValue]) throws(SystemError) -> JSValue) {
        asyncFSCall(fs, name, arity: arity) { args throws(JSException) in
            do throws(SystemError) {
                return try operation(args)
            } catch {
                throw JSException(.object(self.systemError(error)))
            }
        }
    }

    private func asyncFSCall(_ fs: JSObject, _ name: String, arity: Int, _ operation: @escaping ([JSValue]) throws(JSException) -> JSValue) {
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

    /// `fs.read`/`fs.write(fd, buffer, offset, length, position, callback)`.
    private func asyncIO(_ fs: JSObject, _ name: String, _ io: @escaping (Int32, UnsafeMutableRawBufferPointer, Int64?) throws(SystemError) -> Int) {
        asyncFSCall(fs, name, arity: 5) { [unowned self] args throws(JSException) in
            guard case .object(let o) = args[1], let buffer = o as? JSTypedArray else {
                throw JSException(.object(makeError(.typeError, "The \"buffer\" argument must be an instance of Buffer, TypedArray, or DataView.", code: "ERR_INVALID_ARG_TYPE")))
            }
            let offset = args[2].isNullish ? 0 : args[2].integerValue
            let length = args[3].isNullish ? buffer.byteCount - offset : args[3].integerValue
            guard offset >= 0, length >= 0, offset + length <= buffer.byteCount else {
                throw JSException(.object(makeError(.rangeError, "The value of \"length\" is out of range.", code: "ERR_OUT_OF_RANGE")))
            }
            let position: Int64? = if case .number(let p) = args[4] { Int64(p) } else { nil }
            let fd = Int32(truncatingIfNeeded: args[0].integerValue)
            let result = buffer.withMutableBytes { bytes in
                Result { () throws(SystemError) in
                    try io(fd, UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), position)
                }
            }
            switch result {
            case .success(let n): return .number(Double(n))
            case .failure(let error): throw JSException(.object(systemError(error)))
            }
        }
    }

    private func makeStats(_ status: FileStatus) -> JSObject {
        let stats = makeObject()
        for (key, value) in status.numbers { stats.properties[key] = .number(value) }
        stats.properties["atimeMs"] = .number(status.accessedMilliseconds)
        stats.properties["mtimeMs"] = .number(status.modifiedMilliseconds)
        stats.properties["ctimeMs"] = .number(status.changedMilliseconds)
        stats.properties["birthtimeMs"] = .number(status.changedMilliseconds)
        stats.method("isDirectory") { _, _ throws(JSException) in .bool(status.isDirectory) }
        stats.method("isFile") { _, _ throws(JSException) in .bool(status.isFile) }
        stats.method("isSymbolicLink") { _, _ throws(JSException) in .bool(status.isSymbolicLink) }
        return stats
    }
}
