import Foundation
import TestSupport

/// A real nginx on loopback with its own prefix and configuration, started and stopped by the test.
/// With `tls`, it listens for https only, with that certificate.
final class Nginx {
    let port: UInt16
    let prefix: URL
    let tls: TestCertificate?
    private let process: Process

    var root: URL { URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)/")! }

    /// `serverBlock` is the body of the `server { }` block (after `listen` and `root`).
    convenience init(root: URL, serverBlock: String, httpBlock: String = "", tls: TestCertificate? = nil) throws {
        let port = try Network.freePort()
        let listen =
            tls.map {
                "listen 127.0.0.1:\(port) ssl;\n    ssl_certificate \($0.certificate.path);\n    ssl_certificate_key \($0.key.path);"
            } ?? "listen 127.0.0.1:\(port);"
        try self.init(
            port: port, servers: httpBlock + "\nserver {\n    \(listen)\n    root \(root.path);\n    \(serverBlock)\n}",
            tls: tls)
    }

    /// `servers` goes into the `http { }` block as it is: whole `server { }` blocks that listen on `port`.
    init(port: UInt16, servers: String, tls: TestCertificate? = nil) throws {
        let nginx = try requireTool("nginx")
        self.port = port
        prefix = try Paths.temporaryDirectory("nginx")
        self.tls = tls
        let modules = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
        guard FileManager.default.fileExists(atPath: modules) else {
            throw MissingTool(
                "nginx brotli module (\(modules))",
                hint: "apt-get install libnginx-mod-http-brotli-static (make test does)")
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
                \(servers)
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
        guard Network.waitUntilAccepting(port: port, timeout: 10, while: { process.isRunning }) else {
            let log = (try? String(contentsOf: prefix.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            stop()
            throw NginxFailed(log: log)
        }
    }

    func stop() {
        process.terminate(grace: 2)
        try? FileManager.default.removeItem(at: prefix)
    }

    deinit { stop() }
}

struct NginxFailed: Error, CustomStringConvertible {
    let log: String
    var description: String { "nginx did not start: \(log)" }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made by openssl for one test (no CA involved:
/// a client trusts it only when told to, with `--ca-file` pointing at the certificate itself).
struct TestCertificate {
    let directory: URL
    var certificate: URL { directory.appendingPathComponent("cert.pem") }
    var key: URL { directory.appendingPathComponent("key.pem") }

    static func make() throws -> TestCertificate {
        let openssl = try requireTool("openssl")
        let made = TestCertificate(directory: try Paths.temporaryDirectory("tls"))
        let result = try ProcessRunner.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=gowasm-serve test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", made.key.path, "-out", made.certificate.path,
            ], timeout: 60)
        guard result.status == 0 else {
            made.remove()
            throw MissingTool("a certificate from openssl", hint: result.stderrText)
        }
        return made
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
