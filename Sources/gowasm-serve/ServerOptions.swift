import ArgumentParser
import DevProxy
import Foundation
import HTTPServer
import SiteServing

/// The flags `serve` and `dev` share: where to listen, what to log, which headers every response carries,
/// and what to print and open once listening.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on: 127.0.0.1 (this machine only), or 0.0.0.0 / :: for every interface (the LAN URLs are printed too).")
    var host: String = HTTPServer.Configuration.defaultHost

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: Int = HTTPServer.Configuration.defaultPort

    @Flag(help: "No access log on stderr.")
    var quiet = false

    @Flag(help: "Serve /index.html for unknown paths without an extension (client-side routing).")
    var spa = false

    @Option(name: .customLong("header"), help: ArgumentHelp(
        "A header on every response, replacing the server's own of that name (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Flag(name: .customLong("coop-coep"), help: """
        Send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, so the page \
        is cross-origin isolated (SharedArrayBuffer, threaded wasm).
        """)
    var crossOriginIsolation = false

    @Flag(help: "Allow any origin (Access-Control-Allow-Origin: *, preflights answered), for apps served from another port.")
    var cors = false

    @Flag(help: "Open the page in the default browser once listening (xdg-open; open on macOS).")
    var open = false

    @Option(name: .customLong("proxy"), help: ArgumentHelp(
        "Forward requests under PREFIX (the path itself and below) to a backend, path and query unchanged; WebSockets included (repeatable, the longest prefix wins).",
        valueName: "PREFIX=http://host:port"))
    var proxies: [String] = []

    @Option(help: ArgumentHelp(
        "Seconds a backend may take to accept, to answer, and between two pieces of a body; then 504.", valueName: "seconds"))
    var proxyTimeout: Double = ProxyOptions.defaultTimeout

    @Flag(help: "Send the client's Host to the backend instead of the backend's own host:port.")
    var proxyKeepHost = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        _ = try policy()
        _ = try proxyRoutes()
        guard proxyTimeout > 0, proxyTimeout <= 3600 else {
            throw ValidationError("--proxy-timeout must be more than 0 and at most 3600 seconds")
        }
    }

    /// The `--proxy` rules; a malformed one is a usage error.
    func proxyRoutes() throws(ValidationError) -> ProxyRoutes {
        do {
            return try ProxyRoutes(parsing: proxies)
        } catch {
            throw ValidationError("--proxy: \(error)")
        }
    }

    /// `site` behind the `--proxy` rules (or `site` itself when there are none).
    func handler(serving site: some HTTPHandler) throws -> any HTTPHandler {
        let routes = try proxyRoutes()
        guard !routes.isEmpty else { return site }
        return ProxyHandler(
            routes: routes, options: ProxyOptions(timeout: proxyTimeout, keepHost: proxyKeepHost), site: site,
            log: { StandardError.writeLine($0) })
    }

    /// The response policy the header flags ask for; a malformed `--header` is a usage error.
    func policy() throws(ValidationError) -> ResponsePolicy {
        ResponsePolicy(
            headers: try .parsingArguments(headers), crossOriginIsolation: crossOriginIsolation, corsAnyOrigin: cors)
    }

    func httpConfiguration() -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration(host: host, port: port)
        // Proxied bodies stream to the backend and others are never read (ProxyHandler): no body is held whole,
        // so the backend, not this server, decides how large an upload may be.
        if !proxies.isEmpty { configuration.maxBodySize = Int.max }
        if !quiet { configuration.accessLog = { entry in StandardError.writeLine(entry.line) } }
        return configuration
    }

    /// The announcement: its first line exactly `Serving <what> at <url>` (scripts and tests read it), then
    /// the URLs other devices reach a wildcard listener at. Then the browser, when asked for.
    func announce(serving what: String, at address: BoundAddress) {
        var text = "Serving \(what) at \(address.url)\n"
        for url in address.reachableURLs(interfaces: NetworkInterfaces.current()) { text += "  also at \(url)\n" }
        // One unbuffered write, so a script reading the pipe sees the lines at once.
        FileHandle.standardOutput.write(Data(text.utf8))
        if open {
            let page = address.isWildcard ? BoundAddress.localURL(port: address.port) : address.url
            if let failure = Browser.open(page) { StandardError.writeLine("gowasm-serve: --open: \(failure)") }
        }
    }
}

extension [ResponsePolicy.Header] {
    /// `--header` values (serve, dev, export); a malformed one is a usage error.
    static func parsingArguments(_ texts: [String]) throws(ValidationError) -> [ResponsePolicy.Header] {
        var headers: [ResponsePolicy.Header] = []
        for text in texts {
            do {
                headers.append(try ResponsePolicy.Header(parsing: text))
            } catch {
                throw ValidationError("--header: \(error)")
            }
        }
        return headers
    }
}

extension BoundAddress {
    static func localURL(port: Int) -> String { "http://localhost:\(port)/" }
}

/// The user's default browser, started detached: `xdg-open` on Linux, `open` on macOS.
enum Browser {
    /// The opener command; `GOWASM_SERVE_BROWSER` replaces it (tests, or a browser of one's choice).
    static var command: String {
        if let chosen = ProcessInfo.processInfo.environment["GOWASM_SERVE_BROWSER"], !chosen.isEmpty { return chosen }
        #if os(macOS)
        return "open"
        #else
        return "xdg-open"
        #endif
    }

    /// Starts the opener on `url`; returns why it could not start, or nil.
    static func open(_ url: String) -> String? {
        let command = command
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found = command.contains("/") ? command
            : path.split(separator: ":").map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let found else { return "no \(command) on PATH" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: found)
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "cannot start \(command): \(error.localizedDescription)"
        }
        return nil
    }
}
