import Foundation
import TLS
import TestSupport
import Testing

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
