import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One child process run to completion within a wall-clock deadline and an address-space limit, its stdout
/// and stderr collected. Whatever the child does (loop forever, crash, allocate without end), it cannot take
/// the parent with it: at the deadline its process group is killed, and it is always reaped.
struct BoundedChild {
    enum Ending: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Still running at the deadline, so killed.
        case killedAtDeadline
        /// Wrote more than `maxOutput` bytes, so killed.
        case killedForOutput
    }

    struct Outcome {
        let ending: Ending
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "cannot start a process: \(String(cString: strerror(errno)))" }
    }

    let executable: String
    let arguments: [String]
    let deadline: Duration
    /// RLIMIT_AS of the child, in bytes; nil leaves it unlimited.
    let addressSpace: Int?
    let maxOutput: Int

    /// Runs the child; blocks the calling thread (never a Dispatch worker's) until it has ended.
    func run() throws(SpawnFailed) -> Outcome {
        let stdoutPipe = try Self.pipe()
        let stderrPipe: (read: Int32, write: Int32)
        do {
            stderrPipe = try Self.pipe()
        } catch {
            close(stdoutPipe.read)
            close(stdoutPipe.write)
            throw error
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let pid: pid_t
        do {
            pid = try spawn(stdout: stdoutPipe.write, stderr: stderrPipe.write)
        } catch {
            for fd in [stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write] { close(fd) }
            throw error
        }
        close(stdoutPipe.write)
        close(stderrPipe.write)
        if let addressSpace {
            // Set right after spawn returns (the child has just exec'd): the memory-hungry part comes later.
            var limit = rlimit(rlim_cur: rlim_t(addressSpace), rlim_max: rlim_t(addressSpace))
            _ = GNU.prlimit?(pid, Int32(RLIMIT_AS.rawValue), &limit, nil)
        }
        let end = started + deadline.nanoseconds

        var output = Collector(fds: [stdoutPipe.read, stderrPipe.read], maxOutput: maxOutput)
        var killedFor: Ending?
        while output.isOpen {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < end else {
                killedFor = .killedAtDeadline
                break
            }
            if !output.readAvailable(waitingUpTo: Int32(min((end - now) / 1_000_000 + 1, 100))) {
                killedFor = .killedForOutput
                break
            }
        }
        output.closeAll()

        var status: Int32 = 0
        if killedFor == nil {
            // Both pipes closed; the process ends right after, unless it closed them to keep running.
            while waitpid(pid, &status, WNOHANG) == 0 {
                guard DispatchTime.now().uptimeNanoseconds < end else {
                    killedFor = .killedAtDeadline
                    break
                }
                usleep(1000)
            }
            if killedFor == nil {
                return Outcome(ending: Self.ending(status), stdout: output.collected[0], stderr: output.collected[1])
            }
        }
        kill(-pid, SIGKILL)  // its own process group: anything it started goes too
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Outcome(ending: killedFor ?? .killedAtDeadline, stdout: output.collected[0], stderr: output.collected[1])
    }

    private func spawn(stdout: Int32, stderr: Int32) throws(SpawnFailed) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        _ = GNU.closeFrom?(&actions, 3)  // the server's sockets and other renders' pipes stay out

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
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnFailed(errno: result) }
        return pid
    }

    private static func pipe() throws(SpawnFailed) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw SpawnFailed(errno: errno) }
        // Not atomic with pipe(2), so every spawn also closes descriptors from 3 up in its child.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func ending(_ status: Int32) -> Ending {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
}

/// glibc functions Swift's Glibc module does not import (they are GNU extensions), looked up at run time.
private enum GNU {
    typealias Prlimit = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    static let prlimit: Prlimit? = symbol("prlimit")
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

extension Duration {
    /// Whole nanoseconds (negative durations count as zero).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
