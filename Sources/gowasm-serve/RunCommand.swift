import ArgumentParser
import Foundation
import GoJSHost

/// `gowasm-serve run app.wasm [args...]`: a drop-in for Go's `go_js_wasm_exec` (node + wasm_exec_node.js),
/// usable as `go test -exec "gowasm-serve run"`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a GOOS=js GOARCH=wasm binary headless (a drop-in for go_js_wasm_exec).")

    @Option(name: .customLong("max-memory"), help: "Largest linear memory in MiB the guest may grow to.")
    var maxMemoryMiB: Int = 1024

    @Option(help: "Stop the run after this many seconds (exit 1).")
    var timeout: Double?

    /// The wasm binary, then its arguments, passed through untouched (go test adds `-test.*` flags).
    @Argument(parsing: .captureForPassthrough, help: "The wasm binary, then the program's arguments (os.Args[1:]).")
    var command: [String] = []

    func run() throws {
        guard let wasm = command.first else {
            throw CommandFailure("usage: gowasm-serve run [--max-memory MiB] [--timeout s] app.wasm [args...]", exitCode: 64)
        }
        // Everything after `run` is captured for the program, so help is recognised here.
        if wasm == "--help" || wasm == "-h" {
            print(Run.helpMessage())
            return
        }
        let arguments = Array(command.dropFirst())
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: wasm)))
        } catch {
            throw CommandFailure("cannot read \(wasm): \((error as NSError).localizedDescription)")
        }
        var config = GoJSConfiguration()
        config.arguments = [wasm] + arguments
        var environment = ProcessInfo.processInfo.environment
        if environment["TMPDIR"] == nil { environment["TMPDIR"] = NSTemporaryDirectory().trimmingTrailingSlash }
        config.environment = environment
        config.maxMemoryBytes = max(maxMemoryMiB, 1) << 20
        if let timeout { config.wallClockLimit = .milliseconds(Int(timeout * 1000)) }
        if let timeout { Self.startWatchdog(seconds: timeout) }

        let outcome: GoJSOutcome
        do {
            let runtime = try GoJSRuntime(module: bytes, configuration: config)
            outcome = try runtime.run()
        } catch {
            // As node's wrapper: the error on stderr, exit 1.
            throw CommandFailure("\(wasm): \(error)", exitCode: 1)
        }
        switch outcome {
        case .exited(let code): Foundation.exit(code)
        case .idle: Foundation.exit(0)
        case .budgetExhausted(let why): throw CommandFailure("\(wasm): run stopped: \(why)", exitCode: 1)
        }
    }

    /// A CPU-bound guest never returns to the event loop, so the time limit is also enforced from outside.
    private static func startWatchdog(seconds: Double) {
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds + 0.5)
            FileHandle.standardError.write(Data("gowasm-serve: run stopped: wall-clock limit of \(seconds)s reached\n".utf8))
            Foundation.exit(1)
        }
        thread.start()
    }
}

extension String {
    fileprivate var trimmingTrailingSlash: String {
        count > 1 && hasSuffix("/") ? String(dropLast()) : self
    }
}
