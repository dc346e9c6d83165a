import ArgumentParser
import AssetPipeline
import Foundation

/// `gowasm-serve build PKG -o OUT`: a Go main package → a deployable dist.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a Go main package (GOOS=js GOARCH=wasm) into a deployable dist.",
        discussion: """
            Writes main.<hash>.wasm, wasm_exec.<hash>.js from the building toolchain, index.html (the package's \
            own, --template, or the default page) with SRI, static/ as is, .br/.gz siblings and manifest.json. \
            On any failure OUT is left exactly as it was.
            """
    )

    @Argument(help: "The Go main package directory.")
    var package: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "The dist directory to create or replace.")
    var output: String

    @Option(name: .customLong("go"), help: "The go executable to build with (default: go on PATH).")
    var goExecutable: String?

    @Option(help: "A mustache page template to use instead of index.html or the default page.")
    var template: String?

    @Flag(help: "Keep DWARF and symbols (no -ldflags=-s -w).")
    var debug = false

    @Option(
        name: .customLong("base-url"),
        help: """
            Where the dist is served from (/, /app/ or https://cdn.example/app/): the page loads the glue and the \
            wasm from there, so a single-page app's deeper routes (/items/2 under serve --spa) still find them. \
            Default: names relative to the page.
            """)
    var baseURL: String?

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("/") || baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url must start with /, http:// or https:// (got \(baseURL))")
        }
    }

    func run() async throws {
        var options = BuildOptions(
            package: URL(fileURLWithPath: package), output: URL(fileURLWithPath: output), goExecutable: goExecutable,
            template: template.map { URL(fileURLWithPath: $0) }, keepSymbols: debug)
        if let baseURL { options.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        let builder = DistBuilder(options: options) { chunk in
            FileHandle.standardError.write(Data(chunk.utf8))
        }
        let report: BuildReport
        do {
            report = try builder.build()
        } catch {
            throw CommandFailure(error.description)
        }
        print(BuildSummary(report: report).text, terminator: "")
    }
}

/// The table `build` prints: each file with its raw, brotli and gzip sizes, then the Go version.
struct BuildSummary {
    let report: BuildReport

    var text: String {
        let header = ["file", "raw", "br", "gzip"]
        let rows = report.files.map { file in
            [
                file.file, Self.size(file.size), file.brotliSize.map(Self.size) ?? "-",
                file.gzipSize.map(Self.size) ?? "-",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var text = "Built \(report.output.path) with \(report.goVersion ?? "an unknown Go version")\n"
        text += line(header) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }

    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.2f MiB", Double(bytes) / (1024 * 1024))
    }
}
