import Foundation
import NodeSystem

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
            if Glibc.chdir(path) != 0 {
                throw JSException(.object(systemError(SystemError(errno, syscall: "chdir", path: path, operation: "process.chdir"))))
            }
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

    /// A node-style system error object: message, `code`, `errno`, `syscall`, `path`, `dest`.
    func systemError(_ failure: SystemError) -> JSError {
        let error = makeError(.error, failure.description, code: failure.code)
        error.properties["errno"] = .number(Double(-failure.number))
        error.properties["syscall"] = .string(failure.syscall)
        if let path = failure.path { error.properties["path"] = .string(path) }
        if let destination = failure.destination { error.properties["dest"] = .string(destination) }
        return error
    }
}
