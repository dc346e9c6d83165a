// `serve --tls`: a certificate for this machine, made on first use and kept in the user's cache directory.
// A local certificate authority (made once, ten years) signs a server certificate for localhost, the host
// name and the LAN addresses; the server certificate is made again when it runs out or the names change
// (another network), while the authority a phone was told to trust stays the same.
import Foundation
import Glibc

public struct DevelopmentCertificates: Sendable {
    public let directory: URL

    public var authorityPath: String { directory.appendingPathComponent("ca.pem").path }
    var authorityKeyPath: String { directory.appendingPathComponent("ca-key.pem").path }
    public var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    public var keyPath: String { directory.appendingPathComponent("key.pem").path }

    static let authorityDays = 3650
    /// Under Apple's 398-day ceiling for server certificates.
    static let certificateDays = 397
    /// Backdated, for a phone whose clock is a little behind.
    static let backdating: TimeInterval = 3600

    public init(directory: URL) { self.directory = directory }

    /// `$XDG_CACHE_HOME/gowasm-serve/tls`, else `~/.cache/gowasm-serve/tls`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let cache: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            cache = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        }
        return cache.appendingPathComponent("gowasm-serve").appendingPathComponent("tls")
    }

    /// What `prepare` did.
    public enum Outcome: Sendable, Equatable {
        /// The kept certificate covers the names and is valid.
        case reused
        /// A new server certificate was made, for this reason.
        case issued(RenewalReason)
    }

    /// Makes sure `certificatePath`/`keyPath` hold a valid certificate covering `names`, signed by the
    /// authority in `authorityPath`, making whatever is missing. Serialized between processes by a lock file.
    public func prepare(covering names: SubjectNames, now: Date = Date()) throws(TLSError) -> Outcome {
        try makeDirectory()
        let lock = try FileLock(path: directory.appendingPathComponent("lock").path)
        defer { lock.release() }

        var authority = load(authorityPath, key: authorityKeyPath)
        var authorityIsNew = false
        if CertificateRenewal.reason(
            existing: authority.flatMap { try? CertificateSummary(pem: $0.certificatePEM) },
            wanted: nil, now: now) != nil
        {
            let made = try CertificateMaker.makeAuthority(
                commonName: "gowasm-serve development CA (\(SystemHostName.current() ?? "localhost"))",
                validFrom: now.addingTimeInterval(-Self.backdating), days: Self.authorityDays)
            try write(made, certificate: authorityPath, key: authorityKeyPath)
            authority = made
            authorityIsNew = true
        }
        guard let authority else { throw .cache(path: authorityPath, reason: "unreadable after writing") }

        let existing = load(certificatePath, key: keyPath)
        var reason = CertificateRenewal.reason(
            existing: existing.flatMap { try? CertificateSummary(pem: $0.certificatePEM) }, wanted: names, now: now)
        if reason == nil, authorityIsNew || existing.map({ !CertificateMaker.isSigned($0, by: authority) }) ?? true {
            reason = .newAuthority
        }
        guard let reason else { return .reused }
        let issued = try CertificateMaker.makeServerCertificate(
            for: names, commonName: names.dnsNames.first ?? "localhost", signedBy: authority,
            validFrom: now.addingTimeInterval(-Self.backdating), days: Self.certificateDays)
        try write(issued, certificate: certificatePath, key: keyPath)
        return .issued(reason)
    }

    // MARK: Files

    private func load(_ certificate: String, key: String) -> IssuedCertificate? {
        guard let certificatePEM = try? String(contentsOfFile: certificate, encoding: .utf8),
            let keyPEM = try? String(contentsOfFile: key, encoding: .utf8)
        else { return nil }
        return IssuedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
    }

    private func makeDirectory() throws(TLSError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cache(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// Each file through a temporary file and rename, the key created with mode 0600 (never readable by others,
    /// even for a moment).
    private func write(_ issued: IssuedCertificate, certificate: String, key: String) throws(TLSError) {
        try Self.writeAtomically(issued.privateKeyPEM, to: key, mode: 0o600)
        try Self.writeAtomically(issued.certificatePEM, to: certificate, mode: 0o644)
    }

    private static func writeAtomically(_ text: String, to path: String, mode: mode_t) throws(TLSError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .cache(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw .cache(path: path, reason: reason)
            }
            written += count
        }
        _ = fchmod(descriptor, mode)  // O_CREAT's mode is narrowed by the umask; a reused temporary keeps its own
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cache(path: path, reason: reason)
        }
    }
}

/// Why a certificate must be made (again).
public enum RenewalReason: Sendable, Equatable {
    case missing
    case expired
    /// Not valid yet (the clock went back, or a copy from another machine).
    case notYetValid
    /// Names it does not cover (another network's address, a renamed host).
    case namesNotCovered([String])
    /// The authority was made again, or did not sign it.
    case newAuthority
}

/// Whether a kept certificate can be used again (pure: the summary and the clock only).
public enum CertificateRenewal {
    /// Within this much of its end, a certificate is made again rather than let run out mid-session.
    public static let margin: TimeInterval = 86_400

    /// nil when `existing` can stay. `wanted` nil checks validity only (the authority).
    public static func reason(existing: CertificateSummary?, wanted: SubjectNames?, now: Date) -> RenewalReason? {
        guard let existing else { return .missing }
        if existing.notAfter <= now.addingTimeInterval(margin) { return .expired }
        if existing.notBefore > now { return .notYetValid }
        if let wanted, !existing.names.covers(wanted) {
            let have = existing.names
            let missing =
                wanted.dnsNames.filter { !have.dnsNames.contains($0) }
                + wanted.ipAddresses.filter { !have.ipAddresses.contains($0) }
            return .namesNotCovered(missing)
        }
        return nil
    }
}

extension SubjectNames {
    /// What `--tls` covers: localhost, this host's name (and its `.local` mDNS name), loopback and the given
    /// interface addresses (IPv6 link-local ones left out: a URL cannot carry their zone portably).
    public static func developmentServer(hostName: String?, addresses: [String]) -> SubjectNames {
        var dns = ["localhost"]
        if let hostName, !hostName.isEmpty, hostName != "localhost" {
            dns.append(hostName)
            if !hostName.contains(".") { dns.append(hostName + ".local") }
        }
        let usable = addresses.filter { !$0.lowercased().hasPrefix("fe80:") }
        return SubjectNames(dnsNames: dns, ipAddresses: ["127.0.0.1", "::1"] + usable)
    }
}

/// This machine's host name (gethostname(2)).
public enum SystemHostName {
    public static func current() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}

/// An exclusive flock(2) on a file, so two servers starting at once do not make two certificates.
private struct FileLock {
    let descriptor: Int32

    init(path: String) throws(TLSError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cache(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
