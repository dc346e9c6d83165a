import Foundation

/// The last line of defence for `run` and `prerender`'s time limit: a CPU-bound guest, or one huge host call,
/// never returns to the event loop that checks the wall clock, so a thread ends the process from outside.
enum WallClockWatchdog {
    static func start(command: String, seconds: Double) {
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            FileHandle.standardError.write(
                Data("gowasm-serve: \(command) stopped: wall-clock limit of \(seconds)s reached\n".utf8))
            Foundation.exit(1)
        }
        thread.start()
    }
}
