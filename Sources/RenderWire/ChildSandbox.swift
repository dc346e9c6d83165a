import Foundation
import Glibc

/// The limits a render child puts on itself as its first act, before any render code runs: the parent
/// names them on the child's command line (`--render-child '<json>'`), the child applies them and stops
/// with a one-line error if it cannot. `posix_spawn` has no pre-exec hook, and limits set from outside
/// after the start (`prlimit`) race with the render and fail silently.
///
/// Soft and hard limits are both lowered, so the render cannot raise them again. This is the limits as both
/// sides spell them; applying them is the child's (RenderChildSide's `apply()`).
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

        public init(description: String) {
            self.description = description
        }
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
}
