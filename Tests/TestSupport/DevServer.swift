import Foundation

/// `gowasm-serve dev` running in the background; its first stdout line names the URL.
public final class DevServer {
    public let process = Process()
    public let port: UInt16
    private let errors = Pipe()
    private let errorText = ReceivedBytes()

    public init(package: URL, toolchain: GoToolchain = .modern) throws {
        process.executableURL = Paths.executable
        process.arguments = ["dev", package.path, "--port", "0", "--go", toolchain.goBinary.path, "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let errorText = self.errorText
        errors.fileHandleForReading.readabilityHandler = { handle in errorText.append(handle.availableData) }
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(180)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
            guard let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty else { break }
            line.append(byte)
        }
        let first = String(decoding: line, as: UTF8.self)
        guard let colon = first.range(of: ":", options: .backwards),
            let port = UInt16(first[colon.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "/\n")))
        else {
            process.terminate()
            throw DevServerFailed(firstLine: first, stderr: errorText.text)
        }
        self.port = port
    }

    public var stderr: String { errorText.text }

    /// stderr once it holds `text`, or as it is after `timeout`: dev writes it from its own threads, so a line
    /// may land after the page it is about has been served.
    public func stderr(containing text: String, timeout: TimeInterval = 10) -> String {
        errorText.wait(for: text, timeout: timeout)
    }

    public func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    public func stop() {
        if process.isRunning { _ = terminate() }
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

public struct DevServerFailed: Error, CustomStringConvertible {
    let firstLine: String
    let stderr: String
    public var description: String { "dev did not start (first line: \(firstLine.debugDescription)):\n\(stderr)" }
}

/// Bytes arriving on another thread.
public final class ReceivedBytes: @unchecked Sendable {
    private let arrived = NSCondition()
    private var data = Data()
    public init() {}
    public func append(_ more: Data) {
        arrived.withLock { data.append(more) }
        arrived.broadcast()
    }
    public var text: String { arrived.withLock { String(decoding: data, as: UTF8.self) } }

    /// The text once it contains `needle`, or as it is when `timeout` has passed; woken by each arrival.
    public func wait(for needle: String, timeout: TimeInterval) -> String {
        wait(timeout: timeout) { $0.contains(needle) }
    }

    /// The text once `condition` holds for it, or as it is when `timeout` has passed; woken by each arrival.
    public func wait(timeout: TimeInterval, until condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        arrived.lock()
        defer { arrived.unlock() }
        while true {
            let text = String(decoding: data, as: UTF8.self)
            if condition(text) || !arrived.wait(until: deadline) { return text }
        }
    }
}
