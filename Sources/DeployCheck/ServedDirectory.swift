import Foundation

/// A dist folder served by `gowasm-serve serve DIR --port 0` in a child process, so `check DIR` sees
/// exactly what the server would send. The child prints its address; the first `http://` URL on its
/// output is taken as the site's root.
public final class ServedDirectory: @unchecked Sendable {
    public let url: URL
    private let process: Process

    public init(directory: URL, executable: URL, timeout: TimeInterval = 20) throws(DeployCheckError) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", directory.path, "--port", "0", "--host", "127.0.0.1", "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw .serverDidNotStart("\(executable.path): \(error)")
        }
        let found = LockedURL()
        let handle = output.fileHandleForReading
        let reader = Thread {
            var text = ""
            while found.value == nil {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: #"http://[^\s"'<>]+"#, options: .regularExpression),
                    let url = URL(string: String(text[range]))
                {
                    found.set(url, log: text)
                    return
                }
            }
            found.set(nil, log: text)
        }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while !found.done && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        guard let url = found.value else {
            if process.isRunning { process.terminate() }
            let seconds = Int(timeout)  // gowasm: allow-trap: our own start-up timeout constant
            throw .serverDidNotStart(
                found.log.split(separator: "\n").first.map(String.init) ?? "no address printed within \(seconds) s")
        }
        self.url = url
        self.process = process
        // Keep draining the child's output so it never blocks on a full pipe.
        Thread { while !handle.availableData.isEmpty {} }.start()
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

private final class LockedURL: @unchecked Sendable {
    private let lock = NSLock()
    private var url: URL?
    private var finished = false
    private var text = ""

    var value: URL? { lock.withLock { url } }
    var done: Bool { lock.withLock { finished } }
    var log: String { lock.withLock { text } }

    func set(_ url: URL?, log: String) {
        lock.withLock {
            self.url = url
            self.text = log
            finished = true
        }
    }
}
