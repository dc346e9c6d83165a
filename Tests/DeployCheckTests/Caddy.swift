import Foundation
import TestSupport

/// A real Caddy on loopback running a Caddyfile, with its admin endpoint off and its state in a
/// temporary directory, started and stopped by the test.
final class Caddy {
    let port: UInt16
    let directory: URL
    private let process: Process

    var root: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    /// `siteBlocks` must listen on `port` (plain http).
    init(port: UInt16, siteBlocks: String) throws {
        let caddy = try requireTool("caddy")
        self.port = port
        directory = try Paths.temporaryDirectory("caddy")
        let file = directory.appendingPathComponent("Caddyfile")
        try Data("{\n\tadmin off\n\tauto_https off\n}\n\n\(siteBlocks)".utf8).write(to: file)
        process = Process()
        process.executableURL = caddy
        process.arguments = ["run", "--config", file.path, "--adapter", "caddyfile"]
        let log = directory.appendingPathComponent("caddy.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        process.environment = [
            "HOME": directory.path, "XDG_DATA_HOME": directory.path + "/data",
            "XDG_CONFIG_HOME": directory.path + "/config",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        try process.run()
        guard Network.waitUntilAccepting(port: port, timeout: 15, while: { process.isRunning }) else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            stop()
            throw CaddyFailed(log: text)
        }
    }

    func stop() {
        process.terminate(grace: 2)
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

struct CaddyFailed: Error, CustomStringConvertible {
    let log: String
    var description: String { "caddy did not start: \(log.suffix(2000))" }
}
