import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: Data
    public let timedOut: Bool
    /// The process died of a signal (then `status` is the signal's number), not by exiting.
    public var uncaughtSignal = false
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

public enum ProcessRunner {
    /// Runs `executable` to completion, collecting both pipes concurrently (no pipe-buffer deadlock),
    /// killing it after `timeout` seconds.
    public static func run(
        _ executable: URL, _ arguments: [String] = [], environment: [String: String]? = nil,
        currentDirectory: URL? = nil, stdin: Data? = nil, timeout: TimeInterval = 120
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe

        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try? inPipe.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 0.5)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        group.wait()
        var result = ProcessResult(
            status: process.terminationStatus, stdout: collected.out, stderr: collected.err, timedOut: timedOut)
        result.uncaughtSignal = process.terminationReason == .uncaughtSignal
        return result
    }

    /// Runs `gowasm-serve` (the executable built with the tests).
    public static func gowasmServe(
        _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil,
        stdin: Data? = nil, timeout: TimeInterval = 120
    ) throws -> ProcessResult {
        try run(
            Paths.executable, arguments, environment: environment, currentDirectory: currentDirectory, stdin: stdin,
            timeout: timeout)
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()
    func set(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }
}

extension Process {
    /// SIGTERM, then SIGKILL once `grace` has passed, and reaped. A server started from a Swift Testing
    /// worker thread inherits that thread's signal mask, where SIGTERM may be blocked (nginx and Caddy then
    /// never see it; `gowasm-serve` handles it through Dispatch either way).
    public func terminate(grace: TimeInterval) {
        guard isRunning else { return }
        kill(processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}
