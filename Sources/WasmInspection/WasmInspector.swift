import Foundation
import WasmParser
import WasmTypes

/// Reads a wasm module (never executes it) and reports its structure, Go build facts, features and sizes.
public enum WasmInspector {
    /// Inspects the file at `path`; `top` bounds the largest-functions list.
    public static func inspect(path: String, top: Int = 10) throws(InspectionError) -> InspectionReport {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try inspect(bytes: [UInt8](data), top: top)
    }

    public static func inspect(bytes: [UInt8], top: Int = 10) throws(InspectionError) -> InspectionReport {
        let rawSections = try SectionScanner.scan(bytes)
        let module = try parse(bytes)

        var sections: [InspectionReport.Section] = []
        var customSections: [InspectionReport.CustomSection] = []
        var buildID: String?
        var nameSection: ArraySlice<UInt8>?
        var producers: ProducersSection?
        var bodySizes: [Int] = []
        for raw in rawSections {
            let offset = raw.payload.startIndex
            if let name = raw.customName {
                sections.append(.init(id: 0, name: "custom:\(name)", offset: offset, size: raw.payload.count))
                customSections.append(.init(name: name, size: raw.payload.count))
                let content = customContent(raw.payload)
                switch name {
                case "go:buildid", "go.buildid": buildID = goBuildID(content)
                case "name": nameSection = content
                case "producers": producers = ProducersSection(content)
                default: break
                }
            } else {
                sections.append(
                    .init(id: raw.id, name: SectionScanner.sectionName(raw.id), offset: offset, size: raw.payload.count)
                )
                if raw.id == 10 { bodySizes = try SectionScanner.functionBodySizes(raw.payload) }
            }
        }

        var imports = module.imports.map { describe($0, types: module.types) }
        let importedFunctions = module.imports.filter { if case .function = $0.descriptor { true } else { false } }
            .count
        var names: [UInt32: String] = [:]
        if let nameSection {
            var nameParser = NameSectionParser(stream: StaticByteStreamSource(bytes: nameSection))
            // A damaged name section costs only the forensics, not the report.
            if let parsed = try? nameParser.parseAll() {
                for case .functions(let map) in parsed { names = map }
            }
        }

        let features: Set<WasmFeature>
        do {
            features = try FeatureScanner.scan(module.code)
        } catch {
            throw .malformed(offset: nil, detail: "code section: \(error)")
        }

        // Call sites per imported function (the static half of `run --diagnose`).
        let calls = (try? CallCounter.count(module.code)) ?? [:]
        var functionIndex = 0
        for index in imports.indices where imports[index].kind == "function" {
            imports[index].callSites = calls[functionIndex] ?? 0
            functionIndex += 1
        }
        let buildInfo = GoBuildInfo.find(in: module.memoryImage, producers: producers)
        var report = InspectionReport(
            fileSize: bytes.count, kind: .other, sections: sections, imports: imports,
            exports: module.exports.map { .init(name: $0.name, kind: kindName($0.descriptor)) },
            memory: module.memory, customSections: customSections, stripped: nameSection == nil, go: nil,
            features: features.sorted().map(\.rawValue), functionCount: bodySizes.count,
            codeSize: bodySizes.reduce(0, +), sizes: nil)
        if nameSection != nil {
            report.sizes = SizeAnalysis.analyse(
                bodySizes: bodySizes, importedFunctions: importedFunctions, names: names, top: top)
        }
        report.kind = classify(report, buildInfo: buildInfo, names: names, producers: producers)
        if report.goHostModule != nil, let table = GoLineTable(wasm: bytes) {
            report.jsAPICalls = JSAPICalls(calls: calls, importedFunctions: importedFunctions, table: table)
        }
        if buildInfo != nil || buildID != nil || report.kind == .goJS {
            report.go = .init(
                version: buildInfo?.version, modulePath: buildInfo?.modulePath, mainPackage: buildInfo?.mainPackage,
                buildSettings: buildInfo?.buildSettings.map { .init(key: $0.key, value: $0.value) } ?? [],
                buildID: buildID, abi: report.goHostModule, buildInfoSource: buildInfo?.source)
        }
        return report
    }

    /// The Go version that built a module, from its build info (the data segments) or its producers section,
    /// and nothing more: what `build` and `dev` record in the manifest, without `inspect`'s scans of every
    /// instruction (a second of CPU for a 15 MB wasm, on every `dev` rebuild before the reload).
    public static func goVersion(bytes: [UInt8]) -> String? {
        guard let rawSections = try? SectionScanner.scan(bytes), let module = try? parse(bytes) else { return nil }
        let producers = rawSections.last { $0.customName == "producers" }.flatMap {
            ProducersSection(customContent($0.payload))
        }
        return GoBuildInfo.find(in: module.memoryImage, producers: producers)?.version
    }

    /// The name section's function names by wasm function index (empty when there is none): the reference
    /// the pclntab's attribution is checked against.
    package static func functionNames(bytes: [UInt8]) throws(InspectionError) -> [UInt32: String] {
        guard let raw = try SectionScanner.scan(bytes).first(where: { $0.customName == "name" }) else { return [:] }
        var parser = NameSectionParser(stream: StaticByteStreamSource(bytes: customContent(raw.payload)))
        var names: [UInt32: String] = [:]
        if let parsed = try? parser.parseAll() {
            for case .functions(let map) in parsed { names = map }
        }
        return names
    }

