import ArgumentParser
import AssetPipeline
import Diagnostics
import Foundation
import HTTPServer
import InputSafety
import SiteServing
import Synchronization
import WasmInspection

/// `gowasm-serve dev PKG`: build, serve, watch, rebuild, tell the open pages.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Build a Go package into a temporary dist, serve it, and rebuild and reload on every change.",
        discussion: """
            Watches the package's .go files, go.mod, go.sum, index.html and static/. A good build reloads open \
            pages (Server-Sent Events at /_gowasm/events); a failed one keeps the last good app and shows the \
            compiler's errors over the page until the next good build. A package that does not compile yet is \
            served as a waiting page with the errors over it until it does. Pages load the diagnosis layer \
            first: a panel of live counts (with a link to the build's size treemap at /_gowasm/sizes), and the \
            browser console (Go panics included) and findings printed here. After a rebuild that moves the \
            wasm's brotli size by more than 1%, one line says by how much and which package grew most.
            """
    )

    @Argument(help: "The Go main package directory.")
    var package: String

    @OptionGroup var server: ServerOptions

    @Option(name: .customLong("go"), help: "The go executable to build with (default: go on PATH).")
    var goExecutable: String?

    func run() throws {
        let configuration = try server.httpConfiguration()  // a bad --tls-cert fails before the first build
        let packageURL = URL(fileURLWithPath: package).standardizedFileURL
        let workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("gowasm-dev-\(getpid())-\(UUID().uuidString.prefix(8))")
        let dist = workspace.appendingPathComponent("dist")
        let session = DevSession(
            options: BuildOptions(
                package: packageURL, output: dist, goExecutable: goExecutable, keepSymbols: true, precompress: false),
            liveReload: LiveReload())
        do {
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            try session.firstBuild()
        } catch let failure as BuildError where failure.isFixableInSource {
            // Serve a waiting page with the errors over it; the first good build reloads it into the app.
            StandardError.writeLine("gowasm-serve: \(failure.description)")
            do {
                try WaitingDist.write(to: dist)
            } catch {
                try? FileManager.default.removeItem(at: workspace)
                throw CommandFailure(error.description)
            }
            session.liveReload.buildFailed(output: DevSession.overlayText(for: failure))
        } catch let failure as BuildError {
            try? FileManager.default.removeItem(at: workspace)
            throw CommandFailure(failure.description)
        }

        var siteOptions = SiteHandler.Options()
        siteOptions.liveReload = session.liveReload
        siteOptions.devPages = session.devPages
        siteOptions.injectLiveReload = true
        let diagnosis = DevDiagnosis(dist: dist)
        // Each entry in one write, so lines of concurrent reports do not interleave.
        siteOptions.pageDiagnosis = PageDiagnosis(script: diagnosis.pageScript) { entries in
            for entry in entries {
                let lines = entry.kind == .facts
                    ? diagnosis.findingLines(pageFacts: entry.text, page: entry.page).map { "[browser finding \(entry.page)] \($0)" }
                    : PageDiagnosis.terminalLines(for: entry)
                if !lines.isEmpty { StandardError.writeLine(lines.joined(separator: "\n")) }
            }
        }
        siteOptions.precompressAtStart = false  // dev: compress on demand, never wait for brotli 11
        siteOptions.singlePageApp = server.spa
        siteOptions.policy = try server.policy()
        let handler: SiteHandler
        do {
            handler = try SiteHandler(directory: dist.path, options: siteOptions)
        } catch {
            throw CommandFailure(error.description)
        }
        let httpServer = HTTPServer(
            configuration: configuration,
            handler: try server.handler(serving: handler, siteBodies: [PageDiagnosis.reportPath: PageDiagnosis.Limits().bodyBytes]))
        let signals = TerminationSignals()  // before the announcement: a script may signal as soon as it reads it
        let address: BoundAddress
        do {
            address = try httpServer.start()
        } catch {
            try? FileManager.default.removeItem(at: workspace)
            throw CommandFailure(error.description)
        }
        server.announce(serving: packageURL.path, at: address)

        // inotify with a 30 ms debounce; polling (and one line saying so) where inotify cannot watch.
        let watcher = SourceWatch.start(package: packageURL, log: { StandardError.writeLine($0) }) { session.rebuild() }
        httpServer.runUntilTerminated(by: signals)
        watcher.stop()
        try? FileManager.default.removeItem(at: workspace)
    }
}

