import Compression
import Foundation

/// Where every byte of a Go wasm goes: code per Go package and function (from the pclntab, so stripped
/// binaries too), the data regions the runtime's module data delimits, every other section by name, and the
/// wasm framing. The entries add up to the file size exactly; what cannot be attributed is shown as such.
///
/// The compressed column is an estimate: each entry's bytes are brotli-compressed on their own and the
/// results scaled so they sum to the whole file's brotli size (`method` says so in the output). Compressing
/// apart loses what a piece shares with the rest, so small entries read a little high.
public struct SizeBreakdown: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Function bodies of one Go package.
        case package
        /// A data region the Go runtime delimits (pclntab, type data, rodata, noptrdata, data).
        case data
        /// A wasm section other than code and data, or a custom section, by name.
        case section
        /// Section headers, LEB128 sizes, segment headers: the module's own structure.
        case framing
        /// Bytes nothing here can name (code outside the pclntab, data outside the known regions).
        case unattributed
    }

    public struct Function: Codable, Sendable, Equatable {
        public var name: String
        /// The wasm function index (imports first), as the name section counts.
        public var index: Int
        public var size: Int
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var size: Int
        /// The entry's estimated share of the compressed file, in bytes.
        public var compressed: Int
        /// For a package: its functions, largest first.
        public var functions: [Function]
    }

    public var fileSize: Int
    /// The whole file's size under `compression`.
    public var compressedSize: Int
    /// e.g. `brotli 11`.
    public var compression: String
    /// How the compressed shares are estimated (printed with every format).
    public var method: String
    /// Whether the function names came from Go's pclntab (else: no Go function table found).
    public var hasGoFunctionTable: Bool
    /// Largest first; sizes sum to `fileSize`, compressed sizes to `compressedSize`.
    public var entries: [Entry]

    /// The entry of a package or region by name.
    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }
}

/// Brotli settings for the breakdown: the whole file at `quality` (what a build ships), each entry apart at
/// `pieceQuality` (quicker; only the ratios between pieces are used).
public struct SizeCompression: Sendable {
    public var quality: Int32
    public var pieceQuality: Int32
    public init(quality: Int32 = 11, pieceQuality: Int32 = 9) {
        self.quality = quality
        self.pieceQuality = pieceQuality
    }
    /// The dev server's quick level, for a breakdown after every rebuild.
    public static let quick = SizeCompression(quality: 5, pieceQuality: 5)
}

extension SizeBreakdown {
    /// Breaks down the file at `path`.
    public static func analyse(path: String, compression: SizeCompression = .init()) throws(InspectionError)
        -> SizeBreakdown
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try analyse(bytes: [UInt8](data), compression: compression)
    }

    public static func analyse(bytes: [UInt8], compression: SizeCompression = .init()) throws(InspectionError)
        -> SizeBreakdown
    {
        let pieces = try SizeAttribution.attribute(bytes)
        let whole = brotliSize(bytes[...], quality: compression.quality)
        let apart = compressApart(pieces.map(\.chunks), quality: compression.pieceQuality)
        let shares = SizeAttribution.scale(apart, to: whole)
        var entries: [Entry] = []
        for (index, piece) in pieces.enumerated() {
            let functions = piece.functions.sorted { ($0.size, $1.index) > ($1.size, $0.index) }
            entries.append(
                Entry(
                    name: piece.name, kind: piece.kind, size: piece.size, compressed: shares[index],
                    functions: functions))
        }
        entries.sort { ($0.size, $1.name) > ($1.size, $0.name) }
        return SizeBreakdown(
            fileSize: bytes.count, compressedSize: whole, compression: "brotli \(compression.quality)",
            method:
                "each entry's bytes brotli-compressed apart (quality \(compression.pieceQuality)) and scaled so the entries sum to the whole file at brotli \(compression.quality)",
            hasGoFunctionTable: pieces.contains { $0.kind == .package }, entries: entries)
    }

    private static func brotliSize(_ bytes: ArraySlice<UInt8>, quality: Int32) -> Int {
        // A buffer the encoder cannot compress still has a size bound: the input plus brotli's framing.
        (try? Brotli.compress(Array(bytes), quality: quality).count) ?? bytes.count + 16
    }

    /// Compresses each piece's bytes (its chunks concatenated) on its own, using every core.
    private static func compressApart(_ pieces: [[ArraySlice<UInt8>]], quality: Int32) -> [Int] {
        let results = SizeResults(count: pieces.count)
        // Largest first, so the long compressions start early.
        let order = pieces.indices.sorted {
            pieces[$0].reduce(0) { $0 + $1.count } > pieces[$1].reduce(0) { $0 + $1.count }
        }
        DispatchQueue.concurrentPerform(iterations: order.count) { position in
            let index = order[position]
            let joined = pieces[index].reduce(into: [UInt8]()) { $0.append(contentsOf: $1) }
            results.set(index, joined.isEmpty ? 0 : brotliSize(joined[...], quality: quality))
        }
        return results.values
    }
}

