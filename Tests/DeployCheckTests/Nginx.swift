import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real nginx on loopback with its own prefix and configuration, started and stopped by the test.
final class Nginx {
    let port: UInt16
    let prefix: URL
    private let process: Process

    var root: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    /// `serverBlock` is the body of the `server { }` block (after `listen` and `root`).
    init(root: URL, serverBlock: String, httpBlock: String = "") throws {
        let nginx = try requireTool("nginx")
        port = try Network.freePort()
        prefix = try Paths.temporaryDirectory("nginx")
        let modules = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
        guard FileManager.default.fileExists(atPath: modules) else {
            throw MissingTool("nginx brotli module (\(modules))", hint: "apt-get install libnginx-mod-http-brotli-static (make test does)")
        }
        let conf = """
            load_module \(modules);
            daemon off;
            master_process off;
            worker_processes 1;
            user root;
            pid \(prefix.path)/nginx.pid;
            error_log \(prefix.path)/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(prefix.path)/body;
                proxy_temp_path \(prefix.path)/proxy;
                fastcgi_temp_path \(prefix.path)/fastcgi;
                uwsgi_temp_path \(prefix.path)/uwsgi;
                scgi_temp_path \(prefix.path)/scgi;
                sendfile on;
                \(httpBlock)
                server {
                    listen 127.0.0.1:\(port);
                    root \(root.path);
                    \(serverBlock)
                }
            }
            """
        let confFile = prefix.appendingPathComponent("nginx.conf")
        try conf.write(to: confFile, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = nginx
        process.arguments = ["-p", prefix.path, "-c", confFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                stop()
                throw NginxFailed(log: log)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: prefix)
    }

    deinit { stop() }

    private static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

struct NginxFailed: Error, CustomStringConvertible {
    let log: String
    var description: String { "nginx did not start: \(log)" }
}