/// Builds and rebuilds one package for the dev server, one build at a time, and tells the browsers.
final class DevSession: Sendable {
    /// The first build's, then with the glue it found, so rebuilds skip `go env GOROOT`.
    private let options: Mutex<BuildOptions>
    let liveReload: LiveReload
    let devPages = DevPages()
    private let queue = DispatchQueue(label: "gowasm-serve.dev-build")
    /// Size breakdowns run here, after the reload, at the lowest CPU priority (SiteServing's IdleWorker).
    private let sizesWorker = IdleWorker(name: "gowasm-dev-sizes")
    private let lastSizes = Mutex<SizeBreakdown?>(nil)
    /// The newest build's number: a size breakdown of an older build is dropped when it ends.
    private let buildNumber = Mutex(0)

    init(options: BuildOptions, liveReload: LiveReload) {
        self.options = Mutex(options)
        self.liveReload = liveReload
    }

    func firstBuild() throws(BuildError) {
        let report = try builder().build()
        options.withLock { $0.glue = report.glue }
        StandardError.writeLine("built \(report.files.count) files with \(report.goVersion ?? "Go")")
        updateSizes(report)
    }

    func rebuild() {
        queue.async { [self] in
            StandardError.writeLine("change detected: rebuilding")
            do throws(BuildError) {
                let report = try builder().build()
                StandardError.writeLine("rebuilt (\(report.files.count) files): reloading pages")
                liveReload.reload()
                updateSizes(report)
            } catch {
                StandardError.writeLine("gowasm-serve: \(error.description)")
                liveReload.buildFailed(output: Self.overlayText(for: error))
            }
        }
    }

    /// Refreshes the size view from the new build's wasm (brotli at the quick level, as dev compresses) and
    /// prints one line when the compressed size moved by more than 1%.
    ///
    /// The breakdown (brotli per package: a second of CPU for a 15 MB wasm) runs at the lowest priority, so it
    /// never delays the next build: on 2 cores it took the CPU the next edit's `go build` needed (edit to
    /// reload for a 15 MB app: +384 ms over `go build` with it at normal priority, +240 ms at nice 19).
    private func updateSizes(_ report: BuildReport) {
        guard let wasm = report.files.first(where: { $0.logicalName == DistBuilder.wasmName }) else { return }
        let path = report.output.appendingPathComponent(wasm.file).path
        let number = buildNumber.withLock { number in
            number += 1
            return number
        }
        sizesWorker.async { [self] in
            guard let breakdown = try? SizeBreakdown.analyse(path: path, compression: .quick),
                buildNumber.withLock({ $0 == number })
            else { return }
            devPages.set(DevPages.sizesPath, html: SizeReportHTML.render(breakdown, title: "\(DistBuilder.wasmName) (dev build)"))
            let previous = lastSizes.withLock { last in
                defer { last = breakdown }
                return last
            }
            if let previous, let line = SizeDiff(old: previous, new: breakdown).devLine(file: DistBuilder.wasmName) {
                StandardError.writeLine(line)
            }
        }
    }

    /// What the page's overlay shows: the compiler's own output when there is some, else the one-line error.
    static func overlayText(for error: BuildError) -> String {
        if case .compileFailed(package: _, output: let output) = error, !output.isEmpty { return output }
        return error.description
    }

    private func builder() -> DistBuilder {
        // The compiler quotes the package's source: escaped like every other line for the terminal.
        DistBuilder(options: options.withLock { $0 }) { chunk in FileHandle.standardError.write(Data(TerminalText.escaped(chunk).utf8)) }
    }
}

extension BuildError {
    /// Errors an edit of the package can fix, so `dev` keeps watching instead of exiting.
    var isFixableInSource: Bool {
        switch self {
        case .compileFailed, .notMainPackage: true
        default: false
        }
    }
}
