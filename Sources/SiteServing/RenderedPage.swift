import Compression
import DistLayout
import PrerenderCache

/// A pre-rendered page as served: in-memory bytes with their own content hash, and compressed variants.
struct RenderedPage: CachedRendering {
    let version: FileVersion
    let variants: [ContentCoding: Variant]

    /// `identity` is the page file's, with the newest modification time among the page and its inputs
    /// (Last-Modified moves when any of them does).
    init(_ bytes: [UInt8], page: String, identity: FileIdentity) {
        version = FileVersion(
            path: page, identity: identity, hash: ContentHash.of(bytes), size: bytes.count, bytes: bytes,
            isTransformed: true)
        // Pages are small and made once per build: the smallest variants, made now, off the connection loops.
        var variants: [ContentCoding: Variant] = [:]
        for coding in [ContentCoding.br, .gzip] {
            if let encoded = try? coding.encode(bytes, fast: false), encoded.count < bytes.count {
                variants[coding] = Variant(coding: coding, bytes: encoded, grade: .final)
            }
        }
        self.variants = variants
    }

    var heldBytes: Int {
        version.size + variants.values.reduce(0) { $0 + $1.bytes.count }  // gowasm: allow-trap: sizes of byte arrays held in memory: their sum cannot reach Int.max
    }
}
