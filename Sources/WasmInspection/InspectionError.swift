/// Why a file could not be inspected. Each case says what is wrong with the input, never crashes on it.
public enum InspectionError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notWasm(firstBytes: [UInt8])
    case unsupportedVersion([UInt8])
    case truncated(offset: Int, context: String)
    case malformed(offset: Int?, detail: String)
    case glueUnreadable(path: String, reason: String)
    case glueHasNoImportObject(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .notWasm(let bytes):
            "not a WebAssembly module (starts with \(bytes.map { hex($0) }.joined(separator: " ")), expected 00 61 73 6d)"
        case .unsupportedVersion(let version):
            "unsupported WebAssembly version \(version.map { hex($0) }.joined(separator: " ")) (only core modules, version 1)"
        case .truncated(let offset, let context):
            "truncated WebAssembly module: \(context) runs past the end of the file at byte \(offset)"
        case .malformed(let offset, let detail):
            "malformed WebAssembly module" + (offset.map { " at byte \($0)" } ?? "") + ": \(detail)"
        case .glueUnreadable(let path, let reason):
            "cannot read glue \(path): \(reason)"
        case .glueHasNoImportObject(let path):
            "\(path) does not look like wasm_exec.js: no `importObject = { go|gojs: { ... } }` found"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}
