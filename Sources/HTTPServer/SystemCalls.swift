// The one place that names libc for descriptors and resource limits; callers get typed outcomes, not errno.
import Glibc

/// Plain TCP on a non-blocking socket: the only place that calls recv, send, sendmsg and sendfile and reads
/// their errno. Every outcome is typed (EINTR is retried here, EAGAIN is `.wouldBlock`).
enum PlainSocket {
    @inline(__always)
    static func receive(_ socket: Int32, into buffer: UnsafeMutableRawBufferPointer) -> TransportRead {
        while true {
            let count = recv(socket, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .received(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock(.read)
            default: return .failed
            }
        }
    }

    /// `more`: further output follows at once (MSG_MORE corks it into the same segment when small).
    @inline(__always)
    static func send(_ socket: Int32, _ buffer: UnsafeRawBufferPointer, more: Bool) -> TransportWrite {
        let flags = more ? Int32(MSG_NOSIGNAL) | Int32(MSG_MORE) : Int32(MSG_NOSIGNAL)
        while true {
            let count = Glibc.send(socket, buffer.baseAddress, buffer.count, flags)
            if count > 0 { return .sent(count) }
            if let outcome = writeFailure(count) { return outcome }
        }
    }

    /// `first` then `second` in one system call.
    static func send(
        _ socket: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, more: Bool
    ) -> TransportWrite {
        guard let firstBase = first.baseAddress, let secondBase = second.baseAddress else { return .failed }
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: firstBase), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: secondBase), iov_len: second.count)
        )
        let flags = more ? Int32(MSG_NOSIGNAL) | Int32(MSG_MORE) : Int32(MSG_NOSIGNAL)
        return withUnsafeMutableBytes(of: &vectors) { raw in
            var message = msghdr()
            message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = 2
            while true {
                let count = sendmsg(socket, &message, flags)
                if count > 0 { return .sent(count) }
                if let outcome = writeFailure(count) { return outcome }
            }
        }
    }

    /// `count` bytes of `file` from `offset`. A file that ends early (it shrank) is `.failed`: the promised
    /// length cannot be kept.
    static func sendFile(_ socket: Int32, _ file: Int32, offset: Int, count: Int) -> TransportWrite {
        var position = off_t(offset)  // gowasm: allow-trap: off_t is Int64: same width as Int
        while true {
            let sent = sendfile(socket, file, &position, count)
            if sent > 0 { return .sent(sent) }
            if sent == 0 { return .failed }
            if let outcome = writeFailure(sent) { return outcome }
        }
    }

    /// nil: interrupted, try again.
    @inline(__always)
    private static func writeFailure(_ result: Int) -> TransportWrite? {
        switch errno {
        case EINTR: nil
        case EAGAIN, EWOULDBLOCK: .wouldBlock(.write)
        default: .failed
        }
    }

    /// Reads up to `buffer.count` bytes of `file` at `offset` (for transports without sendfile); 0 at its end.
    static func read(_ file: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        while true {
            let count = pread(file, buffer.baseAddress, buffer.count, off_t(offset))  // gowasm: allow-trap: off_t is Int64: same width as Int
            if count >= 0 { return count }
            if errno != EINTR { return nil }
        }
    }

    static func shutdownOutput(_ socket: Int32) { _ = Glibc.shutdown(socket, Int32(SHUT_WR)) }
}

enum SystemCalls {
    @discardableResult
    static func close(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
}

/// The process's open-file limit (RLIMIT_NOFILE), which bounds connections: each holds a socket and, while
/// it sends a file, that file's descriptor.
public enum DescriptorLimit {
    /// Raises the soft limit to the hard one (at start: the common soft 1,024 is far below what a server
    /// needs, and raising it needs no privilege). Returns the soft limit now in force.
    @discardableResult
    public static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resourceNoFile, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int(Int32.max) : Int(clamping: limit.rlim_cur)
    }

    /// The current soft limit.
    public static var current: Int {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0 else { return 1024 }
        return limit.rlim_cur == rlim_t.max ? Int(Int32.max) : Int(clamping: limit.rlim_cur)
    }

    /// How many connections fit under `limit` descriptors: two per connection (its socket and a file being
    /// sent), less a reserve for the listener, the event loops, logs and files opened while answering.
    public static func connections(fittingIn limit: Int) -> Int {
        max(1, (limit - reserve) / 2)
    }

    static let reserve = 32

    private static var resourceNoFile: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}
