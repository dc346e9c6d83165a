/// The browser's `fs` and `process`: exactly what Go's `wasm_exec.js` polyfills when the page has none
/// (`HostSurface.browser`). A program gets a browser's powers and no more: it writes to the log, and every
/// file-system and process call fails with `ENOSYS`, so nothing of the host's disk, environment or
/// identity reaches it. There is no `process.argv0`, so Go's `net/http` (≥ 1.21) uses `fetch`.
extension GoJSRuntime {
    func installBrowserPolyfills() {
        global.properties["fs"] = .object(makeBrowserFileSystem())
        global.properties["process"] = .object(makeBrowserProcess())
    }

    /// `new Error("not implemented")` with `code: "ENOSYS"`, as the glue's `enosys()`.
    private func enosys() -> JSError { makeError(.error, "not implemented", code: "ENOSYS") }

    private func makeBrowserFileSystem() -> JSObject {
        let fs = makeObject()
        let constants = makeObject()
        // "unused", says the glue: -1 everywhere, so no flag combination means anything.
        for name in ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "O_EXCL", "O_DIRECTORY"] {
            constants.properties[name] = .number(-1)
        }
        fs.properties["constants"] = .object(constants)

        // A browser sends every descriptor to console.log; fd 2 goes to the error sink here so a render
        // can report a panic's message.
        let log = { [unowned self] (fd: JSValue, buffer: JSValue) -> Int in
            let sink: Int32 = fd.integerValue == 2 ? 2 : 1
            guard case .object(let object) = buffer, let bytes = object as? JSTypedArray else {
                let text = buffer.stringValue
                writeOutput(fd: sink, text: text)
                return text.utf8.count
            }
            bytes.withBytes { writeOutput(fd: sink, bytes: $0) }
            return bytes.byteCount
        }
        fs.method("writeSync") { _, args throws(JSException) in .number(Double(log(args[argument: 0], args[argument: 1]))) }
        fs.method("write") { [unowned self] _, args throws(JSException) in
            let callback = args[argument: 5]
            let buffer = args[argument: 1]
            let length = (buffer.object as? JSTypedArray)?.byteCount ?? -1
            let atCurrentPosition: Bool
            if case .null = args[argument: 4] { atCurrentPosition = true } else { atCurrentPosition = false }
            // Only a whole-buffer write at the current position, as the glue accepts.
            let outcome: [JSValue]
            if args[argument: 2].numberValue != 0 || args[argument: 3].numberValue != Double(length) || !atCurrentPosition {
                outcome = [.object(enosys())]
            } else {
                outcome = [.null, .number(Double(log(args[argument: 0], buffer)))]
            }
            return try callBack(callback, outcome)
        }
        fs.method("fsync") { [unowned self] _, args throws(JSException) in try callBack(args[argument: 1], [.null]) }
        let arities: [String: Int] = [
            "chmod": 2, "chown": 3, "close": 1, "fchmod": 2, "fchown": 3, "fstat": 1, "ftruncate": 2,
            "lchown": 3, "link": 2, "lstat": 1, "mkdir": 2, "open": 3, "read": 5, "readdir": 1, "readlink": 1,
            "rename": 2, "rmdir": 1, "stat": 1, "symlink": 2, "truncate": 2, "unlink": 1, "utimes": 3,
        ]
        for (name, arity) in arities {
            fs.method(name) { [unowned self] _, args throws(JSException) in
                try callBack(args[argument: arity], [.object(enosys())])
            }
        }
        return fs
    }

    /// The glue calls back at once, inside the call (no task of its own, unlike node).
    private func callBack(_ callback: JSValue, _ arguments: [JSValue]) throws(JSException) -> JSValue {
        guard case .object(let function) = callback, function.isCallable else {
            throw .typeError("callback is not a function")
        }
        _ = try function.call(this: .undefined, arguments: arguments)
        return .undefined
    }

    private func makeBrowserProcess() -> JSObject {
        let process = makeObject()
        for name in ["getuid", "getgid", "geteuid", "getegid"] {
            process.method(name) { _, _ throws(JSException) in .number(-1) }
        }
        for name in ["getgroups", "umask", "cwd", "chdir"] {
            process.method(name) { [unowned self] _, _ throws(JSException) in throw JSException(.object(enosys())) }
        }
        process.properties["pid"] = .number(-1)
        process.properties["ppid"] = .number(-1)
        return process
    }
}
