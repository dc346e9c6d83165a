import COpenSSL

/// The SHA-2 digests a dist needs (content-hashed names, SRI), computed by OpenSSL's libcrypto, which the
/// binary already links for `--tls`.
public enum SHA2: String, Sendable, CaseIterable {
    case sha256, sha384, sha512

    /// The digest of `bytes`.
    public func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let contiguous = bytes.withContiguousStorageIfAvailable { digest(of: $0) }
        return contiguous ?? digest(of: Array(bytes))
    }

    private func digest(of bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBufferPointer { digest(of: $0) } }

    private func digest(of bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // EVP_Digest only fails on allocation failure, which a Swift program cannot recover from either.
        let ok = out.withUnsafeMutableBufferPointer { buffer in
            EVP_Digest(bytes.baseAddress, bytes.count, buffer.baseAddress, &length, algorithm, nil)
        }
        precondition(ok == 1, "EVP_Digest(\(rawValue)) failed")
        return Array(out.prefix(Int(length)))
    }

    private var algorithm: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }
}

extension Sequence<UInt8> {
    /// Lower-case hex, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