private final class SizeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int]
    init(count: Int) { storage = Array(repeating: 0, count: count) }
    func set(_ index: Int, _ value: Int) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// The decisions of the breakdown (which bytes belong to what), without compression.
package enum SizeAttribution {
    package struct Piece {
        package var name: String
        package var kind: SizeBreakdown.Kind
        package var size = 0
        package var chunks: [ArraySlice<UInt8>] = []
        package var functions: [SizeBreakdown.Function] = []
    }

    package static let framing = "(wasm framing)"
    package static let codeOutsidePclntab = "(code: functions not in the pclntab)"
    package static let dataUnattributed = "(data: unattributed)"

    /// Every byte of `bytes` in exactly one piece, in first-seen order.
    package static func attribute(_ bytes: [UInt8]) throws(InspectionError) -> [Piece] {
        var pieces = PieceSet()
        let sections = try SectionScanner.scan(bytes)
        pieces.add(framing, .framing, bytes[0..<8])
        var previousEnd = 8
        var importedFunctions = 0
        let layout = GoDataLayout(wasm: bytes)
        for raw in sections {
            pieces.add(framing, .framing, bytes[previousEnd..<raw.payload.startIndex])
            previousEnd = raw.payload.endIndex
            if let name = raw.customName {
                pieces.add("(custom section: \(name))", .section, raw.payload)
                continue
            }
            switch raw.id {
            case 2:
                importedFunctions = (try? importedFunctionCount(raw.payload)) ?? 0
                pieces.add("(import section)", .section, raw.payload)
            case 10:
                try attributeCode(
                    raw.payload, importedFunctions: importedFunctions, names: layout?.functionNames ?? [:],
                    into: &pieces)
            case 11:
                attributeData(raw.payload, regions: layout?.regions ?? [], into: &pieces)
            default:
                pieces.add("(\(SectionScanner.sectionName(raw.id)) section)", .section, raw.payload)
            }
        }
        return pieces.ordered
    }

    /// Function bodies go to their Go package by the pclntab's name for their index; the count and each
    /// body's size LEB128 are framing.
    private static func attributeCode(
        _ payload: ArraySlice<UInt8>, importedFunctions: Int, names: [Int: String], into pieces: inout PieceSet
    ) throws(InspectionError) {
        var reader = ByteReader(payload)
        let count = try reader.uleb("the code section's function count")
        pieces.add(framing, .framing, payload[payload.startIndex..<reader.position])
        for defined in 0..<Int(count) {
            let start = reader.position
            let size = try reader.uleb("a function body's size")
            pieces.add(framing, .framing, payload[start..<reader.position])
            let body = try reader.take(Int(size), "a function body")
            let index = importedFunctions + defined
            if let name = names[defined] {
                pieces.add(
                    SizeAnalysis.goPackage(of: name), .package, body,
                    function: .init(name: name, index: index, size: body.count))
            } else {
                pieces.add(
                    codeOutsidePclntab, .unattributed, body,
                    function: .init(name: "function[\(index)]", index: index, size: body.count))
            }
        }
    }

    /// Segment bytes go to the region their address falls in (split at region edges); segment headers are
    /// framing; a segment form Go does not emit leaves the rest unattributed.
    private static func attributeData(
        _ payload: ArraySlice<UInt8>, regions: [GoDataLayout.Region], into pieces: inout PieceSet
    ) {
        var reader = ByteReader(payload)
        guard let count = try? reader.uleb("data count") else {
            pieces.add(dataUnattributed, .unattributed, payload)
            return
        }
        pieces.add(framing, .framing, payload[payload.startIndex..<reader.position])
        for _ in 0..<count {
            let start = reader.position
            guard let flags = try? reader.uleb("segment flags"), flags == 0,
                let opcode = try? reader.byte("offset"), opcode == 0x41,
                let address = try? reader.uleb("offset", bits: 35),
                let end = try? reader.byte("end"), end == 0x0B,
                let length = try? reader.uleb("segment size"),
                let segment = try? reader.take(Int(length), "segment")
            else {
                pieces.add(dataUnattributed, .unattributed, payload[start...])
                return
            }
            pieces.add(framing, .framing, payload[start..<segment.startIndex])
            split(segment, at: Int(address), regions: regions, into: &pieces)
        }
        pieces.add(dataUnattributed, .unattributed, payload[reader.position...])
    }

    private static func split(
        _ segment: ArraySlice<UInt8>, at address: Int, regions: [GoDataLayout.Region], into pieces: inout PieceSet
    ) {
        var cursor = address
        let end = address + segment.count
        func bytes(_ from: Int, _ to: Int) -> ArraySlice<UInt8> {
            segment[(segment.startIndex + from - address)..<(segment.startIndex + to - address)]
        }
        while cursor < end {
            if let region = regions.first(where: { $0.range.contains(cursor) }) {
                let stop = min(end, region.range.upperBound)
                pieces.add(region.name, .data, bytes(cursor, stop))
                cursor = stop
            } else {
                let next = regions.map(\.range.lowerBound).filter { $0 > cursor }.min() ?? end
                let stop = min(end, next)
                pieces.add(dataUnattributed, .unattributed, bytes(cursor, stop))
                cursor = stop
            }
        }
    }

    /// Function imports come first in the function index space.
    private static func importedFunctionCount(_ payload: ArraySlice<UInt8>) throws(InspectionError) -> Int {
        var reader = ByteReader(payload)
        let count = try reader.uleb("import count")
        var functions = 0
        for _ in 0..<count {
            _ = try reader.take(Int(try reader.uleb("module name")), "module name")
            _ = try reader.take(Int(try reader.uleb("field name")), "field name")
            switch try reader.byte("import kind") {
            case 0:
                _ = try reader.uleb("type index")
                functions += 1
            case 1:
                _ = try reader.byte("table type")
                try limits(&reader)
            case 2: try limits(&reader)
            case 3: _ = try reader.take(2, "global type")
            case 4:
                _ = try reader.byte("tag attribute")
                _ = try reader.uleb("tag type")
            default: throw .malformed(offset: reader.position, detail: "unknown import kind")
            }
        }
        return functions
    }

    private static func limits(_ reader: inout ByteReader) throws(InspectionError) {
        let flags = try reader.byte("limits")
        _ = try reader.uleb("limits minimum", bits: 64)
        if flags & 1 != 0 { _ = try reader.uleb("limits maximum", bits: 64) }
    }

    /// Spreads `total` over the pieces in proportion to `apart`, rounding so the results sum to `total`
    /// (largest remainders get the leftover bytes).
    package static func scale(_ apart: [Int], to total: Int) -> [Int] {
        let sum = apart.reduce(0, +)
        guard sum > 0 else { return apart.map { _ in 0 } }
        var floors: [Int] = []
        var remainders: [(Double, Int)] = []
        for (index, value) in apart.enumerated() {
            let exact = Double(value) * Double(total) / Double(sum)
            let floor = exact.rounded(.down)
            floors.append(Int(exactly: floor) ?? 0)
            remainders.append((exact - floor, index))
        }
        var left = total - floors.reduce(0, +)
        for (_, index) in remainders.sorted(by: { $0.0 > $1.0 }) where left > 0 {
            floors[index] += 1
            left -= 1
        }
        return floors
    }
}

