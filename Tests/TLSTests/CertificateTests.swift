import Foundation
import TLS
import TestSupport
import Testing

/// Certificates made with OpenSSL's C API, read back by us and checked by the `openssl` command.
@Suite struct CertificateTests {
    static let names = SubjectNames(
        dnsNames: ["localhost", "devbox", "devbox.local"], ipAddresses: ["127.0.0.1", "::1", "192.168.1.20"])
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theServerCertificateCoversItsNamesAndIsSignedByTheAuthority() throws {
        let authority = try CertificateMaker.makeAuthority(commonName: "test CA", validFrom: Self.now, days: 30)
        let server = try CertificateMaker.makeServerCertificate(
            for: Self.names, commonName: "localhost", signedBy: authority, validFrom: Self.now, days: 10)

        let summary = try CertificateSummary(pem: server.certificatePEM)
        #expect(summary.names == Self.names)
        #expect(!summary.isAuthority)
        #expect(summary.notBefore == Self.now)
        #expect(summary.notAfter == Self.now.addingTimeInterval(10 * 86_400))
        #expect(try CertificateSummary(pem: authority.certificatePEM).isAuthority)
        #expect(CertificateMaker.isSigned(server, by: authority))
        let stranger = try CertificateMaker.makeAuthority(commonName: "other CA", validFrom: Self.now, days: 30)
        #expect(!CertificateMaker.isSigned(server, by: stranger))
    }

    /// The `openssl` command, which shares no code path with ours above the library, reads the same.
    @Test func opensslReadsTheNamesUsagesAndChain() throws {
        let openssl = try requireTool("openssl")
        let directory = try Paths.temporaryDirectory("tls-openssl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date()
        let authority = try CertificateMaker.makeAuthority(
            commonName: "test CA", validFrom: now.addingTimeInterval(-60), days: 30)
        let server = try CertificateMaker.makeServerCertificate(
            for: Self.names, commonName: "localhost", signedBy: authority, validFrom: now.addingTimeInterval(-60),
            days: 10)
        let caFile = directory.appendingPathComponent("ca.pem")
        let certFile = directory.appendingPathComponent("cert.pem")
        try authority.certificatePEM.write(to: caFile, atomically: true, encoding: .utf8)
        try server.certificatePEM.write(to: certFile, atomically: true, encoding: .utf8)

        let text = try ProcessRunner.run(openssl, ["x509", "-in", certFile.path, "-noout", "-text"], timeout: 30)
        #expect(text.status == 0)
        let dump = text.stdoutText
        #expect(
            dump.contains(
                "DNS:localhost, DNS:devbox, DNS:devbox.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.20"
            ),
            "\(dump)")
        #expect(dump.contains("TLS Web Server Authentication"))
        #expect(dump.contains("CA:FALSE"))
        #expect(dump.contains("ecdsa-with-SHA256"))
        let caDump = try ProcessRunner.run(openssl, ["x509", "-in", caFile.path, "-noout", "-text"], timeout: 30)
            .stdoutText
        #expect(caDump.contains("CA:TRUE"))
        #expect(caDump.contains("Certificate Sign"))

        let verify = try ProcessRunner.run(
            openssl, ["verify", "-CAfile", caFile.path, "-purpose", "sslserver", certFile.path], timeout: 30)
        #expect(verify.status == 0, "\(verify.stdoutText) \(verify.stderrText)")
        #expect(verify.stdoutText.contains("OK"))
    }

    @Test func renewalDecisions() throws {
        let authority = try CertificateMaker.makeAuthority(commonName: "test CA", validFrom: Self.now, days: 30)
        let issued = try CertificateMaker.makeServerCertificate(
            for: Self.names, commonName: "localhost", signedBy: authority, validFrom: Self.now, days: 10)
        let summary = try CertificateSummary(pem: issued.certificatePEM)
        let day: TimeInterval = 86_400

        #expect(CertificateRenewal.reason(existing: nil, wanted: Self.names, now: Self.now) == .missing)
        #expect(CertificateRenewal.reason(existing: summary, wanted: Self.names, now: Self.now + day) == nil)
        let fewer = SubjectNames(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        #expect(CertificateRenewal.reason(existing: summary, wanted: fewer, now: Self.now + day) == nil)
        let moved = SubjectNames(dnsNames: ["localhost"], ipAddresses: ["10.0.0.5", "127.0.0.1"])
        #expect(
            CertificateRenewal.reason(existing: summary, wanted: moved, now: Self.now + day)
                == .namesNotCovered(["10.0.0.5"]))
        // The last day counts as run out: a session started then would see it expire.
        #expect(CertificateRenewal.reason(existing: summary, wanted: Self.names, now: Self.now + 9.5 * day) == .expired)
        #expect(CertificateRenewal.reason(existing: summary, wanted: Self.names, now: Self.now + 11 * day) == .expired)
        #expect(CertificateRenewal.reason(existing: summary, wanted: Self.names, now: Self.now - day) == .notYetValid)
    }

