import ArgumentParser
import Diagnostics
import Foundation
import GlueHost

/// `gowasm-serve run app.wasm [args...]`: a drop-in for Go's `go_js_wasm_exec` (node + wasm_exec_node.js),
/// usable as `go test -exec "gowasm-serve run"`. JavaScript is JavaScriptCore's; the glue is the toolchain's.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a GOOS=js GOARCH=wasm binary headless (a drop-in for go_js_wasm_exec).")

    @OptionGroup var engineOption: EngineOption

    @Option(help: "The wasm_exec.js to use (default: $GOROOT, else `go env GOROOT`; lib/wasm, then misc/wasm).")
    var glue: String?

    @Option(name: .customLong("max-memory"), help: "Largest linear memory in MiB the guest may grow to (interpreter).")
    var maxMemoryMiB: Int = 1024

    @Option(help: "Stop the run after this many seconds (exit 1).")
    var timeout: Double?

    @Flag(
        help: ArgumentHelp(
            "Start the program in a blank page (window, document, the web platform; fetch reads the working directory) with node's fs and process, for tests of DOM code.",
            discussion: "As a go test runner: go test -exec \"gowasm-serve run --browser\""))
    var browser = false

    @Flag(
        help: "Diagnose the run (js.Func leaks, frozen loops, memory, boundary cost...): a report on stderr at the end."
    )
    var diagnose = false

    @Option(name: .customLong("diagnose-json"), help: "Diagnose the run and write the report as JSON to this file.")
    var diagnoseJSON: String?

    @OptionGroup var thresholds: DiagnosisThresholdOptions

    /// The wasm binary, then its arguments, passed through untouched (go test adds `-test.*` flags).
    @Argument(parsing: .captureForPassthrough, help: "The wasm binary, then the program's arguments (os.Args[1:]).")
    var command: [String] = []

    func run() throws {
        guard let wasm = command.first else {
            throw CommandFailure(
                "usage: gowasm-serve run [--browser] [--engine interpreter|jit] [--glue FILE] [--max-memory MiB] [--timeout s] app.wasm [args...]",
                exitCode: 64)
        }
        // Everything after `run` is captured for the program, so help is recognised here.
        if wasm == "--help" || wasm == "-h" {
            print(Run.helpMessage())
            return
        }
        guard thresholds.frozenMilliseconds > 0 else {
            throw CommandFailure("--frozen-ms must be more than 0", exitCode: 64)
        }
        var program = try prepare(wasm: wasm)
        if let timeout { WallClockWatchdog.start(command: "run", seconds: timeout) }
        program.engine = engineOption.engine
        if browser { program.surface = .browser(files: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        program.limits.maxMemoryBytes = max(maxMemoryMiB, 1) << 20
        // The diagnosis times turns: the program's, not the interpreter's translation of what it reaches.
        program.limits.translatesEagerly = diagnose || diagnoseJSON != nil
        program.run()
    }

    /// Reads the module for the glue's ABI check (and the diagnosis) and sets up the program. The bytes are
    /// released when this returns: the glue reads the file itself, so keeping them would be one more copy of
    /// the module in memory for the whole run (2.5 MB for hello world, 3% of its peak RSS).
    private func prepare(wasm: String) throws -> GoProgram {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: wasm)))
        } catch {
            throw CommandFailure("cannot read \(wasm): \((error as NSError).localizedDescription)")
        }
        let environment = ProcessInfo.processInfo.environment
        let found: Glue
        do {
            found = try GlueLocator.glue(for: bytes, wasmPath: wasm, explicit: glue, environment: environment)
        } catch {
            throw CommandFailure("\(error)")
        }
        var program = GoProgram(
            wasm: wasm, arguments: Array(command.dropFirst()), environment: environment, glue: found)
        if diagnose || diagnoseJSON != nil { attachDiagnosis(to: &program, wasm: bytes, path: wasm) }
        return program
    }

    /// Installs the diagnosis layer before the glue and reports when the program ends; the exit code stays
    /// the program's.
    private func attachDiagnosis(to program: inout GoProgram, wasm bytes: [UInt8], path: String) {
        var output = DiagnosisOutput(table: diagnose, jsonPath: diagnoseJSON)
        output.thresholds.frozenMilliseconds = thresholds.frozenMilliseconds
        let diagnostics = GoDiagnostics(wasm: bytes, thresholds: output.thresholds)
        diagnostics.host = .process
        program.preludes.append(diagnostics.prelude)
        let finish = program.terminate
        let (name, engine) = (URL(fileURLWithPath: path).lastPathComponent, engineOption.engine.rawValue)
        program.terminate = { code in
            output.deliver(diagnostics.report(program: name, engine: engine, exitCode: Int(code)))
            finish(code)
        }
    }
}
