import Foundation
import TestSupport
import Testing
import WasmInspection

/// `inspect --sizes` / `--diff` / `--html` on real builds of both Go generations.
@Suite("Size breakdown from the pclntab")
struct SizeBreakdownTests {
    static let withJSON = Paths.fixtures.appendingPathComponent("inspect/withjson")

    static func build(_ toolchain: GoToolchain, _ package: URL = Binaries.hello, stripped: Bool) throws -> [UInt8] {
        let url: URL
        switch toolchain {
        case .modern:
            url = try GoToolchain.modern.buildWasm(
                package: package, extraEnvironment: stripped ? ["GOFLAGS": "-mod=mod '-ldflags=-s -w'"] : [:])
        case .go119:
            url = try GoToolchain.go119.buildWasm(
                package: package, extraEnvironment: stripped ? ["GOFLAGS": "-mod=mod -ldflags=-s"] : [:])
        }
        return [UInt8](try Data(contentsOf: url))
    }

    /// The name section writes a symbol with every character outside `[A-Za-z0-9_.]` as `_` (cmd/link's
    /// nameRegexp); the pclntab keeps the symbol as it is.
    static func nameSectionForm(_ symbol: String) -> String {
        String(
            String.UnicodeScalarView(
                symbol.unicodeScalars.map { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                            || scalar == ".")
                        ? scalar : "_"
                }))
    }

    static func packageTotals(_ pieces: [SizeAttribution.Piece]) -> [String: Int] {
        Dictionary(pieces.filter { $0.kind == .package }.map { ($0.name, $0.size) }, uniquingKeysWith: +)
    }

    @Test("pclntab names and sizes equal the name section's, function for function", arguments: GoToolchain.allCases)
    func pclntabMatchesNameSection(toolchain: GoToolchain) throws {
        let bytes = try Self.build(toolchain, stripped: false)
        let names = try WasmInspector.functionNames(bytes: bytes)
        let pieces = try SizeAttribution.attribute(bytes)
        #expect(pieces.reduce(0) { $0 + $1.size } == bytes.count, "every byte in exactly one piece")

        let fromPclntab = pieces.filter { $0.kind == .package }.flatMap(\.functions)
        let outside = pieces.first { $0.name == SizeAttribution.codeOutsidePclntab }?.functions ?? []
        #expect(fromPclntab.count > 1000)
        // Every defined function has a name in the name section; all but the linker's few pclntab-less
        // helpers get the same name from the pclntab, and the body sizes are the code section's either way.
        let report = try WasmInspector.inspect(bytes: bytes, top: 100_000)
        let nameSectionSizes = Dictionary(
            (report.sizes?.largestFunctions ?? []).map { ($0.name, $0.size) }, uniquingKeysWith: { first, _ in first })
        #expect(fromPclntab.count + outside.count == report.functionCount)
        var mismatches: [String] = []
        for function in fromPclntab {
            let expected = names[UInt32(function.index)]
            // Go 1.19's pclntab spells an array length in generated equality functions as `[...]`
            // (`type..eq.[...]runtime.Frame`) where the name section keeps it (`type..eq._2_runtime.Frame`).
            let lengthsElided = expected?.replacingOccurrences(
                of: #"_[0-9]+_"#, with: "_..._", options: .regularExpression)
            if expected != Self.nameSectionForm(function.name),
                !(function.name.contains("[...]") && lengthsElided == Self.nameSectionForm(function.name))
            {
                mismatches.append("#\(function.index): pclntab \(function.name), name section \(expected ?? "none")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        // Sizes, function for function (names are unique but for a few the linker repeats; compare by index).
        let bodySizes = Dictionary(uniqueKeysWithValues: (fromPclntab + outside).map { ($0.index, $0.size) })
        #expect(bodySizes.values.reduce(0, +) == report.codeSize)
        var sizeMismatches = 0
        for function in fromPclntab {
            if let size = nameSectionSizes[Self.nameSectionForm(function.name)], size != function.size,
                names.values.filter({ $0 == Self.nameSectionForm(function.name) }).count == 1
            {
                sizeMismatches += 1
            }
        }
        #expect(sizeMismatches == 0)
        #expect(
            outside.count < 10,
            "only linker helpers lack a pclntab entry: \(outside.map { names[UInt32($0.index)] ?? "?" })")
        // Per package, the pclntab's totals equal the name section's (the `/` written as `_` there).
        let named = Dictionary(
            (report.sizes?.packages ?? []).map { ($0.package, $0.size) }, uniquingKeysWith: +)
        // Pseudo-packages of linker-made symbols (`(linker)`, `go:`, `type:`) are grouped by other names there.
        for (package, size) in Self.packageTotals(pieces)
        where package != "main" && !package.hasPrefix("(") && !package.hasSuffix(":") {
            #expect(named[Self.nameSectionForm(package)].map { $0 >= size } == true, "\(package)")
        }
    }

    @Test("a stripped build gives the same package totals", arguments: GoToolchain.allCases)
    func strippedKeepsPackageTotals(toolchain: GoToolchain) throws {
        let full = try SizeAttribution.attribute(try Self.build(toolchain, stripped: false))
        let strippedBytes = try Self.build(toolchain, stripped: true)
        #expect(try WasmInspector.functionNames(bytes: strippedBytes).isEmpty, "no name section")
        let stripped = try SizeAttribution.attribute(strippedBytes)
        let totals = Self.packageTotals(stripped)
        #expect(totals == Self.packageTotals(full))
        #expect(Set(totals.keys).isSuperset(of: ["runtime", "main", "syscall/js", "fmt"]))
        // The Go runtime's tables delimit the pclntab and the type data in both generations.
        let regions = Dictionary(stripped.filter { $0.kind == .data }.map { ($0.name, $0.size) }, uniquingKeysWith: +)
        #expect((regions["(pclntab: Go function table)"] ?? 0) > 100_000, "\(regions)")
        #expect((regions["(type data: runtime type descriptors)"] ?? 0) > 10_000, "\(regions)")
        #expect(stripped.reduce(0) { $0 + $1.size } == strippedBytes.count)
    }

    @Test("the breakdown adds up to the file, raw and compressed")
    func breakdownAddsUp() throws {
        let bytes = try Self.build(.modern, stripped: true)
        let breakdown = try SizeBreakdown.analyse(bytes: bytes, compression: .quick)
        #expect(breakdown.entries.reduce(0) { $0 + $1.size } == bytes.count)
        #expect(breakdown.entries.reduce(0) { $0 + $1.compressed } == breakdown.compressedSize)
        #expect(breakdown.compressedSize > 0 && breakdown.compressedSize < bytes.count / 2)
        let runtime = try #require(breakdown.entry("runtime"))
        #expect(runtime.compressed > 0 && runtime.compressed < runtime.size)
        #expect(runtime.functions.reduce(0) { $0 + $1.size } == runtime.size)
        let table = SizeText.table(breakdown, file: "main.wasm", top: 5)
        #expect(table.contains("total"))
        #expect(table.contains(SizeTextProbe.grouped(bytes.count)), "the total line is the file size")
        // Every row has the same length: the numbers stay in their columns whatever the longest name (the
        // rodata region's is longer than a package column).
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.hasPrefix("  package / region") })
        let total = try #require(lines.firstIndex { $0.hasPrefix("  total") })
        #expect(Set(lines[header...total].map(\.count)).count == 1, "\(table)")
    }

    @Test("--diff shows the package a build added")
    func diffShowsAddedPackage() throws {
        let old = try SizeBreakdown.analyse(bytes: try Self.build(.modern, stripped: true), compression: .quick)
        let new = try SizeBreakdown.analyse(
            bytes: try Self.build(.modern, Self.withJSON, stripped: true), compression: .quick)
        let diff = SizeDiff(old: old, new: new)
        let json = try #require(diff.changes.first { $0.name == "encoding/json" })
        #expect(json.status == .added)
        #expect(json.oldSize == 0 && json.delta > 10_000 && json.compressedDelta > 0)
        #expect(diff.changes.map { abs($0.delta) } == diff.changes.map { abs($0.delta) }.sorted(by: >))
        #expect(
            diff.newSize - diff.oldSize == diff.changes.reduce(0) { $0 + $1.delta },
            "the changes explain the whole growth")
        let text = SizeText.diff(diff, old: "old.wasm", new: "new.wasm", top: 50)
        #expect(text.contains("encoding/json (added)"))
        #expect(diff.devLine(file: "main.wasm")?.contains("main.wasm: ") == true)
        #expect(SizeDiff(old: new, new: new).devLine(file: "main.wasm") == nil, "no line when nothing changed")
    }

    @Test("the treemap page loads offline in Chromium and the top package's box has its share")
    func treemapInChromium() throws {
        let breakdown = try SizeBreakdown.analyse(bytes: try Self.build(.go119, stripped: true), compression: .quick)
        let html = SizeReportHTML.render(breakdown, title: "main.wasm")
        #expect(!html.contains("http://") && !html.contains("https://"), "nothing to fetch")
        let directory = try Paths.temporaryDirectory("sizes-html")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("sizes.html")
        try Data(html.utf8).write(to: page)
        let offline = ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--window-size=1200,900"]
        let dom = try Chromium.dumpDOM(of: page, chromium: try Chromium.binary(), extraArguments: offline)
        #expect(dom.contains("data-rendered=\"all\""), "the script ran and drew the map")

        let top = try #require(breakdown.entries.first { $0.kind == .package })
        let box = try #require(Self.box(named: top.name, in: dom))
        let area = try #require(Self.attribute("data-area", in: box).flatMap(Double.init))
        let share = Double(top.size) / Double(breakdown.fileSize)
        #expect(abs(area - share) < 0.002, "box \(area) against share \(share)")

        // Zoomed into the package: one box per function.
        let zoomed = URL(string: page.absoluteString + "#" + top.name)!
        let inside = try Chromium.dumpDOM(of: zoomed, chromium: try Chromium.binary(), extraArguments: offline)
        #expect(inside.contains("data-rendered=\"\(top.name)\""))
        let boxes = inside.components(separatedBy: "class=\"box").count - 1
        #expect(boxes == top.functions.filter { $0.size > 0 }.count)
    }

    static func box(named name: String, in dom: String) -> String? {
        let marker = "data-name=\"\(name)\""
        guard let range = dom.range(of: marker) else { return nil }
        let start = dom[..<range.lowerBound].range(of: "<div", options: .backwards)?.lowerBound ?? range.lowerBound
        let end = dom[range.upperBound...].range(of: ">")?.upperBound ?? range.upperBound
        return String(dom[start..<end])
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: "\(name)=\"") else { return nil }
        return tag[range.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }
}

/// The table's digit grouping, as the test expects to read it.
enum SizeTextProbe {
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
