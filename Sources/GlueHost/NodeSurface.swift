import Foundation
import InputSafety
import JavaScript
import NodeSystem
import WebHost

/// The Swift half of `node.js`: process facts (argv, env, ids, cwd), leaving, and the fs primitives over
/// `FileOperations` on the real file system. The script builds `process`, `require` and the fs callback API.
enum NodeSurface {
    struct Setup {
        /// `process.argv`: node, the entry script, then the wasm and its arguments.
        var argv: [String]
        var environment: [String: String]
        /// Ends the process with this code (node's `process.reallyExit`).
        var terminate: (Int32) -> Never
        /// `run --browser`: the surface goes into a page (global `fs`, no `argv0`, the browser's timers).
        var inPage = false
    }

    static func install(in js: JSContext, native: JSObject, setup: Setup, output: OutputStreams) throws(JavaScriptError)
        -> JSObject
    {
        native["argv"] = js.array(setup.argv.map(js.string))
        native["argv0"] = js.string("node")
        native["inPage"] = js.boolean(setup.inPage)
        let env = js.object()
        for key in setup.environment.keys.sorted() { env[key] = js.string(setup.environment[key] ?? "") }
        native["env"] = env
        native["pid"] = js.number(Int(getpid()))
        native["ppid"] = js.number(Int(getppid()))
        native.defineMethod("cwd") { js, _, _ in js.string(FileManager.default.currentDirectoryPath) }
        native.defineMethod("chdir") { js, _, args in
            let path = args[0].string
            guard Foundation.chdir(path) == 0 else {
                throw JavaScriptError(
                    throwing: nodeError(
                        SystemError(errno, syscall: "chdir", path: path, operation: "process.chdir"), in: js))
            }
            return js.undefined
        }
        native.defineMethod("umask") { js, _, args in
            if args[0].isNumber {
                let mask = try NodeArguments.mode(args[0], "mask", in: js)
                return js.number(Int(Foundation.umask(mask)))  // gowasm: allow-trap: mode_t (UInt32) widened to Int
            }
            let old = Foundation.umask(0o022)
            Foundation.umask(old)
            return js.number(Int(old))  // gowasm: allow-trap: mode_t (UInt32) widened to Int
        }
        native.defineMethod("getuid") { js, _, _ in js.number(Int(getuid())) }
        native.defineMethod("getgid") { js, _, _ in js.number(Int(getgid())) }
        native.defineMethod("geteuid") { js, _, _ in js.number(Int(geteuid())) }
        native.defineMethod("getegid") { js, _, _ in js.number(Int(getegid())) }
        native.defineMethod("getgroups") { js, _, _ in
            var groups = [gid_t](repeating: 0, count: 256)
            let n = getgroups(Int32(groups.count), &groups)  // gowasm: allow-trap: a 256-element array of our own
            return js.array(groups.prefix(max(Int(n), 0)).map { js.number(Int($0)) })  // gowasm: allow-trap: Int32 and gid_t (UInt32) widened to Int
        }
        native.defineMethod("tmpdir") { js, _, _ in
            // node: $TMPDIR (or TMP, TEMP) without a trailing slash, else /tmp.
            var path = setup.environment["TMPDIR"] ?? setup.environment["TMP"] ?? setup.environment["TEMP"] ?? "/tmp"
            if path.count > 1, path.hasSuffix("/") { path.removeLast() }
            return js.string(path)
        }
        let terminate = setup.terminate
        // node.js hands `process.exitCode | 0`, an int32; anything else leaves with 1 instead of trapping.
        native.defineMethod("exit") { _, _, args in terminate(Conversions.exact(args[0].number, as: Int32.self) ?? 1) }
        native["fs"] = fileSystem(in: js, output: output)

        let setUp = try js.evaluate(
            String(decoding: PackageResources.node_js, as: UTF8.self), sourceURL: "gowasm-serve:node.js")
        guard let process = try setUp.object?.call([native]).object else {
            throw JavaScriptError(message: "node.js set up no process object")
        }
        return process
    }

