// The configuration every TLS connection of one side starts from (an OpenSSL SSL_CTX): the certificate and
// key, TLS 1.2 at least, ALPN. Immutable once made, so connections on every event loop share it.
import COpenSSL
import Glibc

public final class TLSContext: @unchecked Sendable {  // SSL_CTX is safe to share once configured
    let context: OpaquePointer

    /// The one application protocol spoken: HTTP/1.1 (RFC 7301 ALPN identifier).
    public static let applicationProtocol = "http/1.1"

    private init(method: OpaquePointer?) throws(TLSError) {
        OpenSSLErrors.clear()
        guard let method, let context = SSL_CTX_new(method) else {
            throw .library(operation: "SSL_CTX_new", reason: OpenSSLErrors.takeReason())
        }
        self.context = context
        gowasm_ssl_ctx_configure(context)
    }

    deinit { SSL_CTX_free(context) }

    /// A server context presenting `certificatePath` (PEM, the server's certificate first, then any
    /// intermediates) with the private key in `keyPath`. A file that is missing, not PEM, or a key that does
    /// not match the certificate is an error naming the file.
    public static func server(certificatePath: String, keyPath: String) throws(TLSError) -> TLSContext {
        let server = try TLSContext(method: TLS_server_method())
        try server.loadCertificate(certificatePath, keyPath: keyPath)
        SSL_CTX_set_alpn_select_cb(server.context, selectHTTP11, nil)
        return server
    }

    /// A client context that trusts only the PEM certificates in `trustedCertificatesPath` (or verifies
    /// nothing when nil) and offers `http/1.1` by ALPN. For tests and tools that talk to our own server.
    public static func client(trustedCertificatesPath: String?) throws(TLSError) -> TLSContext {
        let client = try TLSContext(method: TLS_client_method())
        if let trustedCertificatesPath {
            guard SSL_CTX_load_verify_locations(client.context, trustedCertificatesPath, nil) == 1 else {
                throw .certificateFile(path: trustedCertificatesPath, reason: OpenSSLErrors.takeReason())
            }
            SSL_CTX_set_verify(client.context, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(client.context, SSL_VERIFY_NONE, nil)
        }
        let offer = [UInt8(applicationProtocol.utf8.count)] + Array(applicationProtocol.utf8)
        guard SSL_CTX_set_alpn_protos(client.context, offer, UInt32(offer.count)) == 0 else {  // 0 is success here
            throw .library(operation: "SSL_CTX_set_alpn_protos", reason: OpenSSLErrors.takeReason())
        }
        return client
    }

    private func loadCertificate(_ certificatePath: String, keyPath: String) throws(TLSError) {
        OpenSSLErrors.clear()
        guard access(certificatePath, R_OK) == 0 else {
            throw .certificateFile(path: certificatePath, reason: String(cString: strerror(errno)))
        }
        guard access(keyPath, R_OK) == 0 else {
            throw .keyFile(path: keyPath, reason: String(cString: strerror(errno)))
        }
        guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1 else {
            throw .certificateFile(path: certificatePath, reason: OpenSSLErrors.takeReason())
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1 else {
            let error = OpenSSLErrors.take()
            if error.reasonCode == X509_R_KEY_VALUES_MISMATCH {
                throw .keyMismatch(certificate: certificatePath, key: keyPath)
            }
            throw .keyFile(path: keyPath, reason: error.reason)
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            OpenSSLErrors.clear()
            throw .keyMismatch(certificate: certificatePath, key: keyPath)
        }
    }

    /// A session over the connected, non-blocking socket `descriptor`, which stays the caller's to close.
    public func makeServerSession(socket descriptor: Int32) -> TLSSession? {
        TLSSession(context: self, socket: descriptor, role: .server)
    }

    /// A client session; `serverName` is sent by SNI and checked against the certificate (a DNS name or an IP
    /// address) when the context verifies.
    public func makeClientSession(socket descriptor: Int32, serverName: String) -> TLSSession? {
        TLSSession(context: self, socket: descriptor, role: .client(serverName: serverName))
    }
}

/// ALPN (RFC 7301): picks `http/1.1` from the client's list; a client that offers only other protocols
/// (h2 alone) gets no ALPN answer and may fall back to HTTP/1.1 or give up, as with a server without ALPN.
private let selectHTTP11:
    @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
        UnsafePointer<UInt8>?,
        UInt32, UnsafeMutableRawPointer?
    ) -> Int32 = { _, selected, selectedLength, offered, offeredLength, _ in
        guard let selected, let selectedLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
        let wanted = Array(TLSContext.applicationProtocol.utf8)
        var index = 0
        while index < Int(offeredLength) {
            let length = Int(offered[index])
            let start = index + 1
            guard start + length <= Int(offeredLength) else { break }
            if length == wanted.count, (0..<length).allSatisfy({ offered[start + $0] == wanted[$0] }) {
                selected.pointee = offered + start
                selectedLength.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            index = start + length
        }
        return SSL_TLSEXT_ERR_NOACK
    }
