/// A fast 64-bit content hash for ETags (xxHash64-style mixing over 8-byte words; not for security).
/// Strong ETags derive from it, so identical bytes get identical tags across rebuilds and restarts.
package struct ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private var state: UInt64 = 0x27D4_EB2F_1656_67C5
    private var length: UInt64 = 0
    /// Bytes left over from the last `update` that did not fill a word.
    private var pending: [UInt8] = []

    package init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)  // gowasm: allow-trap: a count, never negative
        var offset = 0
        if !pending.isEmpty {
            while pending.count < 8, offset < bytes.count {
                pending.append(bytes[offset])
                offset += 1
            }
            guard pending.count == 8 else { return }
            pending.withUnsafeBytes { mix($0.loadUnaligned(as: UInt64.self)) }
            pending.removeAll(keepingCapacity: true)
        }
        while offset + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        pending.append(contentsOf: bytes[offset...])
    }

    package mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    private mutating func mix(_ word: UInt64) {
        let lane = (UInt64(littleEndian: word) &* Self.prime2).rotated(31) &* Self.prime1
        state = (state ^ lane).rotated(27) &* Self.prime1 &+ Self.prime3
    }

    /// The digest as 16 lower-case hex digits.
    package func finalize() -> String {
        var hash = state ^ length
        for byte in pending { hash = (hash ^ (UInt64(byte) &* Self.prime3)).rotated(11) &* Self.prime1 }  // gowasm: allow-trap: UInt8 widened
        hash ^= hash >> 33
        hash &*= Self.prime2
        hash ^= hash >> 29
        hash &*= Self.prime3
        hash ^= hash >> 32
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    package static func of(_ bytes: [UInt8]) -> String {
        var hasher = ContentHash()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

extension UInt64 {
    fileprivate func rotated(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
