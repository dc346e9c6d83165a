/// Whether a wasm_exec.js can host a binary: the import modules and function names it provides against
/// those the binary imports. Skew (exit 1 in `inspect --glue`) is a missing module or a missing function:
/// either one makes instantiation fail. Functions the glue provides but the binary does not import are
/// listed as `extra` (harmless to run, but a sign the glue comes from another toolchain).
public struct GlueSkew: Codable, Sendable, Equatable {
    /// The Go host module the binary imports (`go` or `gojs`), if any.
    public var binaryModule: String?
    /// The host modules the glue provides.
    public var glueModules: [String]
    /// `module.name` the binary imports and the glue lacks.
    public var missing: [String]
    /// `module.name` the glue provides and the binary does not import.
    public var extra: [String]
    public var moduleMismatch: Bool
    public var skew: Bool
    /// One line saying what is wrong and what to do; absent when there is no skew.
    public var diagnosis: String?

    public init(report: InspectionReport, glue: GlueABI) {
        let goVersion = report.go?.version ?? "an unknown Go version"
        let needed = report.imports.filter { $0.kind == "function" && !$0.module.hasPrefix("wasi_") }
        let neededModules = Array(Set(needed.map(\.module))).sorted()
        binaryModule = report.goHostModule
        glueModules = glue.hostModules
        var missing: [String] = []
        var extra: [String] = []
        var absentModules: [String] = []
        for module in neededModules {
            let names = needed.filter { $0.module == module }.map(\.name)
            guard let provided = glue.names(in: module) else {
                absentModules.append(module)
                continue
            }
            missing += names.filter { !provided.contains($0) }.map { "\(module).\($0)" }
            extra += provided.filter { !names.contains($0) }.map { "\(module).\($0)" }
        }
        for module in glue.hostModules where !neededModules.contains(module) {
            extra += (glue.names(in: module) ?? []).map { "\(module).\($0)" }
        }
        for module in absentModules {
            missing += needed.filter { $0.module == module }.map { "\(module).\($0.name)" }
        }
        self.missing = missing
        self.extra = extra
        moduleMismatch = !absentModules.isEmpty
        let provides = glue.hostModules.isEmpty ? "nothing" : glue.hostModules.joined(separator: ", ")
        let built = "this wasm was built by \(goVersion)" + (binaryModule.map { " (module \($0))" } ?? "")
        let fix = "copy wasm_exec.js from the toolchain that built it"
        if report.kind == .goWASIP1 || report.kind == .tinyGoWASI {
            skew = true
            diagnosis = "\(built) for wasip1, which wasm_exec.js cannot host: run it with a WASI runtime instead"
        } else if moduleMismatch {
            skew = true
            diagnosis = "\(built) but the glue provides \(provides): \(fix)"
        } else if !missing.isEmpty {
            skew = true
            diagnosis = "\(built) but the glue lacks \(missing.joined(separator: ", ")): \(fix)"
        } else {
            skew = false
            diagnosis = nil
        }
    }
}
