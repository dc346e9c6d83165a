import CProcessControl
import Foundation
import Glibc

/// The limits a render child puts on itself as its first act, before any render code runs: the parent
/// names them on the child's command line (`--render-child '<json>'`), the child applies them and stops
/// with a one-line error if it cannot. `posix_spawn` has no pre-exec hook, and limits set from outside
/// after the start (`prlimit`) race with the render and fail silently.
///
/// Soft and hard limits are both lowered, so the render cannot raise them again. Linux-only
/// (`PR_SET_PDEATHSIG`, `/proc`).
public struct ChildSandbox: Codable, Sendable, Equatable {
    /// `RLIMIT_FSIZE`: the largest file it may write. 0: none (its output goes to pipes, which are not files).
    public var fileSize: UInt64 = 0
    /// `RLIMIT_NOFILE`: descriptors it may hold (the page, its scripts and wasm, the pipes).
    public var openFiles: UInt64 = 64
    /// `RLIMIT_NPROC` is counted per user: the limit is the user's tasks at the start plus this many
    /// (its own threads), so it can start no processes beyond that. (Not enforced for root.)
    public var extraTasks: UInt64 = 32
    /// `RLIMIT_CORE`: no core dumps of a render.
    public var coreSize: UInt64 = 0
    /// The server's pid: the child is killed when the server dies, and exits at once if it already has.
    public var parent: Int32

    public init(parent: Int32 = getpid()) {
        self.parent = parent
    }

    /// Why the sandbox could not be set up; the child must not render then.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The form passed on the command line.
    public var argument: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(argument: String) throws(Failure) {
        do {
            self = try JSONDecoder().decode(ChildSandbox.self, from: Data(argument.utf8))
        } catch {
            throw Failure(description: "not a render sandbox: \(argument)")
        }
    }

    /// The limits as `(resource, value)`, with the user's current task count for `RLIMIT_NPROC`.
    func limits(userTasks: UInt64) -> [(name: String, resource: Int32, value: UInt64)] {
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