    /// `native.fs`: synchronous primitives; node.js turns them into the callback API.
    private static func fileSystem(in js: JSContext, output: OutputStreams) -> JSObject {
        let fs = js.object()
        let constants = js.object()
        for (name, value) in FileOperations.constants { constants[name] = js.number(Int(value)) }  // gowasm: allow-trap: our own table of Int32 constants, widened
        fs["constants"] = constants

        func attempt(_ js: JSContext, _ work: () throws(SystemError) -> JSValue) throws -> JSValue {
            do {
                return try work()
            } catch {
                throw JavaScriptError(throwing: nodeError(error, in: js))
            }
        }
        fs.defineMethod("writeSync") { js, _, args in
            let target = try NodeArguments.fd(args[0], in: js)
            var written = 0
            if let object = args[1].object,
                let n = object.withBytes({ bytes -> Int in
                    output.write(fd: target, bytes: UnsafeRawBufferPointer(bytes))
                    return bytes.count
                })
            {
                written = n
            } else {
                let text = args[1].string
                output.write(fd: target, text: text)
                written = text.utf8.count
            }
            return js.number(written)
        }
        fs.defineMethod("readFile") { js, _, args in
            var contents = FileOperations.FileContents.bytes([])
            _ = try attempt(js) { () throws(SystemError) in
                contents = try FileOperations.readFile(args[0].string)
                return js.undefined
            }
            switch contents {
            case .bytes(let bytes):
                return (try? js.uint8Array(copying: bytes)) ?? js.undefined
            case .tooLarge(let size):
                throw JavaScriptError(
                    throwing: js.error(
                        "File size (\(size)) is greater than 2 GiB", name: "RangeError",
                        properties: ["code": js.string("ERR_FS_FILE_TOO_LARGE")]))
            }
        }
        fs.defineMethod("writeFile") { js, _, args in
            try attempt(js) { () throws(SystemError) in
                let descriptor = try FileOperations.open(args[0].string, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: nil)
                defer { try? FileOperations.close(descriptor) }
                let result = args[1].object?.withBytes { bytes in
                    Result { () throws(SystemError) in
                        try FileOperations.write(descriptor, from: UnsafeRawBufferPointer(bytes), position: nil)
                    }
                }
                if case .failure(let error)? = result { throw error }
                return js.undefined
            }
        }
        fs.defineMethod("open") { js, _, args in
            let flags = Int32(
                truncatingIfNeeded: try NodeArguments.integer(
                    args[1], "flags", Int(Int32.min)...Int(UInt32.max), in: js))
            let mode = try args[2].isNullish ? nil : NodeArguments.mode(args[2], in: js)
            return try attempt(js) { () throws(SystemError) in
                js.number(Int(try FileOperations.open(args[0].string, flags: flags, mode: mode)))  // gowasm: allow-trap: an Int32 descriptor widened to Int
            }
        }
        fs.defineMethod("close") { js, _, args in
            let descriptor = try NodeArguments.fd(args[0], in: js)
            return try attempt(js) { () throws(SystemError) in
                try FileOperations.close(descriptor)
                return js.undefined
            }
        }
        for (name, writing) in [("read", false), ("write", true)] {
            // (fd, bytes, offset, length, position|null) -> count
            fs.defineMethod(name) { js, _, args in
                let descriptor = try NodeArguments.fd(args[0], in: js)
                let offset = try NodeArguments.integer(args[2], "offset", 0...Int.max, in: js)
                let length = try NodeArguments.integer(args[3], "length", 0...Int.max, in: js)
                // node: null or -1 reads at the file offset; a position is a safe integer.
                let at =
                    try args[4].isNumber ? NodeArguments.integer(args[4], "position", -1...(1 << 53) - 1, in: js) : -1
                let position: Int64? = at < 0 ? nil : Int64(at)  // gowasm: allow-trap: at is validated within -1...2^53-1 above
                let result = args[1].object?.withBytes { bytes -> Result<Int, SystemError>? in
                    guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
                        return nil
                    }
                    let slice = UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
                    if writing, descriptor == 1 || descriptor == 2, position == nil {
                        output.write(fd: descriptor, bytes: UnsafeRawBufferPointer(slice))
                        return .success(length)
                    }
                    return Result { () throws(SystemError) in
                        writing
                            ? try FileOperations.write(
                                descriptor, from: UnsafeRawBufferPointer(slice), position: position)
                            : try FileOperations.read(descriptor, into: slice, position: position)
                    }
                }
                switch result {
                case .success(let n)??: return js.number(n)
                case .failure(let error)??: throw JavaScriptError(throwing: nodeError(error, in: js))
                case nil?:
                    throw JavaScriptError(
                        throwing: js.error(
                            "The value of \"length\" is out of range.", name: "RangeError",
                            properties: ["code": js.string("ERR_OUT_OF_RANGE")]))
                case nil:
                    throw JavaScriptError(
                        throwing: js.error(
                            "The \"buffer\" argument must be an instance of Buffer, TypedArray, or DataView.",
                            name: "TypeError", properties: ["code": js.string("ERR_INVALID_ARG_TYPE")]))
                }
            }
        }
        fs.defineMethod("stat") { js, _, args in
            try attempt(js) { () throws(SystemError) in
                stats(try FileOperations.stat(args[0].string, followingLinks: args[1].boolean), in: js)
            }
        }
        fs.defineMethod("fstat") { js, _, args in
            let descriptor = try NodeArguments.fd(args[0], in: js)
            return try attempt(js) { () throws(SystemError) in stats(try FileOperations.fstat(descriptor), in: js) }
        }
        fs.defineMethod("readdir") { js, _, args in
            try attempt(js) { () throws(SystemError) in
                js.array(try FileOperations.readdir(args[0].string).map(js.string))
            }
        }
        fs.defineMethod("readlink") { js, _, args in
            try attempt(js) { () throws(SystemError) in js.string(try FileOperations.readlink(args[0].string)) }
        }
        fs.defineMethod("call") { js, _, args in
            func mode(_ v: JSValue) throws(JavaScriptError) -> mode_t { try NodeArguments.mode(v, in: js) }
            func uid(_ v: JSValue) throws(JavaScriptError) -> uid_t { try NodeArguments.id(v, "uid", in: js) }
            func gid(_ v: JSValue) throws(JavaScriptError) -> gid_t { try NodeArguments.id(v, "gid", in: js) }
            func fd(_ v: JSValue) throws(JavaScriptError) -> Int32 { try NodeArguments.fd(v, in: js) }
            // node: a negative length truncates to 0.
            func length(_ v: JSValue) throws(JavaScriptError) -> off_t {
                off_t(max(0, try NodeArguments.integer(v, "len", Int(Int64.min)...Int(Int64.max), in: js)))  // gowasm: allow-trap: validated within Int64's range by NodeArguments
            }
            func time(_ v: JSValue, _ name: String) throws(JavaScriptError) -> Double {
                let seconds = try NodeArguments.time(v, name, in: js)
                return seconds < 0 ? Date().timeIntervalSince1970 : seconds
            }
            let (a, b, c) = (args[1], args[2], args[3])
            let call: FileOperations.PathCall
            switch args[0].string {
            case "mkdir": call = .mkdir(a.string, mode: try b.isNullish ? nil : mode(b))
            case "rmdir": call = .rmdir(a.string)
            case "unlink": call = .unlink(a.string)
            case "rename": call = .rename(a.string, to: b.string)
            case "link": call = .link(a.string, to: b.string)
            case "symlink": call = .symlink(a.string, to: b.string)
            case "chmod": call = .chmod(a.string, mode: try mode(b))
            case "chown": call = .chown(a.string, uid: try uid(b), gid: try gid(c))
            case "lchown": call = .lchown(a.string, uid: try uid(b), gid: try gid(c))
            case "truncate": call = .truncate(a.string, length: try b.isNullish ? 0 : length(b))
            case "utimes": call = .utimes(a.string, accessed: try time(b, "atime"), modified: try time(c, "mtime"))
            case "fchmod": call = .fchmod(try fd(a), mode: try mode(b))
            case "fchown": call = .fchown(try fd(a), uid: try uid(b), gid: try gid(c))
            case "ftruncate": call = .ftruncate(try fd(a), length: try b.isNullish ? 0 : length(b))
            case "fsync": call = .fsync(try fd(a))
            case let other: throw JavaScriptError(throwing: js.error("fs.\(other) is not supported", name: "TypeError"))
            }
            return try attempt(js) { () throws(SystemError) in
                try FileOperations.perform(call)
                return js.undefined
            }
        }
        return fs
    }

    private static func stats(_ status: FileStatus, in js: JSContext) -> JSValue {
        let numbers = js.object()
        for (name, value) in status.numbers { numbers[name] = js.number(value) }
        let type =
            status.isDirectory ? "directory" : status.isFile ? "file" : status.isSymbolicLink ? "symlink" : "other"
        return js.object([
            "numbers": numbers, "atimeMs": js.number(status.accessedMilliseconds),
            "mtimeMs": js.number(status.modifiedMilliseconds), "ctimeMs": js.number(status.changedMilliseconds),
            "type": js.string(type),
        ])
    }

    /// node's error for a failed system call: the message plus `code`, `errno`, `syscall`, `path`, `dest`.
    static func nodeError(_ failure: SystemError, in js: JSContext) -> JSObject {
        let error = js.error(
            failure.description,
            properties: [
                "code": js.string(failure.code),
                "errno": js.number(-Int(failure.number)),  // gowasm: allow-trap: errno (Int32) widened, so its negation fits
                "syscall": js.string(failure.syscall),
            ])
        if let path = failure.path { error["path"] = js.string(path) }
        if let destination = failure.destination { error["dest"] = js.string(destination) }
        return error
    }
}
