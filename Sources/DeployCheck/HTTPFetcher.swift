import CCurl
import Foundation
import InputSafety

/// Which server certificates `HTTPFetcher` accepts over https.
public enum CertificateTrust: Sendable, Equatable {
    /// The system's CA store.
    case system
    /// The system's CA store plus the certificates in a PEM file (a private CA, a self-signed test server).
    case systemAnd(caFile: String)
    /// No verification at all (`--insecure`): for test servers only.
    case anyCertificate
}

/// `check`'s one HTTP client, http and https, over libcurl (Debian `libcurl4-openssl-dev`), the only type
/// that touches the C API. Configured to see what the server sent byte for byte: no content decoding and no
/// Accept-Encoding of curl's own (the caller sends its own), header lines as received, no redirect followed
/// (a 3xx is the response), HTTP/2 when a TLS server offers it, and a cap on the body.
///
/// One easy handle, reused under a lock, so the many requests of one check share curl's connection cache.
public final class HTTPFetcher: ResponseFetcher, @unchecked Sendable {
    public let timeout: TimeInterval
    public let sizeLimit: Int
    private let trust: ResolvedTrust
    private let lock = NSLock()
    private let handle: UnsafeMutableRawPointer  // CURL *, guarded by `lock`
    private let curl: UnsafePointer<gowasm_curl_api>

    /// The trust as curl takes it: the system store plus a file's certificates become one PEM blob.
    private enum ResolvedTrust {
        case system
        case bundle([UInt8])
        case none
    }

    public init(trust: CertificateTrust = .system, timeout: TimeInterval = 15, sizeLimit: Int = 256 << 20)
        throws(FetchError)
    {
        let curl = try Self.library.get().api
        guard let handle = gowasm_curl_easy_init(curl) else {
            throw .malformedResponse(url: "", detail: "libcurl could not make a handle")
        }
        self.curl = curl
        self.handle = handle
        self.timeout = timeout
        self.sizeLimit = sizeLimit
        switch trust {
        case .system: self.trust = .system
        case .anyCertificate: self.trust = .none
        case .systemAnd(let caFile):
            do {
                self.trust = .bundle(try Self.bundle(systemStore: Self.defaultCAFile(curl, handle), adding: caFile))
            } catch {
                gowasm_curl_easy_cleanup(curl, handle)
                throw error
            }
        }
    }

    deinit { gowasm_curl_easy_cleanup(curl, handle) }

    /// libcurl, loaded and initialised once per process before the first handle (curl_global_init is not
    /// thread-safe; a `static let` runs once). Loaded, not linked: see CCurl's shim.
    private static let library: Result<LoadedCurl, FetchError> = {
        let api = UnsafeMutablePointer<gowasm_curl_api>.allocate(capacity: 1)  // kept for the process's life
        api.initialize(to: gowasm_curl_api())
        if let failure = gowasm_curl_load(api, soname) {
            return .failure(.clientUnavailable(library: soname, reason: String(cString: failure)))
        }
        _ = gowasm_curl_global_init(api, Int(CURL_GLOBAL_DEFAULT))
        return .success(LoadedCurl(api: UnsafePointer(api)))
    }()
    /// The entry-point table, written once while loading and only read after.
    private struct LoadedCurl: @unchecked Sendable {
        let api: UnsafePointer<gowasm_curl_api>
    }
    /// Debian's libcurl4 (the runtime half of libcurl4-openssl-dev).
    static let soname = "libcurl.so.4"

