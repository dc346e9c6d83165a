import Compression
import Foundation

/// Writes `.br` and `.gz` siblings next to files whose type compresses, keeping only siblings that are
/// smaller than the original (a sibling that is not smaller is never worth serving).
public struct Precompressor: Sendable {
    /// Extensions of types that gain from compression; images, fonts and archives are already compressed.
    public static let compressibleExtensions: Set<String> = [
        "html", "htm", "js", "mjs", "css", "json", "map", "wasm", "svg", "txt", "xml", "csv", "md", "ico",
        "webmanifest",
    ]

    /// `fast` trades size for time (dev builds): brotli 5 / gzip 6 instead of brotli 11 / gzip 9.
    public let fast: Bool
    public init(fast: Bool) { self.fast = fast }

    public static func isCompressible(_ fileName: String) -> Bool {
        guard let dot = fileName.lastIndex(of: ".") else { return false }
        return compressibleExtensions.contains(fileName[fileName.index(after: dot)...].lowercased())
    }

    /// The sizes of the siblings written for `file` (nil: none written, not smaller or not compressible).
    public struct Sizes: Sendable, Equatable, Codable {
        public var br: Int?
        public var gzip: Int?
    }

    public func compress(_ file: URL, bytes: [UInt8]) throws(BuildError) -> Sizes {
        guard Self.isCompressible(file.lastPathComponent) else { return Sizes() }
        var sizes = Sizes()
        // brotli 11 on a multi-megabyte wasm takes seconds: run both codings at once.
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let coding: ContentCoding = index == 0 ? .br : .gzip
            do throws(CompressionError) {
                results.set(coding, .success(try coding.encode(bytes, fast: fast)))
            } catch {
                results.set(coding, .failure(error))
            }
        }
        for coding in [ContentCoding.br, .gzip] {
            guard let result = results.get(coding), let suffix = coding.siblingSuffix else { continue }
            let encoded: [UInt8]
            switch result {
            case .success(let value): encoded = value
            case .failure(let error): throw .compression(file: file.lastPathComponent, detail: error.description)
            }
            guard encoded.count < bytes.count else { continue }
            let sibling = URL(fileURLWithPath: file.path + suffix)
            try fileOperation("write", sibling.path) { try Data(encoded).write(to: sibling) }
            if coding == .br { sizes.br = encoded.count } else { sizes.gzip = encoded.count }
        }
        return sizes
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ContentCoding: Result<[UInt8], CompressionError>] = [:]
    func set(_ coding: ContentCoding, _ result: Result<[UInt8], CompressionError>) {
        lock.withLock { results[coding] = result }
    }
    func get(_ coding: ContentCoding) -> Result<[UInt8], CompressionError>? { lock.withLock { results[coding] } }
}
