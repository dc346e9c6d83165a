// Making and reading X.509 certificates with OpenSSL's C API (no `openssl` process): a local certificate
// authority, server certificates it signs for a set of names, and what an existing certificate covers.
import COpenSSL
import Foundation

/// A certificate and its private key, both PEM.
public struct IssuedCertificate: Sendable, Equatable {
    public var certificatePEM: String
    public var privateKeyPEM: String

    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// The names a server certificate is for: DNS names and IP addresses (subjectAltName entries).
public struct SubjectNames: Sendable, Equatable {
    public var dnsNames: [String]
    /// Canonical text (`inet_ntop`), IPv6 without brackets or zone.
    public var ipAddresses: [String]

    public init(dnsNames: [String], ipAddresses: [String]) {
        var seenDNS = Set<String>()
        self.dnsNames = dnsNames.map { $0.lowercased() }.filter { !$0.isEmpty && seenDNS.insert($0).inserted }
        var seenIP = Set<String>()
        self.ipAddresses = ipAddresses.compactMap(Self.canonicalAddress).filter { seenIP.insert($0).inserted }
    }

    /// Whether every name of `other` is among these.
    public func covers(_ other: SubjectNames) -> Bool {
        Set(other.dnsNames).isSubset(of: Set(dnsNames)) && Set(other.ipAddresses).isSubset(of: Set(ipAddresses))
    }

    /// `DNS:localhost,IP:127.0.0.1`, as OpenSSL's extension configuration reads it.
    var subjectAltNameConfiguration: String {
        (dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }).joined(separator: ",")
    }

    /// An IPv4 or IPv6 literal in canonical form; nil for anything else.
    static func canonicalAddress(_ text: String) -> String? {
        let literal = String(text.prefix { $0 != "%" })
        var raw = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, literal, &raw) == 1 { return raw.prefix(4).withUnsafeBytes { address(fromRaw: $0) } }
        if inet_pton(AF_INET6, literal, &raw) == 1 { return raw.withUnsafeBytes { address(fromRaw: $0) } }
        return nil
    }

    /// Canonical text of 4 or 16 raw address bytes (network order, as a certificate's iPAddress holds them).
    static func address(fromRaw bytes: UnsafeRawBufferPointer) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(family, bytes.baseAddress, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What a certificate says about itself, read back from PEM.
public struct CertificateSummary: Sendable, Equatable {
    public var notBefore: Date
    public var notAfter: Date
    public var names: SubjectNames
    public var isAuthority: Bool

    /// Reads the first certificate of `pem`.
    public init(pem: String) throws(TLSError) {
        let certificate = try X509Handle(pem: pem)
        guard let notBefore = Self.date(X509_get0_notBefore(certificate.pointer)),
            let notAfter = Self.date(X509_get0_notAfter(certificate.pointer))
        else { throw .certificateFile(path: "(certificate)", reason: "unreadable validity dates") }
        self.notBefore = notBefore
        self.notAfter = notAfter
        names = Self.subjectAltNames(certificate.pointer)
        isAuthority = X509_check_ca(certificate.pointer) != 0
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func subjectAltNames(_ certificate: OpaquePointer) -> SubjectNames {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else {
            return SubjectNames(dnsNames: [], ipAddresses: [])
        }
        let list = OpaquePointer(raw)
        defer { gowasm_general_names_free(list) }
        var dns: [String] = []
        var ips: [String] = []
        for index in 0..<gowasm_sk_general_name_num(list) {
            guard let entry = gowasm_sk_general_name_value(list, index) else { continue }
            switch entry.pointee.type {
            case GEN_DNS:
                if let text = string(entry.pointee.d.dNSName) { dns.append(text) }
            case GEN_IPADD:
                if let value = entry.pointee.d.iPAddress, let data = ASN1_STRING_get0_data(value) {
                    let bytes = UnsafeRawBufferPointer(start: data, count: Int(ASN1_STRING_length(value)))
                    if let address = SubjectNames.address(fromRaw: bytes) { ips.append(address) }
                }
            default:
                continue
            }
        }
        return SubjectNames(dnsNames: dns, ipAddresses: ips)
    }

    private static func string(_ value: UnsafeMutablePointer<ASN1_IA5STRING>?) -> String? {
        guard let value, let data = ASN1_STRING_get0_data(value) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(value))), as: UTF8.self)
    }
}

