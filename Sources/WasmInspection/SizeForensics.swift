/// Attributes function body sizes to names from the `name` section, like `go tool nm -size` or twiggy.
enum SizeAnalysis {
    /// `bodySizes[i]` is the size of defined function `i` (function index `importedFunctions + i`).
    static func analyse(bodySizes: [Int], importedFunctions: Int, names: [UInt32: String], top: Int)
        -> InspectionReport.SizeForensics
    {
        var functions: [InspectionReport.FunctionSize] = []
        functions.reserveCapacity(bodySizes.count)
        var perPackage: [String: (size: Int, count: Int)] = [:]
        for (i, size) in bodySizes.enumerated() {
            let index = UInt32(importedFunctions + i)
            let name = names[index] ?? "function[\(index)]"
            functions.append(.init(name: name, size: size))
            let package = goPackage(of: name)
            perPackage[package, default: (0, 0)].size += size
            perPackage[package, default: (0, 0)].count += 1
        }
        let largest = functions.sorted { ($0.size, $1.name) > ($1.size, $0.name) }.prefix(max(0, top))
        let packages = perPackage.map {
            InspectionReport.PackageSize(package: $0.key, size: $0.value.size, functions: $0.value.count)
        }
        .sorted { ($0.size, $1.package) > ($1.size, $0.package) }
        return .init(largestFunctions: Array(largest), packages: packages)
    }

    /// The Go package a linker symbol belongs to: `github.com/a/b.(*T).M` → `github.com/a/b`,
    /// `runtime.mallocgc` → `runtime`. Generic instantiations (`pkg.F[go.shape.int]`) are cut at `[`;
    /// compiler-generated type functions (`type:.eq.main.T`) go to `type:`; names without a dot
    /// (linker helpers such as `wasm_pc_f_loop`) to `(linker)`.
    static func goPackage(of symbol: String) -> String {
        if symbol.hasPrefix("type:") || symbol.hasPrefix("type..") { return "type:" }
        if symbol.hasPrefix("go:") || symbol.hasPrefix("go.") { return "go:" }
        let base = symbol.firstIndex(of: "[").map { symbol[..<$0] } ?? symbol[...]
        let afterSlash = base.lastIndex(of: "/").map { base.index(after: $0) } ?? base.startIndex
        guard let dot = base[afterSlash...].firstIndex(of: ".") else { return "(linker)" }
        return String(base[..<dot])
    }
}
