import Foundation

/// node's `process` as far as Go's syscall and os packages use it.
extension GoJSRuntime {
    func installProcess() {
        let process = makeObject()
        process.properties["argv"] = .object(makeArray((["node", "wasm_exec_node.js"] + configuration.arguments).map(JSValue.string)))
        process.properties["argv0"] = .string(configuration.processArgv0)
        process.properties["platform"] = "linux"
        process.properties["version"] = "v20.0.0"
        process.properties["pid"] = .number(Double(getpid()))
        process.properties["ppid"] = .number(Double(getppid()))
        let env = makeObject()
        for key in configuration.environment.keys.sorted() { env.properties[key] = .string(configuration.environment[key]!) }
        process.properties["env"] = .object(env)
        process.method("cwd") { _, _ throws(JSException) in .string(FileManager.default.currentDirectoryPath) }
        process.method("chdir") { [unowned self] _, args throws(JSException) in
            let path = args[argument: 0].stringValue
            if Glibc.chdir(path) != 0 { throw JSException(.object(systemError(errno, syscall: "chdir", path: path, message: "process.chdir"))) }
            return .undefined
        }
        process.method("getuid") { _, _ throws(JSException) in .number(Double(getuid())) }
        process.method("getgid") { _, _ throws(JSException) in .number(Double(getgid())) }
        process.method("geteuid") { _, _ throws(JSException) in .number(Double(geteuid())) }
        process.method("getegid") { _, _ throws(JSException) in .number(Double(getegid())) }
        process.method("getgroups") { [unowned self] _, _ throws(JSException) in
            var groups = [gid_t](repeating: 0, count: 256)
            let n = getgroups(Int32(groups.count), &groups)
            return .object(makeArray(groups.prefix(max(Int(n), 0)).map { .number(Double($0)) }))
        }
        process.method("umask") { _, args throws(JSException) in
            if case .number(let n) = args[argument: 0] { return .number(Double(Glibc.umask(mode_t(n)))) }
            let old = Glibc.umask(0o022)
            Glibc.umask(old)
            return .number(Double(old))
        }
        process.method("hrtime") { [unowned self] _, _ throws(JSException) in
            let ns = clock.sinceStart() * 1_000_000
            return .object(makeArray([.number((ns / 1e9).rounded(.down)), .number(ns.truncatingRemainder(dividingBy: 1e9).rounded(.down))]))
        }
        process.method("nextTick") { [unowned self] _, args throws(JSException) in
            guard case .object(let f) = args[argument: 0], f.isCallable else { throw .typeError("Callback must be a function") }
            let rest = Array(args.dropFirst())
            enqueueMicrotask { () throws(JSException) in _ = try f.call(this: .undefined, arguments: rest) }
            return .undefined
        }
        process.method("exit") { [unowned self] _, args throws(JSException) in
            // process.exit ends everything at once, as in node.
            let code = Int32(truncatingIfNeeded: args[argument: 0].isUndefined ? 0 : args[argument: 0].integerValue)
            markExited(code)
            pendingUnwind = .exited(code)
            throw JSException(.string("<process.exit>"))
        }
        global.properties["process"] = .object(process)
    }

    /// A node-style system error: `ENOENT: no such file or directory, open '/x'` with `code`, `errno`, `syscall`, `path`.
    func systemError(_ number: Int32, syscall: String, path: String? = nil, destination: String? = nil, message: String? = nil) -> JSError {
        let code = ErrnoName.name(number)
        var description = String(cString: strerror(number))
        if let first = description.first { description = first.lowercased() + description.dropFirst() }
        var text = "\(code): \(description), \(message ?? syscall)"
        if let path { text += " '\(path)'" }
        if let destination { text += " -> '\(destination)'" }
        let error = makeError(.error, text, code: code)
        error.properties["errno"] = .number(Double(-number))
        error.properties["syscall"] = .string(syscall)
        if let path { error.properties["path"] = .string(path) }
        if let destination { error.properties["dest"] = .string(destination) }
        return error
    }
}

/// errno numbers to the names node (libuv) reports as `err.code`, which Go's syscall maps back.
enum ErrnoName {
    static func name(_ number: Int32) -> String {
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
