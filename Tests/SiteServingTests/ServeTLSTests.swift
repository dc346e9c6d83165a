import Foundation
import HTTPServer
import TLS
import TestSupport
import Testing

/// What only HTTPS has: the certificate `--tls` makes (names, reuse, renewal), ALPN as `openssl s_client` sees
/// it, `--tls-cert/--tls-key`, and Chromium loading the app. The HTTP behaviours themselves run over TLS in
/// ServeEndToEndTests and ServerFlagTests.
@Suite struct ServeTLSTests {
    /// A dist with a page that fetches and compiles the wasm, and reports how in its title.
    struct Site {
        let directory: URL
        let cache: URL

        init() throws {
            let base = try Paths.temporaryDirectory("serve-tls")
            directory = base.appendingPathComponent("dist")
            cache = base.appendingPathComponent("cache")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let page = """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>pending</title></head>
                <body><script>
                WebAssembly.compileStreaming(fetch("main.wasm")).then(
                  (module) => { document.title = location.protocol + " secure=" + isSecureContext + " wasm=" + (module instanceof WebAssembly.Module); },
                  (error) => { document.title = "failed: " + error; });
                </script></body></html>

                """
            try Data(page.utf8).write(to: directory.appendingPathComponent("index.html"))
            try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: directory.appendingPathComponent("main.wasm"))
        }

        var certificates: DevelopmentCertificates {
            DevelopmentCertificates(directory: cache.appendingPathComponent("gowasm-serve/tls"))
        }

        func serve(_ extra: [String] = ["--tls"]) throws -> ServerProcess {
            try ServerProcess(
                ["serve", directory.path, "--quiet", "--no-precompress"] + extra,
                environment: ["XDG_CACHE_HOME": cache.path])
        }

        func remove() { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    }

    /// The names a phone may use: localhost, the host name and every non-link-local address of the machine.
    static var machineNames: SubjectNames {
        SubjectNames.developmentServer(
            hostName: SystemHostName.current(), addresses: NetworkInterfaces.current().map(\.host))
    }