    @Test func namesAreCanonical() {
        let names = SubjectNames(
            dnsNames: ["LocalHost", "localhost", ""], ipAddresses: ["0:0::1", "::1", "fe80::1%eth0", "nonsense"])
        #expect(names.dnsNames == ["localhost"])
        #expect(names.ipAddresses == ["::1", "fe80::1"])
        let development = SubjectNames.developmentServer(
            hostName: "devbox", addresses: ["192.168.1.20", "fe80::2", "127.0.0.1"])
        #expect(development.dnsNames == ["localhost", "devbox", "devbox.local"])
        #expect(development.ipAddresses == ["127.0.0.1", "::1", "192.168.1.20"])
        #expect(
            SubjectNames.developmentServer(hostName: "box.example.org", addresses: []).dnsNames == [
                "localhost", "box.example.org",
            ])
    }
}

/// The certificate kept in the cache directory: made once, reused, made again when it no longer fits.
@Suite struct DevelopmentCertificateCacheTests {
    @Test func madeOnceReusedAndRenewedWhenTheNamesOrTheClockSaySo() throws {
        let directory = try Paths.temporaryDirectory("tls-cache")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = DevelopmentCertificates(directory: directory.appendingPathComponent("gowasm-serve/tls"))
        let names = SubjectNames.developmentServer(hostName: "devbox", addresses: ["192.168.1.20"])
        let now = Date()

        #expect(try store.prepare(covering: names, now: now) == .issued(.missing))
        let first = try String(contentsOfFile: store.certificatePath, encoding: .utf8)
        let authority = try String(contentsOfFile: store.authorityPath, encoding: .utf8)
        for key in [store.keyPath, store.directory.appendingPathComponent("ca-key.pem").path] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(key)")
        }
        let directoryMode =
            try FileManager.default.attributesOfItem(atPath: store.directory.path)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)

        #expect(try store.prepare(covering: names, now: now) == .reused)
        #expect(try String(contentsOfFile: store.certificatePath, encoding: .utf8) == first)

        let moved = SubjectNames.developmentServer(hostName: "devbox", addresses: ["10.1.2.3"])
        #expect(try store.prepare(covering: moved, now: now) == .issued(.namesNotCovered(["10.1.2.3"])))
        #expect(try String(contentsOfFile: store.authorityPath, encoding: .utf8) == authority, "the authority stays")
        #expect(
            try CertificateSummary(pem: String(contentsOfFile: store.certificatePath, encoding: .utf8)).names.covers(
                moved))

        let nextYear = now.addingTimeInterval(400 * 86_400)
        #expect(try store.prepare(covering: moved, now: nextYear) == .issued(.expired))
        #expect(try String(contentsOfFile: store.authorityPath, encoding: .utf8) == authority)

        // A lost authority is made again, and the certificate with it (the old one's signer is gone).
        try FileManager.default.removeItem(atPath: store.authorityPath)
        #expect(try store.prepare(covering: moved, now: nextYear) == .issued(.newAuthority))
        let newAuthority = try String(contentsOfFile: store.authorityPath, encoding: .utf8)
        #expect(newAuthority != authority)
        let served = try String(contentsOfFile: store.certificatePath, encoding: .utf8)
        #expect(
            CertificateMaker.isSigned(
                IssuedCertificate(certificatePEM: served, privateKeyPEM: ""),
                by: IssuedCertificate(certificatePEM: newAuthority, privateKeyPEM: "")))

        // Garbage in the cache is replaced, not served.
        try "not a certificate".write(toFile: store.certificatePath, atomically: true, encoding: .utf8)
        #expect(try store.prepare(covering: moved, now: nextYear) == .issued(.missing))
        _ = try TLSContext.server(certificatePath: store.certificatePath, keyPath: store.keyPath)
    }

    @Test func theCacheDirectoryFollowsXDG() {
        #expect(
            DevelopmentCertificates.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"])
                .path
                == "/x/cache/gowasm-serve/tls")
        #expect(
            DevelopmentCertificates.defaultDirectory(environment: ["HOME": "/home/u"]).path
                == "/home/u/.cache/gowasm-serve/tls")
        // The XDG spec ignores a relative value.
        #expect(
            DevelopmentCertificates.defaultDirectory(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/home/u"]).path
                == "/home/u/.cache/gowasm-serve/tls")
    }

    @Test func anUnwritableCacheIsOneLine() throws {
        let directory = try Paths.temporaryDirectory("tls-cache")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a-file")
        try Data().write(to: file)
        let store = DevelopmentCertificates(directory: file.appendingPathComponent("tls"))
        #expect {
            try store.prepare(covering: SubjectNames(dnsNames: ["localhost"], ipAddresses: []))
        } throws: { error in
            guard let error = error as? TLSError, case .cache = error else { return false }
            return !error.description.contains("\n")
        }
    }
}
