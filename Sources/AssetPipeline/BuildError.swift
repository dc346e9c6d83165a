import Foundation

/// Why a build stopped. Each case reads as one line; the compiler's own output was already streamed.
public enum BuildError: Error, Equatable, CustomStringConvertible {
    case packageNotFound(path: String)
    case toolchainNotFound(detail: String)
    case toolchainFailed(command: String, detail: String)
    case compileFailed(package: String, output: String)
    case notMainPackage(package: String, name: String)
    case glueNotFound(checked: [String])
    case templateInvalid(path: String, detail: String)
    case outputNotADist(path: String)
    case fileSystem(operation: String, path: String, detail: String)
    case compression(file: String, detail: String)

    public var description: String {
        switch self {
        case .packageNotFound(let path):
            "package directory \(path) does not exist"
        case .toolchainNotFound(let detail):
            "no Go toolchain: \(detail) (install Go or pass --go PATH)"
        case .toolchainFailed(let command, let detail):
            "`\(command)` failed: \(detail)"
        case .compileFailed(let package, let output):
            "go build of \(package) failed" + Self.firstLine(of: output).map { ": \($0)" }.orEmpty
        case .notMainPackage(let package, let name):
            "\(package) is package \(name), not a main package: nothing to run in the browser"
        case .glueNotFound(let checked):
            "wasm_exec.js not found in the building toolchain (checked \(checked.joined(separator: " and ")))"
        case .templateInvalid(let path, let detail):
            "template \(path) is not valid mustache: \(detail)"
        case .outputNotADist(let path):
            "\(path) exists, is not empty and has no manifest.json: refusing to replace it (pick another -o)"
        case .fileSystem(let operation, let path, let detail):
            "cannot \(operation) \(path): \(detail)"
        case .compression(let file, let detail):
            "cannot compress \(file): \(detail)"
        }
    }

    /// The first line of compiler output that says something (skips `# package` headers).
    static func firstLine(of output: String) -> String? {
        output.split(separator: "\n").map(String.init).first { !$0.hasPrefix("#") && !$0.isEmpty }
    }
}

extension Optional where Wrapped == String {
    fileprivate var orEmpty: String { self ?? "" }
}

/// Runs a Foundation file operation, turning its untyped error into a `BuildError`.
func fileOperation<T>(_ operation: String, _ path: String, _ body: () throws -> T) throws(BuildError) -> T {
    do {
        return try body()
    } catch {
        throw .fileSystem(operation: operation, path: path, detail: describeFileError(error))
    }
}

/// A short reason for a Foundation error (its localized description without the domain noise).
func describeFileError(_ error: Error) -> String {
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return ns.localizedDescription
}
