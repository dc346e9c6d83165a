import ArgumentParser
import Foundation
import WasmInspection

/// `gowasm-serve inspect FILE.wasm`: what is in a wasm binary, who built it, and whether a glue fits it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Report a wasm binary's sections, imports, Go version, features and sizes; check a wasm_exec.js against it.",
        discussion: """
            --sizes breaks a Go wasm down by package and function (from Go's pclntab, so stripped builds too), with \
            each package's estimated share of the brotli size; --html FILE writes the same as a treemap page. \
            --diff OLD NEW lists what grew or shrank per package. See docs/sizes.md.
            Exit status: 0 when inspected (and the glue matches), 1 on glue skew, 2 when the file cannot be read or parsed.
            """)

    @Argument(help: "The .wasm file (two with --diff: OLD NEW).") var files: [String] = []
    @Option(help: "A wasm_exec.js to compare with the binary's imports (exit 1 on skew).") var glue: String?
    @Flag(help: "Print the report as JSON (documented in docs/inspect.md).") var json = false
    @Option(help: "How many of the largest functions (or, with --sizes/--diff, packages) to list.") var top = 10
    @Flag(help: "Break the size down by Go package and function, raw and brotli (estimated).") var sizes = false
    @Option(help: "With --sizes: write a self-contained treemap page to this file.") var html: String?
    @Flag(help: "Compare two builds: OLD NEW, per package, raw and compressed.") var diff = false

    var file: String { files.first ?? "" }

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
        if diff {
            guard files.count == 2 else { throw ValidationError("--diff takes two files: OLD NEW") }
            guard !sizes, html == nil, glue == nil else {
                throw ValidationError("--diff cannot be combined with --sizes, --html or --glue")
            }
        } else {
            guard files.count == 1 else { throw ValidationError("inspect takes one .wasm file (two with --diff)") }
        }
        if (sizes || html != nil), glue != nil { throw ValidationError("--sizes cannot be combined with --glue") }
    }

    func run() throws {
        if diff || sizes || html != nil { return try runSizes() }
        let report: InspectionReport
        var skew: GlueSkew?
        do {
            report = try WasmInspector.inspect(path: file, top: top)
            if let glue {
                let source: String
                do {
                    source = try String(contentsOfFile: glue, encoding: .utf8)
                } catch {
                    throw InspectionError.glueUnreadable(path: glue, reason: (error as NSError).localizedDescription)
                }
                skew = GlueSkew(report: report, glue: try GlueABI.parse(source, path: glue))
            }
        } catch let error as InspectionError {
            throw CommandFailure("\(error)", exitCode: 2)
        }

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let document = InspectDocument(
                file: file, report: report, glue: skew.map { .init(file: glue ?? "", result: $0) })
            let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(ReportText.render(report, file: file, skew: skew, glueFile: glue))
        }
        if let skew, skew.skew {
            if json, let diagnosis = skew.diagnosis {
                FileHandle.standardError.write(Data("gowasm-serve: \(diagnosis)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}

extension Inspect {
    /// `--sizes`, `--html` and `--diff`.
    private func runSizes() throws {
        func breakdown(_ path: String) throws -> SizeBreakdown {
            do {
                return try SizeBreakdown.analyse(path: path)
            } catch {
                throw CommandFailure("\(error)", exitCode: 2)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if diff {
            let old = try breakdown(files[0]), new = try breakdown(files[1])
            let result = SizeDiff(old: old, new: new)
            if json {
                print(String(decoding: (try? encoder.encode(result)) ?? Data("{}".utf8), as: UTF8.self))
            } else {
                print(SizeText.diff(result, old: files[0], new: files[1], top: top))
            }
            return
        }
        let result = try breakdown(file)
        if let html {
            let title = URL(fileURLWithPath: file).lastPathComponent
            do {
                try Data(SizeReportHTML.render(result, title: title).utf8).write(to: URL(fileURLWithPath: html))
            } catch {
                throw CommandFailure("cannot write \(html): \((error as NSError).localizedDescription)", exitCode: 2)
            }
        }
        if json {
            print(String(decoding: (try? encoder.encode(result)) ?? Data("{}".utf8), as: UTF8.self))
        } else if sizes || html == nil {
            print(SizeText.table(result, file: file, top: top))
        }
        if let html { FileHandle.standardError.write(Data("gowasm-serve: wrote the treemap to \(html)\n".utf8)) }
    }
}

/// The `--json` document: the report plus the file names and the glue comparison.
private struct InspectDocument: Encodable {
    struct Glue: Encodable {
        let file: String
        let result: GlueSkew
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(file, forKey: .file)
            try result.encode(to: encoder)
        }
        enum Keys: String, CodingKey { case file }
    }
    let file: String
    let report: InspectionReport
    let glue: Glue?

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(file, forKey: .file)
        try container.encodeIfPresent(glue, forKey: .glue)
        try report.encode(to: encoder)
    }
    enum Keys: String, CodingKey { case file, glue }
}
