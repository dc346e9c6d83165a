import ArgumentParser
import Foundation
import WasmInspection

/// `gowasm-serve inspect FILE.wasm`: what is in a wasm binary, who built it, and whether a glue fits it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report a wasm binary's sections, imports, Go version, features and sizes; check a wasm_exec.js against it.",
        discussion: "Exit status: 0 when inspected (and the glue matches), 1 on glue skew, 2 when the file cannot be read or parsed.")

    @Argument(help: "The .wasm file.") var file: String
    @Option(help: "A wasm_exec.js to compare with the binary's imports (exit 1 on skew).") var glue: String?
    @Flag(help: "Print the report as JSON (documented in docs/inspect.md).") var json = false
    @Option(help: "How many of the largest functions to list.") var top = 10

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
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
            let document = InspectDocument(file: file, report: report, glue: skew.map { .init(file: glue ?? "", result: $0) })
            let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(ReportText.render(report, file: file, skew: skew, glueFile: glue))
        }
        if let skew, skew.skew {
            if json, let diagnosis = skew.diagnosis { FileHandle.standardError.write(Data("gowasm-serve: \(diagnosis)\n".utf8)) }
            throw ExitCode(1)
        }
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