/// Makes keys and certificates: ECDSA P-256 keys, SHA-256 signatures, random 128-bit serials.
public enum CertificateMaker {
    /// A self-signed certificate authority (what a phone is told to trust, once).
    public static func makeAuthority(commonName: String, validFrom: Date, days: Int) throws(TLSError)
        -> IssuedCertificate
    {
        let key = try KeyHandle.generate()
        let certificate = try X509Handle.blank()
        try certificate.fill(commonName: commonName, publicKey: key, validFrom: validFrom, days: days)
        try certificate.issue(
            by: certificate,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
            ])
        try certificate.sign(with: key)
        return IssuedCertificate(certificatePEM: try certificate.pem(), privateKeyPEM: try key.pem())
    }

    /// A server certificate for `names`, signed by `authority`.
    public static func makeServerCertificate(
        for names: SubjectNames, commonName: String, signedBy authority: IssuedCertificate, validFrom: Date, days: Int
    ) throws(TLSError) -> IssuedCertificate {
        let authorityCertificate = try X509Handle(pem: authority.certificatePEM)
        let authorityKey = try KeyHandle(pem: authority.privateKeyPEM)
        let key = try KeyHandle.generate()
        let certificate = try X509Handle.blank()
        try certificate.fill(commonName: commonName, publicKey: key, validFrom: validFrom, days: days)
        guard X509_set_issuer_name(certificate.pointer, X509_get_subject_name(authorityCertificate.pointer)) == 1 else {
            throw .library(operation: "X509_set_issuer_name", reason: OpenSSLErrors.takeReason())
        }
        try certificate.issue(
            by: authorityCertificate,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth"),
                (NID_subject_alt_name, names.subjectAltNameConfiguration),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ])
        try certificate.sign(with: authorityKey)
        return IssuedCertificate(certificatePEM: try certificate.pem(), privateKeyPEM: try key.pem())
    }

    /// Whether `certificate` carries a valid signature of `authority`'s key.
    public static func isSigned(_ certificate: IssuedCertificate, by authority: IssuedCertificate) -> Bool {
        guard let leaf = try? X509Handle(pem: certificate.certificatePEM),
            let issuer = try? X509Handle(pem: authority.certificatePEM),
            let publicKey = X509_get0_pubkey(issuer.pointer)
        else { return false }
        defer { OpenSSLErrors.clear() }
        return X509_verify(leaf.pointer, publicKey) == 1
    }
}

// MARK: Owned OpenSSL objects

/// An EVP_PKEY, freed with its owner.
final class KeyHandle {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    static func generate() throws(TLSError) -> KeyHandle {
        OpenSSLErrors.clear()
        guard let key = gowasm_ec_p256_keygen() else {
            throw .library(operation: "EC P-256 key generation", reason: OpenSSLErrors.takeReason())
        }
        return KeyHandle(key)
    }

    convenience init(pem: String) throws(TLSError) {
        let bio = try MemoryBIO(pem)
        OpenSSLErrors.clear()
        guard let key = PEM_read_bio_PrivateKey(bio.pointer, nil, nil, nil) else {
            throw .keyFile(path: "(key)", reason: OpenSSLErrors.takeReason())
        }
        self.init(key)
    }

    func pem() throws(TLSError) -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw .library(operation: "PEM_write_bio_PrivateKey", reason: OpenSSLErrors.takeReason())
        }
        return bio.contents
    }
}

