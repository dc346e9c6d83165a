import Foundation
import Glibc
import InputSafety

/// One child process run to completion within a wall-clock deadline, a resident-memory budget and an output
/// bound, its stdout, stderr and report descriptor (fd 3) collected. Whatever the child does (loop forever,
/// crash, allocate without end), it cannot take the parent with it: past a bound its process group is
/// killed, and it is always reaped. It starts with an empty environment and no descriptor of the parent's
/// beyond 0 (`/dev/null`), 1, 2 and 3.
///
/// Linux-only: resident memory is read from `/proc/PID/statm`.
public struct BoundedChild: Sendable {
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signaled(Int32)
        /// Still running at the deadline, so killed.
        case killedAtDeadline
        /// Wrote more than `maxOutput` bytes to one descriptor, so killed.
        case killedForOutput
        /// Its resident memory passed `memoryBudget`, so killed.
        case killedForMemory
    }

    public struct Outcome: Sendable {
        public let ending: Ending
        public let pid: pid_t
        public let stdout: [UInt8]
        public let stderr: [UInt8]
        /// What the child wrote to fd 3 (its typed report).
        public let report: [UInt8]
    }

    public struct SpawnFailed: Error, CustomStringConvertible, Sendable {
        public let errno: Int32
        public var description: String { "cannot start a process: \(String(cString: strerror(errno)))" }
    }

    public let executable: String
    public let arguments: [String]
    public let deadline: Duration
    /// Resident bytes the child may hold; nil leaves it unwatched.
    public let memoryBudget: Int?
    public let maxOutput: Int
    /// How often resident memory is read while the child runs.
    public var memoryPollInterval: Duration = .milliseconds(20)

    public init(executable: String, arguments: [String], deadline: Duration, memoryBudget: Int?, maxOutput: Int) {
        self.executable = executable
        self.arguments = arguments
        self.deadline = deadline
        self.memoryBudget = memoryBudget
        self.maxOutput = maxOutput
    }

    /// Runs the child; blocks the calling thread (never a Dispatch worker's) until it has ended.
    public func run() throws(SpawnFailed) -> Outcome {
        var pipes: [(read: Int32, write: Int32)] = []
        defer { for pipe in pipes { close(pipe.read) } }
        for _ in 0..<3 {
            do {
                pipes.append(try Self.pipe())
            } catch {
                for pipe in pipes { close(pipe.write) }
                throw error
            }
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let pid: pid_t
        do {
            pid = try spawn(stdout: pipes[0].write, stderr: pipes[1].write, report: pipes[2].write)
        } catch {
            for pipe in pipes { close(pipe.write) }
            throw error
        }
        for pipe in pipes { close(pipe.write) }
        let end = started + deadline.nanoseconds
        let pollMilliseconds = Int32(max(1, memoryPollInterval.nanoseconds / 1_000_000))  // gowasm: allow-trap: our own poll interval (milliseconds)

        // From here the collector owns the read ends (and closes each once).
        let fds = pipes.map(\.read)
        pipes.removeAll()
        var output = Collector(fds: fds, maxOutput: maxOutput)
        var killedFor: Ending?
        while output.isOpen {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < end else {
                killedFor = .killedAtDeadline
                break
            }
            if let memoryBudget, let resident = ResidentMemory.bytes(of: pid), resident > memoryBudget {
                killedFor = .killedForMemory
                break
            }
            if !output.readAvailable(waitingUpTo: min(Int32((end - now) / 1_000_000 + 1), pollMilliseconds)) {  // gowasm: allow-trap: end > now and the budget is at most 3600 s: fits Int32 milliseconds
                killedFor = .killedForOutput
                break
            }
        }
        output.closeAll()

        var status: Int32 = 0
        if killedFor == nil {
            // Every pipe closed; the process ends right after, unless it closed them to keep running.
            while waitpid(pid, &status, WNOHANG) == 0 {
                guard DispatchTime.now().uptimeNanoseconds < end else {
                    killedFor = .killedAtDeadline
                    break
                }
                if let memoryBudget, let resident = ResidentMemory.bytes(of: pid), resident > memoryBudget {
                    killedFor = .killedForMemory
                    break
                }
                usleep(1000)
            }
            if killedFor == nil {
                return Outcome(
                    ending: Self.ending(status), pid: pid, stdout: output.collected[0], stderr: output.collected[1],
                    report: output.collected[2])
            }
        }
        kill(-pid, SIGKILL)  // its own process group: anything it started goes too
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Outcome(
            ending: killedFor ?? .killedAtDeadline, pid: pid, stdout: output.collected[0], stderr: output.collected[1],
            report: output.collected[2])
    }

    private func spawn(stdout: Int32, stderr: Int32, report: Int32) throws(SpawnFailed) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        posix_spawn_file_actions_adddup2(&actions, report, 3)
        _ = GNU.closeFrom?(&actions, 4)  // the server's sockets and other renders' pipes stay out

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The server ignores SIGINT/SIGTERM/SIGPIPE (it handles them itself); the child gets the defaults back.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment: [UnsafeMutablePointer<CChar>?] = [nil]  // nothing of the server's environment
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard result == 0 else { throw SpawnFailed(errno: result) }
        return pid
    }

    private static func pipe() throws(SpawnFailed) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw SpawnFailed(errno: errno) }
        // Not atomic with pipe(2), so every spawn also closes descriptors from 4 up in its child.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func ending(_ status: Int32) -> Ending {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
}

/// A process's resident memory, from `/proc/PID/statm` (its second field, in pages).
enum ResidentMemory {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))  // gowasm: allow-trap: the kernel's page size

    static func bytes(of pid: pid_t) -> Int? {
        let fd = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return parse(statm: buffer[..<count]).map { $0 * pageSize }
    }

    /// Resident pages: the second space-separated field of `statm`.
    static func parse(statm: ArraySlice<UInt8>) -> Int? {
        let fields = statm.split(separator: UInt8(ascii: " "))
        guard fields.count >= 2 else { return nil }
        return Int(String(decoding: fields[1], as: UTF8.self), radix: 10)
    }
}

/// glibc functions Swift's Glibc module does not import (they are GNU extensions), looked up at run time.
enum GNU {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

/// Drains pipes with poll(2) until each reaches end of file.
private struct Collector {
    private var fds: [Int32]
    private var open: [Bool]
    private(set) var collected: [[UInt8]]
    private let maxOutput: Int

    init(fds: [Int32], maxOutput: Int) {
        self.fds = fds
        self.open = fds.map { _ in true }
        self.collected = fds.map { _ in [] }
        self.maxOutput = maxOutput
    }

    var isOpen: Bool { open.contains(true) }

    /// Waits up to `milliseconds` for input and reads it; false when the output grew beyond the bound.
    mutating func readAvailable(waitingUpTo milliseconds: Int32) -> Bool {
        var polls = fds.indices.filter { open[$0] }.map { pollfd(fd: fds[$0], events: Int16(POLLIN), revents: 0) }
        let ready = poll(&polls, nfds_t(polls.count), milliseconds)
        guard ready > 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        for entry in polls where entry.revents != 0 {
            guard let index = fds.firstIndex(of: entry.fd) else { continue }
            let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
            if count > 0 {
                collected[index] += chunk[..<count]
                if collected[index].count > maxOutput { return false }
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                open[index] = false
                close(entry.fd)
            }
        }
        return true
    }

    mutating func closeAll() {
        for index in fds.indices where open[index] {
            open[index] = false
            close(fds[index])
        }
    }
}
