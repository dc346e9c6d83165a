import ArgumentParser
import AssetPipeline
import DevLoop
import DevServing
import Diagnostics
import Foundation
import HTTPServer
import InputSafety
import SiteServing

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
            liveReload: LiveReload(), log: { StandardError.writeLine($0) },
            compilerOutput: { FileHandle.standardError.write(Data($0.utf8)) })
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
        siteOptions.pageTransform = DevRoutes.pageTransform(liveReload: true, diagnosis: true)
        let diagnosis = DevDiagnosis(dist: dist)
        // Each entry in one write, so lines of concurrent reports do not interleave.
        let pageDiagnosis = PageDiagnosis(script: diagnosis.pageScript) { entries in
            for entry in entries {
                let lines =
                    entry.kind == .facts
                    ? diagnosis.findingLines(pageFacts: entry.text, page: entry.page).map {
                        "[browser finding \(entry.page)] \($0)"
                    }
                    : PageDiagnosis.terminalLines(for: entry)
                if !lines.isEmpty { StandardError.writeLine(lines.joined(separator: "\n")) }
            }
        }
        siteOptions.precompressAtStart = false  // dev: compress on demand, never wait for brotli 11
        siteOptions.singlePageApp = server.spa
        siteOptions.policy = try server.policy()
        let site: SiteHandler
        do {
            site = try SiteHandler(directory: dist.path, options: siteOptions)
        } catch {
            throw CommandFailure(error.description)
        }
        let handler = DevRoutes(
            site: site, liveReload: session.liveReload, pageDiagnosis: pageDiagnosis, devPages: session.devPages,
            policy: siteOptions.policy)
        let httpServer = HTTPServer(
            configuration: configuration,
            handler: try server.handler(
                serving: handler, siteBodies: [PageDiagnosis.reportPath: PageDiagnosis.Limits().bodyBytes]))
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
