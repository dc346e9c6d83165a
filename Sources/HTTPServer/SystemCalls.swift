// The one place that names libc for descriptors and resource limits; callers get typed outcomes, not errno.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum SystemCalls {
    @discardableResult
    static func close(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }
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

    #if canImport(Glibc)
    private static var resourceNoFile: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #else
    private static var resourceNoFile: Int32 { RLIMIT_NOFILE }
    #endif
}