    // MARK: - Parsing with WasmParser

    private struct ParsedModule {
        var types: [FunctionType?] = []
        var imports: [Import] = []
        var exports: [Export] = []
        var memory: InspectionReport.Memory?
        var code: [Code] = []
        var memoryImage = MemoryImage(segments: [])
    }

    private static func parse(_ bytes: [UInt8]) throws(InspectionError) -> ParsedModule {
        var module = ParsedModule()
        var segments: [MemoryImage.Segment] = []
        var parser = Parser(bytes: bytes, features: .all)
        do {
            while let payload = try parser.parseNext() {
                switch payload {
                case .typeSection(let groups):
                    module.types = groups.flatMap(\.types).map { if case .function(let f) = $0.body { f } else { nil } }
                case .importSection(let imports):
                    module.imports = imports
                    for case .memory(let limits) in imports.map(\.descriptor) where module.memory == nil {
                        module.memory = .init(initialPages: limits.min, maximumPages: limits.max, imported: true)
                    }
                case .memorySection(let memories):
                    if module.memory == nil, let first = memories.first {
                        module.memory = .init(
                            initialPages: first.type.min, maximumPages: first.type.max, imported: false)
                    }
                case .exportSection(let exports): module.exports = exports
                case .codeSection(let code): module.code = code
                case .dataSection(let data):
                    for case .active(let active) in data {
                        guard case .i32Const(let address)? = active.offset.first, address >= 0 else { continue }
                        segments.append(.init(address: Int(address), bytes: active.initializer))
                    }
                default: break
                }
            }
        } catch {
            throw .malformed(offset: parser.offset, detail: "\(error)")
        }
        module.memoryImage = MemoryImage(segments: segments)
        return module
    }

    /// The linker writes `\xff Go build ID: "<id>"\n \xff`; the id is the quoted part.
    private static func goBuildID(_ content: ArraySlice<UInt8>) -> String {
        let text = String(decoding: content, as: UTF8.self)
        let parts = text.split(separator: "\"", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : text.filter { $0.isASCII && !$0.isWhitespace }
    }

    /// A custom section's content after its name.
    private static func customContent(_ payload: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var reader = ByteReader(payload)
        guard let length = try? reader.uleb("name"), (try? reader.take(Int(length), "name")) != nil else { return [] }
        return payload[reader.position...]
    }

    private static func describe(_ entry: Import, types: [FunctionType?]) -> InspectionReport.Import {
        let (kind, type): (String, String)
        switch entry.descriptor {
        case .function(let index):
            let signature = Int(index) < types.count ? types[Int(index)] : nil
            (kind, type) = ("function", signature.map { "\($0)" } ?? "type[\(index)]")
        case .memory(let limits): (kind, type) = ("memory", limitsText(limits))
        case .table(let table): (kind, type) = ("table", "\(table.elementType) \(limitsText(table.limits))")
        case .global(let global):
            (kind, type) = ("global", "\(global.mutability == .variable ? "mut " : "")\(global.valueType)")
        case .tag(let index): (kind, type) = ("tag", "type[\(index)]")
        }
        return .init(module: entry.module, name: entry.name, kind: kind, type: type)
    }

    private static func limitsText(_ limits: Limits) -> String {
        "min \(limits.min)" + (limits.max.map { " max \($0)" } ?? "")
    }

    private static func kindName(_ descriptor: ExportDescriptor) -> String {
        switch descriptor {
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .tag: "tag"
        }
    }

    /// Go (gc) js/wasm binaries import only sp-based `(i32) -> ()` functions from `go`/`gojs`; TinyGo's
    /// js imports take real parameters, and TinyGo names its runtime (`runtime.ticks`, `tinygo_*`).
    private static func classify(
        _ report: InspectionReport, buildInfo: GoBuildInfo?, names: [UInt32: String], producers: ProducersSection?
    ) -> InspectionReport.Kind {
        let modules = Set(report.imports.map(\.module))
        let isWASI = modules.contains("wasi_snapshot_preview1") || modules.contains("wasi_unstable")
        let hostImports = report.imports.filter { $0.module == "gojs" || $0.module == "go" || $0.module == "env" }
        let tinyGoMarkers =
            (producers?.summary.lowercased().contains("tinygo") ?? false)
            || report.imports.contains { ["runtime.ticks", "runtime.sleepTicks"].contains($0.name) }
            || names.values.contains { $0.hasPrefix("tinygo_") }
            || (buildInfo == nil
                && hostImports.contains {
                    $0.kind == "function" && $0.name.hasPrefix("syscall/js.") && $0.type != "(i32) -> ()"
                })
        if tinyGoMarkers { return isWASI ? .tinyGoWASI : .tinyGoJS }
        if isWASI { return buildInfo != nil ? .goWASIP1 : .other }
        if report.goHostModule != nil { return .goJS }
        return .other
    }
}