    @Test func opensslSeesALPNAndTheMachinesNames() throws {
        let openssl = try requireTool("openssl")
        let site = try Site()
        defer { site.remove() }
        let server = try site.serve(["--tls", "--host", "0.0.0.0"])
        defer { server.stop() }
        #expect(server.firstLine.hasSuffix(" at https://0.0.0.0:\(server.port)/"))
        let request = Data("GET /main.wasm HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        let session = try ProcessRunner.run(
            openssl,
            [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-servername", "localhost", "-alpn", "http/1.1",
                "-CAfile", site.certificates.authorityPath, "-verify_return_error", "-showcerts", "-ign_eof",
            ],
            stdin: request, timeout: 30)
        let output = session.stdoutText
        #expect(session.status == 0, "\(session.stderrText)")
        #expect(output.contains("ALPN protocol: http/1.1"), "\(output)")
        #expect(output.contains("Verify return code: 0 (ok)"), "\(output)")
        #expect(output.contains("HTTP/1.1 200 OK"), "\(output)")
        #expect(output.contains("Content-Type: application/wasm"), "\(output)")

        // The certificate as served, read by `openssl x509`: every name of this machine is in it.
        let begin = try #require(output.range(of: "-----BEGIN CERTIFICATE-----"))
        let end = try #require(output.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<output.endIndex))
        let served = String(output[begin.lowerBound..<end.upperBound]) + "\n"
        let text = try ProcessRunner.run(openssl, ["x509", "-noout", "-text"], stdin: Data(served.utf8), timeout: 30)
            .stdoutText
        let names = Self.machineNames
        for name in names.dnsNames { #expect(text.contains("DNS:\(name)"), "\(name): \(text)") }
        for address in names.ipAddresses where !address.contains(":") {
            #expect(text.contains("IP Address:\(address)"), "\(address): \(text)")
        }
        #expect(text.contains("IP Address:0:0:0:0:0:0:0:1"))
        #expect(try CertificateSummary(pem: served).names.covers(names))

        // A client that offers only h2 gets no ALPN answer (and may fall back to HTTP/1.1 or leave).
        let h2 = try ProcessRunner.run(
            openssl,
            [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-alpn", "h2", "-CAfile",
                site.certificates.authorityPath,
            ],
            stdin: Data(), timeout: 30)
        #expect(h2.stdoutText.contains("No ALPN negotiated"), "\(h2.stdoutText)")
    }

    @Test func theCertificateIsKeptReusedAndMadeAgainForNewNames() throws {
        let site = try Site()
        defer { site.remove() }
        let first = try site.serve()
        #expect(first.firstLine.hasSuffix(" at https://127.0.0.1:\(first.port)/"))
        first.stop()
        #expect(
            first.stderrText.hasPrefix("gowasm-serve: --tls: made a certificate for localhost, "), "\(first.stderrText)"
        )
        #expect(
            first.stderrText.contains(
                "(none was kept yet); to trust it on a phone, install \(site.certificates.authorityPath)"))
        let certificate = try String(contentsOfFile: site.certificates.certificatePath, encoding: .utf8)
        let authority = try String(contentsOfFile: site.certificates.authorityPath, encoding: .utf8)
        let mode =
            try FileManager.default.attributesOfItem(atPath: site.certificates.keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let second = try site.serve()
        #expect(try Curl.head(second.url + "main.wasm", ["--cacert", site.certificates.authorityPath]).status == 200)
        second.stop()
        #expect(second.stderrText == "", "reused silently")
        #expect(try String(contentsOfFile: site.certificates.certificatePath, encoding: .utf8) == certificate)

        // A kept certificate that lacks this machine's addresses (made on another network) is made again,
        // by the same authority, so a phone that trusts it needs nothing new.
        let key = try String(
            contentsOfFile: site.certificates.directory.appendingPathComponent("ca-key.pem").path, encoding: .utf8)
        let narrow = try CertificateMaker.makeServerCertificate(
            for: SubjectNames(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]), commonName: "localhost",
            signedBy: IssuedCertificate(certificatePEM: authority, privateKeyPEM: key), validFrom: Date(), days: 30)
        try narrow.certificatePEM.write(toFile: site.certificates.certificatePath, atomically: true, encoding: .utf8)
        try narrow.privateKeyPEM.write(toFile: site.certificates.keyPath, atomically: true, encoding: .utf8)
        let third = try site.serve()
        #expect(try Curl.head(third.url + "main.wasm", ["--cacert", site.certificates.authorityPath]).status == 200)
        third.stop()
        #expect(third.stderrText.contains("(new names: "), "\(third.stderrText)")
        #expect(try String(contentsOfFile: site.certificates.authorityPath, encoding: .utf8) == authority)
        let renewed = try CertificateSummary(
            pem: String(contentsOfFile: site.certificates.certificatePath, encoding: .utf8))
        #expect(renewed.names.covers(Self.machineNames))
    }

    @Test func ownCertificateAndKey() throws {
        let site = try Site()
        defer { site.remove() }
        let own = DevelopmentCertificates(directory: site.cache.appendingPathComponent("own"))
        _ = try own.prepare(covering: SubjectNames(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]))
        let server = try site.serve(["--tls-cert", own.certificatePath, "--tls-key", own.keyPath])
        defer { server.stop() }
        #expect(server.firstLine.hasSuffix(" at https://127.0.0.1:\(server.port)/"))
        let (head, body) = try Curl.get(server.url + "main.wasm", ["--cacert", own.authorityPath])
        #expect(head.status == 200)
        #expect(head.values("Content-Type") == ["application/wasm"])
        #expect(body.count == 8)
        #expect(!FileManager.default.fileExists(atPath: site.certificates.directory.path), "--tls-cert makes nothing")
    }

    /// gowasm.toml holds the TLS flags as it holds any other (`tls = true`, `tls-cert`, `tls-key`).
    @Test func theConfigFileTurnsTLSOn() throws {
        let site = try Site()
        defer { site.remove() }
        try "tls = true\n".write(
            to: site.directory.appendingPathComponent("gowasm.toml"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(
            ["serve", ".", "--quiet", "--no-precompress"], currentDirectory: site.directory,
            environment: ["XDG_CACHE_HOME": site.cache.path])
        defer { server.stop() }
        #expect(server.firstLine.hasSuffix(" at https://127.0.0.1:\(server.port)/"))
        #expect(try Curl.head(server.url + "main.wasm", ["--cacert", site.certificates.authorityPath]).status == 200)
    }

    @Test func badCertificateFilesAreOneLine() throws {
        let site = try Site()
        defer { site.remove() }
        let garbage = site.directory.appendingPathComponent("garbage.pem").path
        try "not PEM".write(toFile: garbage, atomically: true, encoding: .utf8)
        for command in [["serve", site.directory.path], ["dev", site.directory.path]] {
            let missing = try ProcessRunner.gowasmServe(
                command + ["--port", "0", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", garbage], timeout: 30)
            #expect(missing.status == 66, "\(command)")
            #expect(
                missing.stderrText
                    == "gowasm-serve: --tls-cert/--tls-key: /nonexistent/cert.pem: not a usable PEM certificate (No such file or directory)\n"
            )
            let notPEM = try ProcessRunner.gowasmServe(
                command + ["--port", "0", "--tls-cert", garbage, "--tls-key", garbage], timeout: 30)
            #expect(notPEM.status == 66)
            #expect(
                notPEM.stderrText.hasPrefix(
                    "gowasm-serve: --tls-cert/--tls-key: \(garbage): not a usable PEM certificate ("))
            #expect(notPEM.stderrText.split(separator: "\n").count == 1)
            let alone = try ProcessRunner.gowasmServe(command + ["--port", "0", "--tls-cert", garbage], timeout: 30)
            #expect(alone.status == 64)
            #expect(
                alone.stderrText == "gowasm-serve: --tls-cert and --tls-key go together (see 'gowasm-serve --help')\n")
        }
    }

    /// Chromium loads the page over HTTPS, in a secure context, and compiles the wasm by streaming (which
    /// needs the exact `application/wasm`); it trusts the certificate by its public key's hash.
    @Test func chromiumLoadsThePageAndCompilesTheWasm() throws {
        let chromium = try Chromium.binary()
        let site = try Site()
        defer { site.remove() }
        let server = try site.serve()
        defer { server.stop() }
        let hash = try Chromium.spkiHash(ofCertificate: site.certificates.certificatePath)
        let page = try #require(URL(string: server.url))
        let dom = try Chromium.dumpDOM(
            of: page, chromium: chromium,
            extraArguments: ["--ignore-certificate-errors-spki-list=\(hash)", "--virtual-time-budget=5000"])
        #expect(dom.contains("<title>https: secure=true wasm=true</title>"), "\(dom)")
    }
}
