import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Which server certificates `HTTPSFetcher` accepts.
public enum CertificateTrust: Sendable, Equatable {
    /// The system's CA store.
    case system
    /// The system's CA store plus the certificates in a PEM file (a private CA, a self-signed test server).
    case systemAnd(caFile: String)
    /// No verification at all (`--insecure`): for test servers only.
    case anyCertificate
}

/// https for `check`, over AsyncHTTPClient and NIOSSL. Configured so that it sees what the server sent
/// byte for byte, like `HTTPFetcher` does for http: no decompression (AHC only decodes when given a
/// decompression setting), no redirect followed (a 3xx is the response), raw header names and values.
/// One client per fetcher, pooling connections across the many requests of one check; `shutdown()` it.
public final class HTTPSFetcher: ResponseFetcher {
    public let timeout: TimeInterval
    public let sizeLimit: Int
    private let client: HTTPClient

    public init(trust: CertificateTrust = .system, timeout: TimeInterval = 15, sizeLimit: Int = 256 << 20) throws(FetchError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch trust {
        case .system: break
        case .systemAnd(let caFile): tls.additionalTrustRoots = [.certificates(try Self.certificates(in: caFile))]
        case .anyCertificate: tls.certificateVerification = .none
        }
        let wait = TimeAmount.milliseconds(Int64(timeout * 1000))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: wait, read: wait),
            decompression: .disabled)
        // A failed connection or handshake is the answer for a one-shot check; retrying only delays it.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.timeout = timeout
        self.sizeLimit = min(sizeLimit, Int(UInt32.max))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the pooled connections. Fetches after this fail.
    public func shutdown() {
        try? client.syncShutdown()
    }

    deinit { shutdown() }

    public func fetch(_ url: URL, method: String, headers: [(String, String)]) throws(FetchError) -> FetchedResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw .unsupportedURL(url.absoluteString)
        }
        guard scheme == "https" else { throw .schemeNotHandled(url: url.absoluteString, scheme: scheme) }
        let port = url.port ?? 443
        do {
            let request = try HTTPClient.Request(
                url: url, method: HTTPMethod(rawValue: method), headers: HTTPHeaders(headers.map { ($0.0, $0.1) }))
            let accumulator = ResponseAccumulator(request: request, maxBodySize: sizeLimit)
            let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
            let response = try client.execute(request: request, delegate: accumulator, deadline: deadline).wait()
            return FetchedResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: response.body.map { Array($0.readableBytesView) } ?? [])
        } catch {
            throw Self.classify(error, url: url, host: host, port: port)
        }
    }

    /// AHC, NIO and NIOSSL errors as the few failures `check` explains in one line.
    static func classify(_ error: any Error, url: URL, host: String, port: Int) -> FetchError {
        switch error {
        case let error as NIOSSLError:
            if case .handshakeFailed(let reason) = error {
                let detail = "\(reason)"
                if detail.contains("CERTIFICATE_VERIFY_FAILED") {
                    return .untrustedCertificate(host: host, port: port, reason: "CERTIFICATE_VERIFY_FAILED")
                }
                return .tlsFailed(host: host, port: port, reason: detail)
            }
            return .tlsFailed(host: host, port: port, reason: "\(error)")
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return .untrustedCertificate(host: host, port: port, reason: "issued for another name than \(host)")
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return .cannotResolve(host: host)
            }
            let reasons = error.connectionErrors.map { failure in
                (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(failure.error)"
            }
            return .cannotConnect(host: host, port: port, reason: reasons.first ?? "no address")
        case let error as IOError:
            return .cannotConnect(host: host, port: port, reason: String(cString: strerror(error.errnoCode)))
        case let error as ResponseAccumulator.ResponseTooBigError:
            return .responseTooLarge(url: url.absoluteString, limit: error.maxBodySize)
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .readTimeout, .deadlineExceeded: return .timedOut(url: url.absoluteString)
            case .invalidURL, .emptyHost, .emptyScheme: return .unsupportedURL(url.absoluteString)
            default: return .malformedResponse(url: url.absoluteString, detail: "\(error)")
            }
        default:
            return .malformedResponse(url: url.absoluteString, detail: "\(error)")
        }
    }

    static func certificates(in caFile: String) throws(FetchError) -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw .unreadableCAFile(path: caFile, reason: "no such readable file")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw .unreadableCAFile(path: caFile, reason: "not a PEM certificate file (\(error))")
        }
        guard !certificates.isEmpty else { throw .unreadableCAFile(path: caFile, reason: "no certificate in it") }
        return certificates
    }
}
