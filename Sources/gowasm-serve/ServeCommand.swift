import ArgumentParser
import DistLayout
import Foundation
import HTTPServer
import PageRendering
import PrerenderCache
import RenderProcess
import SiteServing
import WasmEngines

/// `gowasm-serve [serve] <dir>`: serves a dist folder until SIGINT/SIGTERM, then exits 0.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a dist folder the way production should (the default subcommand).",
        discussion: """
            The first line on stdout is exactly `Serving <dir> at http://<host>:<port>/` (https:// with --tls); one access-log line per \
            request goes to stderr (--quiet silences it). SIGINT or SIGTERM stops accepting, lets responses in \
            flight finish, and exits 0.
            """)

    @Argument(help: "The folder to serve (a built dist).")
    var directory: String

    @OptionGroup var server: ServerOptions

    @Option(
        help:
            "Open connections at most (lowered to what RLIMIT_NOFILE allows); at the cap an idle or stalled connection makes room, and only when every one is busy does a newcomer get a 503."
    )
    var maxConnections: Int = HTTPServer.Configuration.defaultMaxConnections

    @Option(help: "Seconds a client may take to send a request head.")
    var headerTimeout: Int = 10

    @Option(help: "Seconds an idle keep-alive connection stays open.")
    var idleTimeout: Int = 30

    @Option(help: "MiB of memory for cached files and compressed variants.")
    var cacheMemory: Int = VariantStore.Limits().memory >> 20

    @Flag(inversion: .prefixedNo, help: "Compress compressible files in the background at start.")
    var precompress = true

    @Flag(
        help: """
            Pre-render HTML pages: load the page for the requested route as a browser does (its scripts start its \
            Go wasm against a headless DOM) and send the \
            HTML it renders (cached per route and per content of the page, its scripts and wasm). A page whose \
            render fails or runs out of budget is served plain, with one `prerender <route>: <why>` line on stderr.
            """)
    var prerender = false

    @Option(
        help: ArgumentHelp("Seconds of wall clock one pre-render may take before it is stopped.", valueName: "seconds"))
    var prerenderBudget: Double = 2

    @Option(
        help: ArgumentHelp(
            "MiB one pre-render may use (its wasm memory, and its process's resident memory).", valueName: "MiB"))
    var prerenderMemory: Int = 1024

    @Option(help: ArgumentHelp("MiB all pre-renders running at once may use together.", valueName: "MiB"))
    var prerenderTotalMemory: Int = 2048

    @Option(
        help: ArgumentHelp(
            "Pre-renders started per minute at most; beyond, pages are served plain.", valueName: "renders"))
    var prerenderRate: Int = Prerendering.Limits().rendersPerMinute

    @Option(help: ArgumentHelp("Routes whose rendering is kept in memory.", valueName: "routes"))
    var prerenderCache: Int = Prerendering.Limits().pages

    @Option(
        help: "Which engine runs a pre-render's wasm: interpreter (WasmKit, the default) or jit (JavaScriptCore's own)."
    )
    var prerenderEngine: WasmEngine = .interpreter

    func validate() throws {
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
        guard headerTimeout > 0, idleTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard cacheMemory >= 0 else { throw ValidationError("--cache-memory must not be negative") }
        guard prerenderBudget > 0, prerenderBudget <= 3600 else {
            throw ValidationError("--prerender-budget must be more than 0 and at most 3600 seconds")
        }
        guard prerenderMemory >= 64 else { throw ValidationError("--prerender-memory must be at least 64 MiB") }
        guard prerenderCache > 0 else { throw ValidationError("--prerender-cache must be positive") }
        guard prerenderTotalMemory >= prerenderMemory else {
            throw ValidationError("--prerender-total-memory must be at least --prerender-memory")
        }
        guard prerenderRate > 0 else { throw ValidationError("--prerender-rate must be positive") }
    }

    func run() async throws {
        var options = SiteHandler.Options()
        options.singlePageApp = server.spa
        options.policy = try server.policy()
        options.precompressAtStart = precompress
        options.cache.memory = cacheMemory << 20
        let root: SiteRoot
        do {
            root = try SiteRoot(directory)
        } catch {
            throw CommandFailure("\(error)", exitCode: 66)  // EX_NOINPUT
        }
        if prerender {
            let renderer = ProcessPageRenderer(
                dist: root.path, budget: .milliseconds(Int(prerenderBudget * 1000)), memoryLimit: prerenderMemory << 20,
                engine: prerenderEngine)
            let quiet = server.quiet
            var prerendering = Prerendering(renderer: renderer) { event in
                // Fallbacks are always reported; renders (cache misses) belong with the access log.
                if case .rendered = event, quiet { return }
                StandardError.writeLine(event.line)
            }
            prerendering.limits.pages = prerenderCache
            prerendering.limits.rendersPerMinute = prerenderRate
            prerendering.limits.renderBurst = min(prerendering.limits.renderBurst, prerenderRate)
            prerendering.limits.memoryPerRender = prerenderMemory << 20
            prerendering.limits.totalRenderMemory = prerenderTotalMemory << 20
            // Rendered pages are cached within a quarter of --cache-memory.
            prerendering.limits.memory = (cacheMemory << 20) / 4
            options.prerendering = prerendering
        }
        let handler = SiteHandler(root: root, options: options)
        var configuration = try server.httpConfiguration()
        configuration.headerReadTimeout = .seconds(headerTimeout)
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.maxConnections = maxConnections
        let httpServer = HTTPServer(configuration: configuration, handler: try server.handler(serving: handler))
        let signals = TerminationSignals()  // before the announcement: a script may signal as soon as it reads it
        let address: BoundAddress
        do {
            address = try httpServer.start()
        } catch {
            throw CommandFailure("cannot listen on \(server.host):\(server.port): \(error)", exitCode: 69)  // EX_UNAVAILABLE
        }
        server.announce(serving: directory, at: address)
        _ = await httpServer.runUntilTerminated(by: signals)
        StandardError.flush()
    }
}

/// Whole lines to stderr, never interleaved and never blocking the caller (a stopped terminal or a full
/// pipe drops lines, counted, instead of freezing the event loops; see `LogSink`).
enum StandardError {
    static func writeLine(_ line: String) { LogSink.standardError.writeLine(line) }

    /// Waits (briefly) until queued lines are written: before the process exits.
    static func flush() { LogSink.standardError.flush() }
}
