import ArgumentParser
import AssetPipeline
import Diagnostics
import Foundation
import Prerender
import RenderChildSide

/// `gowasm-serve prerender DIST -o OUT --route /r ...`: the dist with each route's page replaced by the
/// HTML the app renders; `--stdout` prints one route's page instead (what `serve --prerender` runs).
struct PrerenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prerender",
        abstract:
            "Load a dist's pages as a browser does (their scripts start the Go wasm) and write the HTML rendered.",
        discussion: """
            Writes OUT/index.html for /, OUT/route/index.html for other routes, and copies the rest of the dist \
            (hashed files untouched; .br/.gz of rewritten pages regenerated; manifest.json updated). Fetches \
            of the app's own origin are served from the dist; other origins fail as network errors. On any \
            failure OUT is left exactly as it was. With --stdout, one route's page goes to stdout.
            """
    )

    @Argument(help: "The dist directory (from gowasm-serve build, or any page that loads a Go wasm).")
    var dist: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "The directory to create or replace.")
    var output: String?

    @Option(name: .customLong("route"), help: "A route to pre-render (repeatable; default /).")
    var routes: [String] = []

    @Option(help: "Virtual time in seconds within which the app's timers still run.")
    var budget: Double = 2

    @Option(help: "Real time in seconds a route's pre-render may take.")
    var timeout: Double = 10

    @Option(
        name: .customLong("instruction-limit"),
        help: "Wasm instructions a route may run before it is stopped as a busy loop (0: no limit, the watchdog alone)."
    )
    var instructionLimit: UInt64 = 20_000_000_000

    @Flag(help: "Print the single route's page on stdout instead of writing a directory.")
    var stdout = false

    @Option(
        name: .customLong("memory-limit"),
        help: ArgumentHelp("MiB of wasm memory the app may grow to.", valueName: "MiB"))
    var memoryLimit: Int = PrerenderOptions().maxMemoryBytes >> 20

    @OptionGroup var engineOption: EngineOption

    @Flag(
        help:
            "Diagnose each route's app (js.Func leaks, memory, boundary cost...): a report on stderr after its render.")
    var diagnose = false

    @Option(
        name: .customLong("diagnose-json"),
        help: "Diagnose the route's app and write the report as JSON to this file (one route).")
    var diagnoseJSON: String?

    @OptionGroup var thresholds: DiagnosisThresholdOptions

    @Option(help: .hidden)
    var page: String?

    /// Scripts evaluated before the page's first script (`PrerenderOptions.preludes`): how other commands
    /// of this executable (diagnostics) hook a render. Repeatable; read from files.
    @Option(name: .customLong("prelude"), help: .hidden)
    var preludes: [String] = []

    /// Set by `serve --prerender` (see `RenderChild`): sandbox this process, report on fd 3.
    @Option(name: .customLong("render-child"), help: .hidden)
    var renderChild: String?

    func validate() throws {
        if stdout {
            guard output == nil else { throw ValidationError("--stdout and -o are exclusive") }
            guard routes.count <= 1 else { throw ValidationError("--stdout renders one route") }
        } else if output == nil {
            throw ValidationError("missing -o OUT (or --stdout)")
        }
        guard budget >= 0, budget.isFinite, timeout > 0, timeout.isFinite else {
            throw ValidationError("--budget and --timeout take a number of seconds")
        }
        guard memoryLimit > 0 else { throw ValidationError("--memory-limit takes a positive number of MiB") }
        if page != nil || renderChild != nil {
            guard stdout else { throw ValidationError("--page and --render-child go with --stdout") }
        }
        guard thresholds.frozenMilliseconds > 0 else { throw ValidationError("--frozen-ms must be more than 0") }
        if diagnoseJSON != nil, routes.count > 1 { throw ValidationError("--diagnose-json diagnoses one route") }
        if renderChild != nil, diagnose || diagnoseJSON != nil {
            throw ValidationError("--render-child does not diagnose")
        }
        for route in routes where !route.hasPrefix("/") {
            throw ValidationError("route \(route) must start with /")
        }
    }

    func run() throws {
        var options = self.options
        for file in preludes {
            guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("cannot read the prelude \(file)")
            }
            options.preludes.append(source)
        }
        if let renderChild {
            let route = routes.first ?? "/"
            let prerenderer = Prerenderer(dist: URL(fileURLWithPath: dist), options: options)
            Foundation.exit(
                RenderChild.run(sandbox: renderChild, route: route) { () throws(PrerenderError) in
                    WallClockWatchdog.start(command: "prerender", seconds: timeout + 2)
                    return try prerenderer.render(route: route, page: page)
                })
        }
        let distURL = URL(fileURLWithPath: dist)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: distURL.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CommandFailure("\(dist) is not a directory")
        }
        let routes = self.routes.isEmpty ? ["/"] : self.routes
        let prerenderer = Prerenderer(dist: distURL, options: options)
        WallClockWatchdog.start(command: "prerender", seconds: timeout * Double(routes.count) + 2)

        var pages: [PrerenderedPage] = []
        let diagnosis = self.diagnosis
        for route in routes {
            // Each route's page is its own app: its own diagnosis, reported once its render ended either way.
            let diagnostics = diagnosis.isEnabled ? GoDiagnostics(thresholds: diagnosis.thresholds) : nil
            defer {
                if let diagnostics {
                    diagnosis.deliver(
                        diagnostics.report(program: route, engine: engineOption.engine.rawValue, exitCode: nil))
                }
            }
            do {
                pages.append(
                    try prerenderer.render(
                        route: route, storedAs: stdout ? nil : PrerenderedDist.file(for: route), page: page,
                        preparing: diagnostics.map { [$0.prelude] } ?? []))
            } catch {
                let line = error.description.split(separator: "\n").first.map(String.init) ?? error.description
                throw CommandFailure("\(route): \(line)")
            }
        }
        if stdout {
            FileHandle.standardOutput.write(Data(pages[0].html.utf8))
            return
        }
        guard let output else { return }
        do {
            try PrerenderedDist(dist: distURL, output: URL(fileURLWithPath: output)).write(
                pages.map { ($0.route, $0.html) })
        } catch {
            throw CommandFailure(error.description)
        }
        for page in pages {
            let note = page.stoppedAtVirtualTimeBudget ? " (timers still pending at the \(budget)s budget)" : ""
            print("\(page.route) -> \(PrerenderedDist.file(for: page.route))\(note)")
        }
    }

    private var diagnosis: DiagnosisOutput {
        var output = DiagnosisOutput(table: diagnose, jsonPath: diagnoseJSON)
        output.thresholds.frozenMilliseconds = thresholds.frozenMilliseconds
        return output
    }

    private var options: PrerenderOptions {
        var options = PrerenderOptions()
        options.virtualTimeBudget = .milliseconds(Int((budget * 1000).rounded()))
        options.wallClockLimit = .milliseconds(Int((timeout * 1000).rounded()))
        options.instructionLimit = instructionLimit == 0 ? nil : instructionLimit
        options.maxMemoryBytes = memoryLimit << 20
        options.engine = engineOption.engine
        // The diagnosis times turns: the program's, not the interpreter's translation of what it reaches.
        options.translatesEagerly = diagnose || diagnoseJSON != nil
        return options
    }
}
