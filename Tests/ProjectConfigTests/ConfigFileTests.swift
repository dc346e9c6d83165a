import Foundation
import TestSupport
import Testing

/// gowasm.toml: values for the flags of serve, dev, build and export, overridden by the command line;
/// an unknown key is an error naming it and its line.
@Suite(.serialized) struct ConfigFileTests {
    private func project(_ toml: String, name: String = "gowasm.toml") throws -> URL {
        let directory = try Paths.temporaryDirectory("gowasm-toml")
        try Data(toml.utf8).write(to: directory.appendingPathComponent(name))
        try Data("<!doctype html><title>t</title>\n".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: directory.appendingPathComponent("main.wasm"))
        return directory
    }

    /// Top-level keys and the [serve] table reach `serve`; the command line's --port (ServerProcess adds
    /// `--port 0`) wins over the file's.
    @Test func serveTakesTheFileAndTheCommandLineWins() throws {
        let directory = try project(
            """
            # shared by serve and dev
            port = 1
            header = ["X-From-File: yes", "X-Second: 2"]

            [serve]
            cors = true
            precompress = false
            quiet = true
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess(["serve", ".", "--header", "X-From-Flag: 1"], currentDirectory: directory)
        defer { server.stop() }
        #expect(server.port != 1)
        let head = try Curl.head("http://127.0.0.1:\(server.port)/main.wasm")
        #expect(head.values("X-From-File") == ["yes"])
        #expect(head.values("X-Second") == ["2"])
        #expect(head.values("X-From-Flag") == ["1"])
        #expect(head.values("Access-Control-Allow-Origin") == ["*"])
        #expect(server.stderrText == "", "quiet = true: no access log")
    }

    /// `gowasm-serve ./dist` (serve by default) reads the file too, and `--config` names another one.
    @Test func explicitConfigAndDefaultSubcommand() throws {
        let directory = try project("header = \"X-Named: 1\"\n", name: "other.toml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess([
            "--config", directory.appendingPathComponent("other.toml").path, directory.path, "--quiet",
        ])
        defer { server.stop() }
        #expect(try Curl.head("http://127.0.0.1:\(server.port)/").values("X-Named") == ["1"])

        let missing = try ProcessRunner.gowasmServe(
            ["serve", directory.path, "--config", "/nonexistent/gowasm.toml"], timeout: 30)
        #expect(missing.status == 64)
        #expect(missing.stderrText == "gowasm-serve: /nonexistent/gowasm.toml: cannot read the file\n")
    }

    @Test func exportTakesItsTable() throws {
        let directory = try project(
            """
            header = "X-Frame-Options: DENY"
            [export]
            listen = "127.0.0.1:9999"
            spa = true
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProcessRunner.gowasmServe(["export", "nginx", "."], currentDirectory: directory, timeout: 30)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("listen 127.0.0.1:9999;"))
        #expect(result.stdoutText.contains("add_header X-Frame-Options \"DENY\" always;"))
        #expect(result.stdoutText.contains("try_files $uri $uri/ /index.html;"))
        let overridden = try ProcessRunner.gowasmServe(
            ["export", "nginx", ".", "--listen", "8081"], currentDirectory: directory, timeout: 30)
        #expect(overridden.stdoutText.contains("listen 8081;"))
    }

    @Test(arguments: [
        ("port = 8080\nprot = 9000\n", "2: unknown key \"prot\": no command (build, dev, export, serve) has --prot"),
        ("port = 8080\n\n[serve]\nspa = true\ngo = \"/usr/bin/go\"\n", "5: unknown key \"go\": `serve` has no --go"),
        ("[deploy]\nspa = true\n", "1: unknown table [deploy]: the tables are [build], [dev], [export], [serve]"),
        ("spa = \"yes\"\n", "1: \"spa\" must be true or false"),
        ("port = [1, 2]\n", "1: \"port\" must be a string or a number"),
        ("port = = 1\n", "1: not valid TOML: "),
        // toml++ asserted on these (SIGABRT, found by fuzz-config): `}` and U+2028 where an array wants a value.
        ("header = [}]\n", "1: not valid TOML: `}` inside an array"),
        ("port = 8080\nheader = [\"X-A: 1\",\n\u{2028}\"X-B: 2\"]\n", "3: not valid TOML: U+2028 outside a string"),
        // and on a table header without a name; its check split lines at Characters, and "\r\n" is one.
        ("port = 8080\r\n[ \u{A7}]\r\n", "2: not valid TOML: a table header needs a name"),
    ])
    func badFileIsAOneLineUsageError(toml: String, message: String) throws {
        let directory = try project(toml)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Checked whichever command runs, so a typo in [serve] also stops `build`.
        for command in [["serve", "."], ["build", ".", "-o", "out"]] {
            let result = try ProcessRunner.gowasmServe(command, currentDirectory: directory, timeout: 30)
            #expect(result.status == 64, "\(command): \(result.stderrText)")
            let prefix = "gowasm-serve: \(directory.path)/gowasm.toml:\(message)"
            #expect(result.stderrText.hasPrefix(prefix), "\(command): \(result.stderrText)")
            #expect(result.stderrText.filter { $0 == "\n" }.count == 1, "\(result.stderrText)")
        }
    }

    /// The check for what toml++ asserts on skips strings and comments: braces, brackets and U+2028 there are
    /// valid TOML.
    @Test func bracesAndSeparatorsInStringsAndComments() throws {
        let directory = try project(
            """
            # a } and a \u{2028} in a comment
            header = [
              'X-A: a}b', # }
              "X-B: [}\\"\u{2028}",
              '''X-C: }''',
            ]
            [export]
            listen = "127.0.0.1:9999"
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProcessRunner.gowasmServe(["export", "nginx", "."], currentDirectory: directory, timeout: 30)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("listen 127.0.0.1:9999;"))
        #expect(result.stdoutText.contains("add_header X-A"), "\(result.stdoutText)")
    }

    /// Commands the file does not configure ignore it, even a broken one.
    @Test func otherCommandsIgnoreTheFile() throws {
        let directory = try project("prot = 1\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProcessRunner.gowasmServe(["version"], currentDirectory: directory, timeout: 30)
        #expect(result.status == 0, "\(result.stderrText)")
    }
}
