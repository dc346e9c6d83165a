/// A content coding this project can produce and decode (RFC 9110 §8.4.1).
public enum ContentCoding: String, Sendable, CaseIterable, Hashable {
    case identity
    case gzip
    case br

    /// The file-name suffix precompressed siblings use (`main.wasm.br`, `main.wasm.gz`).
    public var siblingSuffix: String? {
        switch self {
        case .identity: nil
        case .gzip: ".gz"
        case .br: ".br"
        }
    }

    /// Encodes `bytes` with this coding. `fast` picks a quick setting for on-demand work
    /// (brotli 5 / gzip 6) instead of the smallest output (brotli 11 / gzip 9).
    /// `pause`, when given, is called between pieces of brotli's input (see `Brotli.compress`); gzip 9 is
    /// fast enough (a tenth of brotli 11's time) to run in one go.
    public func encode(_ bytes: [UInt8], fast: Bool = false, pause: (() -> Void)? = nil) throws(CompressionError)
        -> [UInt8]
    {
        switch self {
        case .identity: bytes
        case .gzip: try Gzip.compress(bytes, level: fast ? 6 : 9)
        case .br: try Brotli.compress(bytes, quality: fast ? 5 : 11, pause: pause)
        }
    }

    /// Decodes `bytes`, refusing to produce more than `limit` bytes (a decompression bomb guard).
    public func decode(_ bytes: [UInt8], limit: Int = 1 << 30) throws(CompressionError) -> [UInt8] {
        switch self {
        case .identity: bytes
        case .gzip: try Gzip.decompress(bytes, limit: limit)
        case .br: try Brotli.decompress(bytes, limit: limit)
        }
    }

    /// True when `bytes` start with this coding's magic number. Brotli has none, so any
    /// non-empty input that is not gzip is accepted for `.br`; callers confirm by decoding.
    public func matchesMagic(_ bytes: some Collection<UInt8>) -> Bool {
        switch self {
        case .identity: true
        case .gzip: bytes.starts(with: [0x1F, 0x8B])
        case .br: !bytes.isEmpty && !bytes.starts(with: [0x1F, 0x8B])
        }
    }
}

/// Why compressing or decompressing failed.
public enum CompressionError: Error, Equatable, CustomStringConvertible {
    case initializationFailed(coding: String, code: Int32)
    case corruptInput(coding: String, detail: String)
    case truncatedInput(coding: String)
    case outputLimitExceeded(coding: String, limit: Int)

    public var description: String {
        switch self {
        case .initializationFailed(let coding, let code): "\(coding): the library failed to initialise (code \(code))"
        case .corruptInput(let coding, let detail): "\(coding): corrupt input (\(detail))"
        case .truncatedInput(let coding): "\(coding): input ends before the end of the stream"
        case .outputLimitExceeded(let coding, let limit): "\(coding): output would exceed \(limit) bytes"
        }
    }
}
