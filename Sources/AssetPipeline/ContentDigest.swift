import Foundation
import Hashing

/// The two digests a dist needs of each file: a SHA-256 prefix for its name, a SHA-384 for SRI.
public struct ContentDigest: Sendable, Equatable {
    /// The first 16 hex digits of SHA-256: enough to make every content change change the name.
    public let nameHash: String
    /// `sha384-<standard base64>` (not base64url: browsers other than Chromium reject it).
    public let integrity: String

    public init(of bytes: some DataProtocol) {
        nameHash = SHA2.sha256.hash(bytes).prefix(8).hexString
        integrity = "sha384-" + Data(SHA2.sha384.hash(bytes)).base64EncodedString()
    }

    /// `main.wasm` → `main.<hash>.wasm`.
    public func hashedName(for logicalName: String) -> String {
        guard let dot = logicalName.lastIndex(of: ".") else { return "\(logicalName).\(nameHash)" }
        return "\(logicalName[..<dot]).\(nameHash)\(logicalName[dot...])"
    }
}
