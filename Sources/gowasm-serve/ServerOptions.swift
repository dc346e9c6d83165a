import ArgumentParser
import DevProxy
import Foundation
import HTTPServer
import SiteServing
import TLS

/// The flags `serve` and `dev` share: where to listen, what to log, which headers every response carries,
/// and what to print and open once listening.
struct ServerOptions: ParsableArguments {
    @Option(
        help:
            "Address to listen on: 127.0.0.1 (this machine only), or 0.0.0.0 / :: for every interface (the LAN URLs are printed too)."
    )
    var host: String = HTTPServer.Configuration.defaultHost

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: Int = HTTPServer.Configuration.defaultPort

    @Flag(help: "No access log on stderr.")
    var quiet = false

    @Flag(help: "Serve /index.html for unknown paths without an extension (client-side routing).")
    var spa = false

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp(
            "A header on every response, replacing the server's own of that name (repeatable).",
            valueName: "Name: value"))
    var headers: [String] = []

    @Flag(
        name: .customLong("coop-coep"),
        help: """
            Send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, so the page \
            is cross-origin isolated (SharedArrayBuffer, threaded wasm).
            """)
    var crossOriginIsolation = false

    @Flag(
        help:
            "Allow any origin (Access-Control-Allow-Origin: *, preflights answered), for apps served from another port."
    )
    var cors = false

    @Flag(help: "Open the page in the default browser once listening (xdg-open).")
    var open = false

    @Option(
        name: .customLong("proxy"),
        help: ArgumentHelp(
            "Forward requests under PREFIX (the path itself and below) to a backend, path and query unchanged; WebSockets included (repeatable, the longest prefix wins).",
            valueName: "PREFIX=http://host:port"))
    var proxies: [String] = []

    @Option(
        help: ArgumentHelp(
            "Seconds a backend may take to accept, to answer, and between two pieces of a body; then 504.",
            valueName: "seconds"))
    var proxyTimeout: Double = ProxyOptions.defaultTimeout

    @Flag(help: "Send the client's Host to the backend instead of the backend's own host:port.")
    var proxyKeepHost = false

    @Flag(
        help: """
            Serve HTTPS (for a phone on the LAN: secure-context APIs need it) with a certificate for localhost, this         host's name and its LAN addresses, made on first use and kept in $XDG_CACHE_HOME/gowasm-serve/tls         (~/.cache/gowasm-serve/tls); trust the ca.pem there once on the phone.
            """)
    var tls = false

    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "Serve HTTPS with this PEM certificate (then any intermediates) instead; needs --tls-key.",
            valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(
        name: .customLong("allowed-host"),
        help: ArgumentHelp(
            """
            Also answer requests whose Host is NAME (repeatable; .example.com allows the domain and its subdomains; \
            all turns the check off). Always answered: localhost and *.localhost, IP addresses, this machine's \
            names and the --tls certificate's; any other Host gets a 403 (it guards against DNS rebinding).
            """, valueName: "NAME"))
    var allowedHosts: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
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

    /// `site` behind the `--proxy` rules (or `site` itself when there are none), behind the Host check.
    /// `siteBodies`: site paths whose request bodies the site reads whole, with their size limits.
    func handler(serving site: some HTTPHandler, siteBodies: [String: Int] = [:]) throws -> any HTTPHandler {
        let allowlist = try hostAllowlist()
        let routes = try proxyRoutes()
        guard !routes.isEmpty else { return HostCheckingHandler(allowlist: allowlist, wrapping: site) }
        let proxy = ProxyHandler(
            routes: routes,
            options: ProxyOptions(timeout: proxyTimeout, keepHost: proxyKeepHost, scheme: servesTLS ? "https" : "http"),
            site: site, siteBodies: siteBodies,
            log: { StandardError.writeLine($0) })
        return HostCheckingHandler(allowlist: allowlist, wrapping: proxy)
    }

    /// The Hosts answered: `--allowed-host` (and gowasm.toml's allowed-host), this machine's names and the
    /// TLS certificate's. `all` turns the check off, with one line saying so.
    func hostAllowlist() throws(CommandFailure) -> HostAllowlist {
        if allowedHosts.contains(where: { $0.caseInsensitiveEquals(HostAllowlist.allValue) }) {
            StandardError.writeLine(
                "gowasm-serve: --allowed-host all: any Host is answered, so a page on any site can reach this server by DNS rebinding"
            )
            return .everyHost
        }
        var names = allowedHosts
        if let name = SystemHostName.current() {
            names.append(name)
            // The short name and the domain's full name both reach this machine.
            if let dot = name.firstIndex(of: ".") { names.append(String(name[..<dot])) }
        }
        if let tlsCertificate {
            do {
                let pem = try String(contentsOfFile: tlsCertificate, encoding: .utf8)
                names += try CertificateSummary(pem: pem).names.dnsNames.map {
                    $0.hasPrefix("*.") ? String($0.dropFirst()) : $0
                }
            } catch {
                throw CommandFailure("--tls-cert: \(error)", exitCode: 66)
            }
        } else if tls {
            names +=
                SubjectNames.developmentServer(
                    hostName: SystemHostName.current(), addresses: NetworkInterfaces.current().map(\.host)
                ).dnsNames
        }
        return HostAllowlist(names: names)
    }

    /// Whether the server speaks HTTPS (`--tls`, or `--tls-cert/--tls-key`).
    var servesTLS: Bool { tls || tlsCertificate != nil }

    /// The TLS context `--tls` or `--tls-cert/--tls-key` ask for (nil: plain HTTP). `--tls` makes or renews
    /// the development certificate first and says so on stderr. A bad file is one line, exit 66 (EX_NOINPUT).
    func tlsContext() throws(CommandFailure) -> TLSContext? {
        if let tlsCertificate, let tlsKey {
            do {
                return try TLSContext.server(certificatePath: tlsCertificate, keyPath: tlsKey)
            } catch {
                throw CommandFailure("--tls-cert/--tls-key: \(error)", exitCode: 66)
            }
        }
        guard tls else { return nil }
        let store = DevelopmentCertificates(directory: DevelopmentCertificates.defaultDirectory())
        let names = SubjectNames.developmentServer(
            hostName: SystemHostName.current(), addresses: NetworkInterfaces.current().map(\.host))
        do {
            if case .issued(let reason) = try store.prepare(covering: names) {
                let covered = (names.dnsNames + names.ipAddresses).joined(separator: ", ")
                StandardError.writeLine(
                    "gowasm-serve: --tls: made a certificate for \(covered) (\(reason.summary)); "
                        + "to trust it on a phone, install \(store.authorityPath)")
            }
            return try TLSContext.server(certificatePath: store.certificatePath, keyPath: store.keyPath)
        } catch {
            throw CommandFailure("--tls: \(error)", exitCode: 73)  // EX_CANTCREAT
        }
    }

    /// The response policy the header flags ask for; a malformed `--header` is a usage error.
    func policy() throws(ValidationError) -> ResponsePolicy {
        ResponsePolicy(
            headers: try .parsingArguments(headers), crossOriginIsolation: crossOriginIsolation, corsAnyOrigin: cors)
    }

    func httpConfiguration() throws(CommandFailure) -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration(host: host, port: port)
        // Proxied bodies stream to the backend and others are never read (ProxyHandler): no body is held whole,
        // so the backend, not this server, decides how large an upload may be.
        if !proxies.isEmpty { configuration.maxBodySize = Int.max }
        if let tls = try tlsContext() { configuration.serveTLS(with: tls) }
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
            let page = address.isWildcard ? address.localURL : address.url
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
    var localURL: String { "\(scheme)://localhost:\(port)/" }
}

extension RenewalReason {
    /// Why a new certificate was made, for the one line that says so.
    var summary: String {
        switch self {
        case .missing: "none was kept yet"
        case .expired: "the last one ran out"
        case .notYetValid: "the kept one is not valid yet"
        case .namesNotCovered(let names): "new names: \(names.joined(separator: ", "))"
        case .newAuthority: "a new local authority"
        }
    }
}

/// The user's default browser, started detached: `xdg-open`.
enum Browser {
    /// The opener command; `GOWASM_SERVE_BROWSER` replaces it (tests, or a browser of one's choice).
    static var command: String {
        if let chosen = ProcessInfo.processInfo.environment["GOWASM_SERVE_BROWSER"], !chosen.isEmpty { return chosen }
        return "xdg-open"
    }

    /// Starts the opener on `url`; returns why it could not start, or nil.
    static func open(_ url: String) -> String? {
        let command = command
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found =
            command.contains("/")
            ? command
            : path.split(separator: ":").map { "\($0)/\(command)" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
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
