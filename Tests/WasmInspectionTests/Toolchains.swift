import Foundation
import TestSupport

/// The Go binaries the tests inspect, built once per run (and cached across runs by TestSupport).
enum Binaries {
    static let hello = Paths.repository.appendingPathComponent("Examples/hello")
    static let wasip1 = Paths.fixtures.appendingPathComponent("inspect/wasip1")

    static func modern(stripped: Bool = false) throws -> URL {
        // Go ≥ 1.21 reads quoted values in GOFLAGS, so the usual `-s -w` works.
        try GoToolchain.modern.buildWasm(
            package: hello, extraEnvironment: stripped ? ["GOFLAGS": "-mod=mod '-ldflags=-s -w'"] : [:])
    }

    static func go119(stripped: Bool = false) throws -> URL {
        // Go 1.19's GOFLAGS cannot hold a space: `-s` alone is what drops the name section.
        try GoToolchain.go119.buildWasm(
            package: hello, extraEnvironment: stripped ? ["GOFLAGS": "-mod=mod -ldflags=-s"] : [:])
    }

    static func wasip1Binary() throws -> URL {
        try GoToolchain.modern.buildWasm(package: wasip1, extraEnvironment: ["GOOS": "wasip1"])
    }

    /// `go1.27.3` from `go version` (the reference the inspected version must equal).
    static func version(of toolchain: GoToolchain) throws -> String {
        let result = try ProcessRunner.run(toolchain.goBinary, ["version"], timeout: 60)
        let words = result.stdoutText.split(separator: " ")
        guard result.status == 0, words.count >= 3 else { throw MissingTool("\(toolchain.rawValue) Go") }
        return String(words[2])
    }

    static func glue(_ toolchain: GoToolchain) throws -> URL {
        try toolchain.glueDirectory().appendingPathComponent("wasm_exec.js")
    }
}