/// An X509, freed with its owner.
final class X509Handle {
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }

    static func blank() throws(TLSError) -> X509Handle {
        guard let certificate = X509_new() else {
            throw .library(operation: "X509_new", reason: OpenSSLErrors.takeReason())
        }
        return X509Handle(certificate)
    }

    convenience init(pem: String) throws(TLSError) {
        let bio = try MemoryBIO(pem)
        OpenSSLErrors.clear()
        guard let certificate = PEM_read_bio_X509(bio.pointer, nil, nil, nil) else {
            throw .certificateFile(path: "(certificate)", reason: OpenSSLErrors.takeReason())
        }
        self.init(certificate)
    }

    /// Version 3, a random serial, the subject, the validity window and the public key.
    func fill(commonName: String, publicKey: KeyHandle, validFrom: Date, days: Int) throws(TLSError) {
        OpenSSLErrors.clear()
        var serial = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&serial, Int32(serial.count)) == 1 else {
            throw .library(operation: "RAND_bytes", reason: OpenSSLErrors.takeReason())
        }
        serial[0] &= 0x7F  // a positive INTEGER of at most 16 bytes (RFC 5280 §4.1.2.2)
        let number = BN_bin2bn(serial, Int32(serial.count), nil)
        defer { BN_free(number) }
        let start = time_t(validFrom.timeIntervalSince1970)
        let end = start + time_t(days) * 86_400
        let subject = X509_get_subject_name(pointer)
        guard X509_set_version(pointer, 2) == 1,
            number != nil, BN_to_ASN1_INTEGER(number, X509_get_serialNumber(pointer)) != nil,
            ASN1_TIME_set(X509_getm_notBefore(pointer), start) != nil,
            ASN1_TIME_set(X509_getm_notAfter(pointer), end) != nil,
            X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, "gowasm-serve", -1, -1, 0) == 1,
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1,
            X509_set_issuer_name(pointer, subject) == 1,
            X509_set_pubkey(pointer, publicKey.pointer) == 1
        else { throw .library(operation: "filling a certificate", reason: OpenSSLErrors.takeReason()) }
    }

    /// Adds X.509v3 extensions, written as OpenSSL's configuration strings, in the context of `issuer`.
    func issue(by issuer: X509Handle, extensions: [(nid: Int32, value: String)]) throws(TLSError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer.pointer, pointer, nil, nil, 0)
        for (nid, value) in extensions {
            OpenSSLErrors.clear()
            guard let created = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw .library(operation: "X509V3_EXT_conf_nid(\(value))", reason: OpenSSLErrors.takeReason())
            }
            defer { X509_EXTENSION_free(created) }
            guard X509_add_ext(pointer, created, -1) == 1 else {
                throw .library(operation: "X509_add_ext", reason: OpenSSLErrors.takeReason())
            }
        }
    }

    func sign(with key: KeyHandle) throws(TLSError) {
        OpenSSLErrors.clear()
        guard X509_sign(pointer, key.pointer, EVP_sha256()) > 0 else {
            throw .library(operation: "X509_sign", reason: OpenSSLErrors.takeReason())
        }
    }

    func pem() throws(TLSError) -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509(bio.pointer, pointer) == 1 else {
            throw .library(operation: "PEM_write_bio_X509", reason: OpenSSLErrors.takeReason())
        }
        return bio.contents
    }
}

/// A memory BIO: PEM text in or out.
final class MemoryBIO {
    let pointer: OpaquePointer

    init() throws(TLSError) {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw .library(operation: "BIO_new", reason: OpenSSLErrors.takeReason())
        }
        pointer = bio
    }

    /// A BIO holding a copy of `text`.
    convenience init(_ text: String) throws(TLSError) {
        try self.init()
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { BIO_write(pointer, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else { throw .library(operation: "BIO_write", reason: OpenSSLErrors.takeReason()) }
    }

    deinit { BIO_free(pointer) }

    var contents: String {
        var data: UnsafeMutablePointer<CChar>?
        let count = gowasm_bio_get_mem_data(pointer, &data)
        guard let data, count > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }
}
