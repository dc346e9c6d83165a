import CProcessControl
import Foundation
import Glibc
import RenderWire

/// The child putting `ChildSandbox` on itself. Linux-only (`PR_SET_PDEATHSIG`, `/proc`).
extension ChildSandbox {
    /// The limits as `(resource, value)`, with the user's current task count for `RLIMIT_NPROC`.
    package func limits(userTasks: UInt64) -> [(name: String, resource: Int32, value: UInt64)] {
        [
            ("RLIMIT_FSIZE", Int32(RLIMIT_FSIZE.rawValue), fileSize),
            ("RLIMIT_NOFILE", Int32(RLIMIT_NOFILE.rawValue), openFiles),
            ("RLIMIT_NPROC", Int32(__RLIMIT_NPROC.rawValue), userTasks + extraTasks),  // glibc spells it __RLIMIT_NPROC
            ("RLIMIT_CORE", Int32(RLIMIT_CORE.rawValue), coreSize),
        ]
    }

    /// Applies everything to the calling process: death signal, then the resource limits, each checked.
    public func apply() throws(Failure) {
        guard process_control_set_parent_death_signal(SIGKILL) == 0 else {
            throw Failure(description: "cannot set the parent-death signal: \(String(cString: strerror(errno)))")
        }
        // Set after the parent may already have died: then nobody would ever kill this process.
        guard getppid() == parent else { throw Failure(description: "the server (pid \(parent)) is gone") }
        for limit in limits(userTasks: Self.tasksOfCurrentUser()) {
            var value = rlimit(rlim_cur: rlim_t(limit.value), rlim_max: rlim_t(limit.value))
            guard setrlimit(__rlimit_resource_t(UInt32(limit.resource)), &value) == 0 else {  // gowasm: allow-trap: our own table of RLIMIT_ constants
                throw Failure(
                    description: "cannot set \(limit.name) to \(limit.value): \(String(cString: strerror(errno)))")
            }
            var check = rlimit()
            let resource = __rlimit_resource_t(UInt32(limit.resource))  // gowasm: allow-trap: our own RLIMIT_ table
            guard getrlimit(resource, &check) == 0, check.rlim_max == rlim_t(limit.value) else {
                throw Failure(description: "\(limit.name) did not take the value \(limit.value)")
            }
        }
    }

    /// Tasks (threads) whose real user is ours: what `RLIMIT_NPROC` counts.
    public static func tasksOfCurrentUser() -> UInt64 {
        let uid = getuid()
        var total: UInt64 = 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        where entry.allSatisfy(\.isNumber) {
            guard let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8) else { continue }
            var realUser: UInt32?
            var threads: UInt64 = 0
            for line in status.split(separator: "\n") {
                if line.hasPrefix("Uid:") {
                    realUser = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap {
                        UInt32($0, radix: 10)
                    }
                }
                if line.hasPrefix("Threads:") {
                    threads =
                        line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { UInt64($0, radix: 10) }
                        ?? 0
                }
            }
            if realUser == uid { total += threads }
        }
        return total
    }
}