    public func fetch(_ url: URL, method: String, headers: [(String, String)]) throws(FetchError) -> FetchedResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host,
            !host.isEmpty
        else {
            throw .unsupportedURL(url.absoluteString)
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        lock.lock()
        defer { lock.unlock() }
        let transfer = Transfer(sizeLimit: sizeLimit)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        gowasm_curl_easy_reset(curl, handle)
        var list: UnsafeMutablePointer<curl_slist>?
        // curl adds `Accept: */*` unless told otherwise: an empty value removes a header curl would add.
        let sent =
            headers
            + (headers.contains { $0.0.caseInsensitiveCompare("Accept") == .orderedSame } ? [] : [("Accept", "")])
        for (name, value) in sent {
            list = gowasm_curl_slist_append(curl, list, value.isEmpty ? "\(name):" : "\(name): \(value)")
        }
        defer { gowasm_curl_slist_free_all(curl, list) }

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var setup = CURLE_OK
            func set(_ option: CURLoption, _ value: Int) {
                if setup == CURLE_OK { setup = gowasm_curl_setopt_long(curl, handle, option, value) }
            }
            func set(_ option: CURLoption, _ value: UnsafeRawPointer?) {
                if setup == CURLE_OK { setup = gowasm_curl_setopt_pointer(curl, handle, option, value) }
            }
            func set(_ option: CURLoption, _ value: String) {
                if setup == CURLE_OK {
                    setup = value.withCString { gowasm_curl_setopt_pointer(curl, handle, option, $0) }
                }  // curl copies strings
            }
            set(CURLOPT_URL, url.absoluteString)
            set(CURLOPT_PROTOCOLS_STR, "http,https")
            set(CURLOPT_NOSIGNAL, 1)
            set(CURLOPT_FOLLOWLOCATION, 0)
            set(CURLOPT_HTTP_CONTENT_DECODING, 0)
            set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
            // `check --timeout` may be anything the command line parses as a Double (1e300, nan).
            let milliseconds = Conversions.clamped(timeout * 1000, to: 1...Int(Int32.max))
            set(CURLOPT_TIMEOUT_MS, milliseconds)
            set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
            set(CURLOPT_HTTPHEADER, UnsafeRawPointer(list))
            set(CURLOPT_ERRORBUFFER, UnsafeRawPointer(errors.baseAddress))
            set(CURLOPT_HEADERDATA, UnsafeRawPointer(context))
            set(CURLOPT_WRITEDATA, UnsafeRawPointer(context))
            if setup == CURLE_OK {
                setup = gowasm_curl_setopt_callback(curl, handle, CURLOPT_HEADERFUNCTION) {
                    Transfer.receiveHeader($0, $1 * $2, $3)
                }
            }
            if setup == CURLE_OK {
                setup = gowasm_curl_setopt_callback(curl, handle, CURLOPT_WRITEFUNCTION) {
                    Transfer.receiveBody($0, $1 * $2, $3)
                }
            }
            switch method {
            case "GET": break
            case "HEAD": set(CURLOPT_NOBODY, 1)
            default: set(CURLOPT_CUSTOMREQUEST, method)
            }
            switch trust {
            case .system: break
            case .none:
                set(CURLOPT_SSL_VERIFYPEER, 0)
                set(CURLOPT_SSL_VERIFYHOST, 0)
            case .bundle(let pem):
                pem.withUnsafeBytes { bytes in
                    var blob = curl_blob(
                        data: UnsafeMutableRawPointer(mutating: bytes.baseAddress), len: bytes.count,
                        flags: UInt32(CURL_BLOB_COPY))
                    withUnsafePointer(to: &blob) { set(CURLOPT_CAINFO_BLOB, UnsafeRawPointer($0)) }
                }
            }
            guard setup == CURLE_OK else { return setup }
            return gowasm_curl_easy_perform(curl, handle)
        }
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard code == CURLE_OK else {
            throw classify(
                code, detail: detail.isEmpty ? String(cString: gowasm_curl_easy_strerror(curl, code)) : detail,
                transfer: transfer, url: url, host: host, port: port)
        }
        var status = 0
        _ = gowasm_curl_getinfo_long(curl, handle, CURLINFO_RESPONSE_CODE, &status)
        return FetchedResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    /// libcurl's outcome as the few failures `check` explains in one line.
    private func classify(_ code: CURLcode, detail: String, transfer: Transfer, url: URL, host: String, port: Int)
        -> FetchError
    {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return .cannotResolve(host: host)
        case CURLE_COULDNT_CONNECT:
            var osError = 0
            _ = gowasm_curl_getinfo_long(curl, handle, CURLINFO_OS_ERRNO, &osError)
            return .cannotConnect(
                host: host, port: port,
                reason: osError != 0 ? String(cString: strerror(Int32(clamping: osError))) : detail)
        case CURLE_PEER_FAILED_VERIFICATION:
            let reason = detail.hasPrefix("SSL certificate problem: ") ? String(detail.dropFirst(25)) : detail
            return .untrustedCertificate(host: host, port: port, reason: reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            return .tlsFailed(host: host, port: port, reason: detail)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: url.absoluteString)
        case CURLE_WRITE_ERROR where transfer.overLimit:
            return .responseTooLarge(url: url.absoluteString, limit: sizeLimit)
        default: return .malformedResponse(url: url.absoluteString, detail: detail)
        }
    }

    /// The system's CA bundle and the file's certificates as one PEM, so a private CA adds to the system
    /// store instead of replacing it (curl's CAINFO replaces).
    private static func bundle(systemStore: String?, adding caFile: String) throws(FetchError) -> [UInt8] {
        guard let added = FileManager.default.contents(atPath: caFile) else {
            throw .unreadableCAFile(path: caFile, reason: "no such readable file")
        }
        guard String(decoding: added, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw .unreadableCAFile(path: caFile, reason: "not a PEM certificate file (no BEGIN CERTIFICATE)")
        }
        let system = systemStore.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        return [UInt8](system) + [10] + [UInt8](added)
    }

    /// The CA bundle libcurl was built to use (Debian: /etc/ssl/certs/ca-certificates.crt).
    private static func defaultCAFile(_ curl: UnsafePointer<gowasm_curl_api>, _ handle: UnsafeMutableRawPointer)
        -> String?
    {
        var path: UnsafeMutablePointer<CChar>?
        guard gowasm_curl_getinfo_string(curl, handle, CURLINFO_CAINFO, &path) == CURLE_OK, let path else {
            return "/etc/ssl/certs/ca-certificates.crt"
        }
        return String(cString: path)
    }
}

/// What one transfer received, filled by libcurl's callbacks.
private final class Transfer {
    let sizeLimit: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    var overLimit = false

    init(sizeLimit: Int) { self.sizeLimit = sizeLimit }

    /// One header line as received (status line and final blank line included). A new status line starts
    /// a new header set, so a 100 Continue's headers are not the response's.
    static func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
        -> Int
    {
        guard let data, let context else { return length }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        if line.hasPrefix("HTTP/") {
            transfer.headers = []
        } else if let colon = line.firstIndex(of: ":") {
            transfer.headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return length
    }

    /// Body bytes as received (de-chunked by curl, never content-decoded); stops the transfer past the cap.
    static func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?)
        -> Int
    {
        guard let data, let context else { return length }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        guard transfer.body.count + length <= transfer.sizeLimit else {
            transfer.overLimit = true
            return 0  // anything but `length` makes curl stop with CURLE_WRITE_ERROR
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }
}