/// Pieces by name, keeping the order they were first seen in.
private struct PieceSet {
    private var byName: [String: Int] = [:]
    private(set) var ordered: [SizeAttribution.Piece] = []

    mutating func add(
        _ name: String, _ kind: SizeBreakdown.Kind, _ bytes: ArraySlice<UInt8>, function: SizeBreakdown.Function? = nil
    ) {
        guard !bytes.isEmpty || function != nil else { return }
        let index: Int
        if let known = byName[name] {
            index = known
        } else {
            index = ordered.count
            byName[name] = index
            ordered.append(.init(name: name, kind: kind))
        }
        ordered[index].size += bytes.count
        if !bytes.isEmpty { ordered[index].chunks.append(bytes) }
        if let function { ordered[index].functions.append(function) }
    }
}

/// What the Go runtime's own tables say about a binary's memory image: the function names by wasm
/// function (from the pclntab) and the data regions the module data (`runtime.firstmoduledata`) delimits.
package struct GoDataLayout {
    package struct Region: Sendable {
        package let name: String
        package let range: Range<Int>
    }

    package static let readOnly = "(rodata: strings, itabs, func data; not split further)"

    /// Defined-function index (0 = the first after the imports) → Go function name.
    package let functionNames: [Int: String]
    /// Non-overlapping, ascending.
    package let regions: [Region]

    package init?(wasm: [UInt8]) {
        guard let image = DataImage(wasm: wasm), let header = image.pclntabAddress(),
            let table = GoLineTable(table: Array(image.bytes[header...]))
        else { return nil }
        var names: [Int: String] = [:]
        for function in table.namedFunctions {
            // PC_F is 0x1000 plus the defined-function index (cmd/link/internal/wasm).
            let pcF = function.entry >> 16
            guard pcF >= 0x1000, let index = Int(exactly: pcF - 0x1000), names[index] == nil else { continue }
            names[index] = function.name
        }
        functionNames = names
        regions = Self.regions(image: image.bytes, header: header, table: table)
    }

    /// The module data starts with a pointer to the pclntab header, then the function-name table's slice.
    /// Its fixed prefix (through `enoptrbss`) is the same in Go 1.18–1.27; after it, the type bounds move.
    private static func regions(image: [UInt8], header: Int, table: GoLineTable) -> [Region] {
        let reader = LittleEndian(image)
        let headerAddress = UInt64(header)
        let names = headerAddress + UInt64(table.functionNamesOffset)
        var position = 0
        var moduledata: Int?
        while position + 320 <= image.count {
            if reader.u64(at: position) == headerAddress, reader.u64(at: position + 8) == names {
                moduledata = position
                break
            }
            position += 8
        }
        guard let base = moduledata else { return [] }
        func word(_ offset: Int) -> Int? { reader.u64(at: base + offset).flatMap { Int(exactly: $0) } }
        func valid(_ range: Range<Int>) -> Bool { !range.isEmpty && range.upperBound <= image.count }
        var found: [Region] = []
        // pclntable runs from its functions' records to the end of the pclntab; the header starts it.
        if let start = word(104), let length = word(112), start >= header, valid(header..<start + length) {
            found.append(.init(name: "(pclntab: Go function table)", range: header..<start + length))
        }
        if let start = word(192), let end = word(200), start <= end, valid(start..<end) {
            found.append(.init(name: "(noptrdata: Go variables without pointers)", range: start..<end))
        }
        if let start = word(208), let end = word(216), start <= end, valid(start..<end) {
            found.append(.init(name: "(data: Go variables with pointers)", range: start..<end))
        }
        // types: Go 1.18–1.19 at 280 (etypes next); Go 1.20+ add covctrs/ecovctrs first (types at 296), and
        // Go 1.27 puts typedesclen (a length, below any address) between types and etypes.
        var types: Range<Int>?
        if table.isGo120Layout {
            if let start = word(296), let next = word(304) {
                let end = next > start ? next : (word(312) ?? 0)
                if end > start { types = start..<end }
            }
        } else if let start = word(280), let end = word(288), end > start {
            types = start..<end
        }
        if let types, valid(types) { found.append(.init(name: "(type data: runtime type descriptors)", range: types)) }
        // The linker lays out read-only data (rodata, typelinks, itablinks, pclntab, go:func.* function
        // metadata) before noptrdata: what the tables do not delimit there is read-only data, not split further
        // (strings, itabs, stack maps, constants).
        let known = found.sorted { $0.range.lowerBound < $1.range.lowerBound }
        if let readOnlyEnd = word(192), readOnlyEnd <= image.count {
            var cursor = 0
            for region in known where region.range.lowerBound < readOnlyEnd {
                if region.range.lowerBound > cursor {
                    found.append(.init(name: Self.readOnly, range: cursor..<region.range.lowerBound))
                }
                cursor = max(cursor, region.range.upperBound)
            }
            if cursor < readOnlyEnd { found.append(.init(name: Self.readOnly, range: cursor..<readOnlyEnd)) }
        }
        let sorted = found.sorted { $0.range.lowerBound < $1.range.lowerBound }
        // Keep only non-overlapping regions (a damaged module data must not double-count).
        var result: [Region] = []
        for region in sorted where result.last.map({ $0.range.upperBound <= region.range.lowerBound }) ?? true {
            result.append(region)
        }
        return result
    }
}
