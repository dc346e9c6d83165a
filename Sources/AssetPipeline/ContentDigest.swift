import Crypto
import Foundation

/// The two digests a dist needs of each file: a SHA-256 prefix for its name, a SHA-384 for SRI.
public struct ContentDigest: Sendable, Equatable {
    /// The first 16 hex digits of SHA-256: enough to make every content change change the name.
    public let nameHash: String
    /// `sha384-<standard base64>` (not base64url: browsers other than Chromium reject it).
    public let integrity: String

    public init(of bytes: some DataProtocol) {
        let sha256 = SHA256.hash(data: bytes)
        nameHash = sha256.prefix(8).map { String(format: "%02x", $0) }.joined()
        integrity = "sha384-" + Data(SHA384.hash(data: bytes)).base64EncodedString()
    }

    /// `main.wasm` → `main.<hash>.wasm`.
    public func hashedName(for logicalName: String) -> String {
        guard let dot = logicalName.lastIndex(of: ".") else { return "\(logicalName).\(nameHash)" }
        return "\(logicalName[..<dot]).\(nameHash)\(logicalName[dot...])"
    }
}
