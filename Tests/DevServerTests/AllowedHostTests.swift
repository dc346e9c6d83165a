import Foundation
import HTTPServer
import TestSupport
import Testing

/// issue 18 (6), over the wire: `serve` and `dev` (and what they forward with `--proxy`) answer only the
/// Hosts a developer's own browser uses. A page on evil.example re-pointed at 127.0.0.1 by its DNS (DNS
/// rebinding) sends `Host: evil.example` and gets a 403 naming the flag; on main it got the dist.
@Suite(.serialized) struct AllowedHostTests {
    typealias Send = OutsideInputTests

    /// The hosts every server answers: names of this machine and literals of loopback.
    static func expectAnswered(
        _ port: UInt16, _ path: String = "/", hosts: [String] = ["localhost", "127.0.0.1", "[::1]", "app.localhost"]
    ) throws {
        for host in hosts {
            let answer = try Send.send(port, "GET", path, host: "\(host):\(port)")
            #expect(answer.status == 200, "Host: \(host)")
        }
    }

    static func expectRefused(_ port: UInt16, _ path: String = "/", host: String = "evil.example") throws {
        let answer = try Send.send(port, "GET", path, host: "\(host):\(port)")
        #expect(answer.status == 403, "Host: \(host)")
        let body = String(decoding: answer.body, as: UTF8.self)
        #expect(body.contains("--allowed-host \(host)"), "\(body)")
        #expect(body.split(separator: "\n").count == 1, "one line: \(body)")
    }

    @Test func serveRefusesForeignHostsAndAnswersLocalOnes() throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(["serve", site.directory.path, "--quiet"])
        defer { server.stop() }
        try Self.expectRefused(server.port)
        try Self.expectRefused(server.port, "/main.wasm", host: "localhost.evil.example")
        try Self.expectAnswered(server.port)
        #expect(
            try Send.send(server.port, "GET", "/", host: "localhost.").status == 200, "a final dot is the same name")
    }

    /// A LAN address under `--host 0.0.0.0`: this machine's own non-loopback IPv4 address, read now.
    @Test func aLANAddressIsAnsweredUnderAWildcardListener() throws {
        guard let lan = NetworkInterfaces.current().first(where: { !$0.isLoopback && !$0.isIPv6 })?.host else {
            return  // no LAN interface in this container: loopback literals are covered above
        }
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(["serve", site.directory.path, "--quiet", "--host", "0.0.0.0"])
        defer { server.stop() }
        let answer = try Send.send(server.port, "GET", "/", host: "\(lan):\(server.port)", connectTo: lan)
        #expect(answer.status == 200, "Host: \(lan)")
        #expect(try Send.send(server.port, "GET", "/", host: "evil.example", connectTo: lan).status == 403)
    }

    @Test func allowedHostAddsNamesAndDomains() throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess([
            "serve", site.directory.path, "--quiet", "--allowed-host", "my-box.test", "--allowed-host", ".example.com",
        ])
        defer { server.stop() }
        try Self.expectAnswered(server.port, hosts: ["my-box.test", "MY-BOX.test", "example.com", "a.b.example.com"])
        try Self.expectRefused(server.port, host: "notexample.com")
        try Self.expectRefused(server.port, host: "my-box.test.evil.example")
    }

    @Test func allowedHostAllTurnsTheCheckOffWithOneLine() throws {
        let site = try TinySite()
        defer { site.remove() }
        let server = try ServerProcess(["serve", site.directory.path, "--quiet", "--allowed-host", "all"])
        defer { server.stop() }
        #expect(try Send.send(server.port, "GET", "/", host: "evil.example").status == 200)
        let warnings = server.stderrLines(prefix: "gowasm-serve: --allowed-host all")
        #expect(warnings.count == 1, "\(server.stderrText)")
    }

    @Test func theConfigFileAllowsHostsToo() throws {
        let site = try TinySite()
        defer { site.remove() }
        try Data("allowed-host = [\"from-toml.test\"]\n".utf8).write(
            to: site.directory.appendingPathComponent("gowasm.toml"))
        let server = try ServerProcess(["serve", ".", "--quiet"], currentDirectory: site.directory)
        defer { server.stop() }
        try Self.expectAnswered(server.port, hosts: ["from-toml.test"])
        try Self.expectRefused(server.port)
    }

    /// `dev` (its waiting page, its events, its report endpoint) and `--proxy` behind both: a foreign Host
    /// never reaches the backend.
    @Test func devAndTheProxyRefuseForeignHosts() throws {
        let package = try OutsideInputTests.brokenPackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let backend = try ProxyBackend()
        defer { backend.stop() }
        let dev = try ServerProcess([
            "dev", package.path, "--go", GoToolchain.modern.goBinary.path, "--quiet", "--proxy", "/api=\(backend.url)",
            "--allowed-host", "devbox.test",
        ])
        defer { dev.stop() }
        try Self.expectRefused(dev.port)
        try Self.expectRefused(dev.port, "/api/echo")
        try Self.expectRefused(dev.port, "/_gowasm/live-reload.js")
        try Self.expectAnswered(dev.port)
        try Self.expectAnswered(dev.port, "/api/echo", hosts: ["localhost", "127.0.0.1", "[::1]", "devbox.test"])

        let setup = try ProxiedSite()
        defer { setup.stop() }
        try Self.expectRefused(setup.server.port, "/api/echo")
        let posted = try Send.send(setup.server.port, "POST", "/api/echo", host: "evil.example", body: "secret")
        #expect(posted.status == 403)
        try Self.expectAnswered(setup.server.port, "/api/echo")
    }
}
