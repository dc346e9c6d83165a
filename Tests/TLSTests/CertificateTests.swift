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
