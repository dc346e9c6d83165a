// What can go wrong with TLS set-up, typed, each with a one-line description for the command line.
import COpenSSL

public enum TLSError: Error, Equatable, CustomStringConvertible {
    /// A certificate file that cannot be read or holds no PEM certificate.
    case certificateFile(path: String, reason: String)
    /// A key file that cannot be read or holds no PEM private key.
    case keyFile(path: String, reason: String)
    /// The key is not the certificate's.
    case keyMismatch(certificate: String, key: String)
    /// The certificate cache directory or its files cannot be written.
    case cache(path: String, reason: String)
    /// OpenSSL refused an operation that should not fail (out of memory, a broken installation).
    case library(operation: String, reason: String)

    public var description: String {
        switch self {
        case .certificateFile(let path, let reason): "\(path): not a usable PEM certificate (\(reason))"
        case .keyFile(let path, let reason): "\(path): not a usable PEM private key (\(reason))"
        case .keyMismatch(let certificate, let key): "\(key) is not the private key of \(certificate)"
        case .cache(let path, let reason): "cannot keep the TLS certificate in \(path): \(reason)"
        case .library(let operation, let reason): "OpenSSL \(operation) failed: \(reason)"
        }
    }
}

/// OpenSSL's per-thread error queue, read once per failure and then emptied, so a later call on this thread
/// does not see a stale error.
enum OpenSSLErrors {
    /// The oldest queued error: its reason code (for decisions) and text (for people).
    struct Queued {
        var reasonCode: Int32
        var reason: String
    }

    static func take() -> Queued {
        defer { ERR_clear_error() }
        let code = ERR_get_error()
        guard code != 0 else { return Queued(reasonCode: 0, reason: "unknown error") }
        let text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
        return Queued(reasonCode: ERR_GET_REASON(code), reason: text)
    }

    /// The oldest queued error's reason (`no start line`, `key values mismatch`).
    static func takeReason() -> String { take().reason }

    static func clear() { ERR_clear_error() }
}
