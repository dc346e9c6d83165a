import Foundation
import TestSupport
import Testing

/// Each bad input: a one-line `gowasm-serve:` error, a non-zero exit, and OUT exactly as it was.
@Suite(.serialized) final class BadInputTests {
    /// OUT holding an earlier good build, and its snapshot.
    private func previousDist() throws -> (dist: URL, snapshot: [String: String]) {
        let dist = try Paths.temporaryDirectory("bad-input").appendingPathComponent("dist")
        try FileManager.default.copyItem(at: DistFixture.shared("app", .go119).dist, to: dist)
        return (dist, try DistFixture.snapshot(dist))
    }

    private func assertFails(
        _ arguments: [String], environment: [String: String]? = nil, message: String, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> ProcessResult {
        let (dist, snapshot) = try previousDist()
        let result = try ProcessRunner.gowasmServe(
            ["build"] + arguments + ["-o", dist.path], environment: environment, timeout: 300)
        #expect(result.status != 0)
        let lastLine = result.stderrText.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine.hasPrefix("gowasm-serve: "), "\(result.stderrText)")
        #expect(lastLine.contains(message), "expected \"\(message)\" in: \(lastLine)")
        #expect(try DistFixture.snapshot(dist) == snapshot, "OUT changed")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dist.deletingLastPathComponent().path)
        #expect(siblings == ["dist"], "staging directory left behind")
        return result
    }

    @Test func missingPackage() throws {
        let missing = DistFixture.package("does-not-exist").path
        _ = try assertFails(
            [missing, "--go", GoToolchain.modern.goBinary.path], message: "package directory \(missing) does not exist")
    }

    @Test func packageThatDoesNotCompileStreamsTheCompilerError() throws {
        for toolchain in GoToolchain.allCases {
            let result = try assertFails(
                [DistFixture.package("broken").path, "--go", toolchain.goBinary.path], message: "go build of")
            // The compiler's own diagnostic reached the user (streamed), with file and line.
            #expect(result.stderrText.contains("main.go:5:"), "\(result.stderrText)")
            #expect(result.stderrText.split(separator: "\n").filter { $0.hasPrefix("gowasm-serve:") }.count == 1)
        }
    }

    @Test func packageThatIsNotMain() throws {
        for toolchain in GoToolchain.allCases {
            _ = try assertFails(
                [DistFixture.package("notmain").path, "--go", toolchain.goBinary.path],
                message: "is package notmain, not a main package")
        }
    }

    @Test func missingToolchain() throws {
        _ = try assertFails(
            [DistFixture.package("app").path, "--go", "/nonexistent/go"],
            message: "no Go toolchain: --go /nonexistent/go")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent-bin"
        _ = try assertFails([DistFixture.package("app").path], environment: environment, message: "`go` is not on PATH")
    }

    @Test func toolchainWithoutGlue() throws {
        // A GOROOT with a go binary but no wasm_exec.js in lib/wasm or misc/wasm.
        let root = try Paths.temporaryDirectory("fake-goroot")
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let realGo = GoToolchain.modern.goBinary.path
        let script = """
            #!/bin/sh
            if [ "$1" = env ] && [ "$2" = GOROOT ]; then echo "\(root.path)"; exit 0; fi
            exec "\(realGo)" "$@"
            """
        let fakeGo = bin.appendingPathComponent("go")
        try script.write(to: fakeGo, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeGo.path)
        _ = try assertFails(
            [DistFixture.package("app").path, "--go", fakeGo.path],
            message: "wasm_exec.js not found in the building toolchain (checked \(root.path)/lib/wasm/wasm_exec.js and "
                + "\(root.path)/misc/wasm/wasm_exec.js)")
    }

    @Test func refusesToReplaceADirectoryThatIsNotADist() throws {
        let out = try Paths.temporaryDirectory("not-a-dist")
        let precious = out.appendingPathComponent("notes.txt")
        try "keep me".write(to: precious, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.gowasmServe(
            ["build", DistFixture.package("app").path, "-o", out.path, "--go", GoToolchain.modern.goBinary.path])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("has no manifest.json: refusing to replace it"), "\(result.stderrText)")
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
    }
}
