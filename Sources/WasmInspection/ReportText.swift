/// The human-readable `inspect` report.
public enum ReportText {
    public static func render(_ report: InspectionReport, file: String, skew: GlueSkew? = nil, glueFile: String? = nil)
        -> String
    {
        var out: [String] = []
        out.append("\(file): \(bytes(report.fileSize)), \(describe(report.kind))")
        if let go = report.go {
            out.append("")
            out.append("Go")
            out.append("  version      \(go.version ?? "unknown (no build info)")")
            if let path = go.modulePath { out.append("  module       \(path)") }
            if let main = go.mainPackage, main != go.modulePath { out.append("  main package \(main)") }
            if let abi = go.abi { out.append("  ABI          \(abi) (\(abi == "go" ? "Go 1.17–1.20" : "Go 1.21+"))") }
            if let id = go.buildID { out.append("  build id     \(id)") }
            for setting in go.buildSettings
            where ["-ldflags", "-tags", "GOOS", "GOARCH", "CGO_ENABLED", "vcs.revision"].contains(setting.key) {
                out.append("  \(setting.key.padding(toLength: 12, withPad: " ", startingAt: 0)) \(setting.value)")
            }
        }
        out.append("")
        out.append("Features     \(report.features.isEmpty ? "MVP only" : report.features.joined(separator: ", "))")
        if let memory = report.memory {
            let max = memory.maximumPages.map { "\($0) pages" } ?? "unbounded"
            out.append(
                "Memory       \(memory.initialPages) pages (\(bytes(Int(memory.initialBytes)))) initial, max \(max)\(memory.imported ? ", imported" : "")"
            )
        }
        out.append("Functions    \(report.functionCount) defined, \(bytes(report.codeSize)) of code")
        out.append("Stripped     \(report.stripped ? "yes (no name section: no per-function sizes)" : "no")")

        out.append("")
        out.append("Sections")
        for section in report.sections {
            out.append(
                "  \(section.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(pad(bytes(section.size), 10))  \(percent(section.size, of: report.fileSize))"
            )
        }

        out.append("")
        out.append("Imports (\(report.imports.count))")
        for entry in report.imports {
            let calls = entry.callSites.map { "  (\($0) call site\($0 == 1 ? "" : "s"))" } ?? ""
            out.append("  \(entry.module).\(entry.name)  \(entry.kind) \(entry.type)\(calls)")
        }
        if let api = report.jsAPICalls, !api.callSites.isEmpty {
            out.append("syscall/js call sites (not counting inlined calls)")
            for name in JSAPICalls.functions { if let n = api.callSites[name] { out.append("  \(name)  \(n)") } }
            if let suspicion = api.suspicion { out.append("  SUSPECT: \(suspicion)") }
        }
        out.append("Exports (\(report.exports.count))")
        for entry in report.exports { out.append("  \(entry.name)  \(entry.kind)") }

        if let sizes = report.sizes {
            out.append("")
            out.append("Largest functions")
            for function in sizes.largestFunctions {
                out.append("  \(pad(bytes(function.size), 10))  \(function.name)")
            }
            out.append("")
            out.append("Code per package")
            for package in sizes.packages.prefix(max(sizes.largestFunctions.count, 10)) {
                out.append(
                    "  \(pad(bytes(package.size), 10))  \(percent(package.size, of: report.codeSize))  \(package.package) (\(package.functions) functions)"
                )
            }
        }

        if let skew {
            out.append("")
            out.append("Glue \(glueFile ?? "") provides \(skew.glueModules.joined(separator: ", "))")
            if !skew.missing.isEmpty { out.append("  missing  \(skew.missing.joined(separator: ", "))") }
            if !skew.extra.isEmpty { out.append("  extra    \(skew.extra.joined(separator: ", "))") }
            out.append(
                skew.diagnosis.map { "  SKEW: \($0)" } ?? "  OK: the glue provides every import this binary needs")
        }
        return out.joined(separator: "\n")
    }

    static func describe(_ kind: InspectionReport.Kind) -> String {
        switch kind {
        case .goJS: "Go js/wasm (GOOS=js GOARCH=wasm)"
        case .goWASIP1: "Go wasip1 (GOOS=wasip1): a WASI program, not for wasm_exec.js"
        case .tinyGoJS: "TinyGo js/wasm: needs TinyGo's own wasm_exec.js"
        case .tinyGoWASI: "TinyGo WASI: a WASI program, not for wasm_exec.js"
        case .other: "WebAssembly module (not recognised as Go)"
        }
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format1(Double(count) / 1024)) + " KiB" }
        return String(format1(Double(count) / 1048576)) + " MiB"
    }

    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "" }
        return pad(format1(Double(part) * 100 / Double(whole)) + "%", 6)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
