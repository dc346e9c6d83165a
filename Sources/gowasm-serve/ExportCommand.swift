import ArgumentParser
import DeployExport
import Foundation
import SiteServing

/// `gowasm-serve export TARGET DIST`: a production server's configuration for a dist.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a production configuration (nginx, caddy, _headers, S3 upload script) that serves a dist as `check` wants.",
        discussion: """
            nginx: a server {} block (brotli_static when the module is installed). caddy: a Caddyfile. headers: a \
            _headers file for Netlify or Cloudflare Pages. s3: a shell script of `aws s3 cp` calls. Each sends exact \
            application/wasm, the .br/.gz siblings with Vary, immutable for hashed names, no-cache for the rest, \
            nosniff, and the --header values (gowasm.toml's too).
            """)

    @Argument(help: ArgumentHelp("nginx, caddy, headers or s3.", valueName: "target"))
    var target: ExportTarget

    @Argument(help: "The dist folder (from `gowasm-serve build`).")
    var dist: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write to this file instead of stdout.")
    var output: String?

    @Flag(help: "Unknown paths without an extension get /index.html (client-side routing), as `serve --spa`.")
    var spa = false

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("A header on every response (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Option(help: "nginx `listen` / Caddy address: a port or host:port.")
    var listen = "80"

    func validate() throws {
        _ = try parsedHeaders()
        guard !listen.isEmpty, !listen.contains(where: { $0.isWhitespace || ";{}".contains($0) }) else {
            throw ValidationError("--listen must be a port or host:port")
        }
    }

    private func parsedHeaders() throws(ValidationError) -> [ResponsePolicy.Header] {
        try .parsingArguments(headers)
    }

    func run() throws {
        let inventory: DistInventory
        do {
            inventory = try DistInventory(directory: dist)
        } catch {
            throw CommandFailure("\(error)", exitCode: 66)  // EX_NOINPUT
        }
        var options = ExportOptions()
        options.singlePageApp = spa
        options.headers = try parsedHeaders()
        options.listen = listen
        let text = DeployExport.render(target, inventory, options: options)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(output): \(error.localizedDescription)", exitCode: 73)  // EX_CANTCREAT
        }
        if target == .s3 { chmod(output, 0o755) }
    }
}

extension ExportTarget: ExpressibleByArgument {}
