/// Go's own function table (the runtime's pclntab) read out of a GOOS=js wasm binary's data segments: which
/// Go function a wasm PC belongs to, its file and line, and its frame size at that PC — what the Go runtime
/// itself uses for tracebacks. Go wasm has no DWARF; the pclntab survives `-s -w`, the name section does not.
///
/// On wasm a PC is `PC_F << 16 | PC_B`: `PC_F` is 0x1000 plus the function's index among the non-imported
/// functions, `PC_B` the resume point inside it (cmd/link/internal/wasm). Formats: Go 1.18–1.19 (magic
/// 0xfffffff0) and Go 1.20+ (0xfffffff1, with each function's start line).
public struct GoLineTable: Sendable {
    /// A Go function at a PC.
    public struct Location: Sendable, Hashable {
        public let function: String
        public let file: String
        public let line: Int
    }

    private struct FunctionEntry: Sendable {
        let entry: UInt64  // the function's PC
        let offset: Int  // of its _func record, from the start of the function table
    }

    /// The PC of the first wasm function after the imports: `funcValueOffset << 16`.
    public static let textStart: UInt64 = 0x1000 << 16

    private let table: [UInt8]
    private let functions: [FunctionEntry]
    private let goVersion120: Bool
    private let funcnameOffset: Int, cuOffset: Int, filetabOffset: Int, pctabOffset: Int, pclnOffset: Int

    /// Reads the pclntab of `wasm`, or nil when the binary has none (not Go, or damaged).
    public init?(wasm bytes: [UInt8]) {
        guard let image = DataImage(wasm: bytes), let table = image.pclntab() else { return nil }
        self.init(table: table)
    }

    init?(table: [UInt8]) {
        let reader = LittleEndian(table)
        guard let magic = reader.u32(at: 0), magic == 0xFFFF_FFF1 || magic == 0xFFFF_FFF0,
            table.count > 64, table[6] == 1, table[7] == 8,
            let count = reader.u64(at: 8)
        else { return nil }
        goVersion120 = magic == 0xFFFF_FFF1
        // Both layouts: magic, pads, minLC, ptrSize, nfunc, nfiles, (textStart), then five offsets.
        guard let names = reader.u64(at: 32), let cus = reader.u64(at: 40), let files = reader.u64(at: 48),
            let pcs = reader.u64(at: 56), let funcs = reader.u64(at: 64),
            count < 1 << 24, funcs < table.count
        else { return nil }
        funcnameOffset = Int(names)
        cuOffset = Int(cus)
        filetabOffset = Int(files)
        pctabOffset = Int(pcs)
        pclnOffset = Int(funcs)
        var entries: [FunctionEntry] = []
        entries.reserveCapacity(Int(count))
        // The text starts at 0 on wasm. Go 1.19 stores each entry's PC; later versions only PC_F (the
        // runtime's textOff shifts by 16 on wasm).
        guard let first = reader.u32(at: pclnOffset) else { return nil }
        let shift: UInt64 = first < 1 << 16 ? 16 : 0
        for index in 0..<Int(count) {
            guard let entry = reader.u32(at: pclnOffset + index * 8),
                let offset = reader.u32(at: pclnOffset + index * 8 + 4)
            else { return nil }
            entries.append(FunctionEntry(entry: UInt64(entry) << shift, offset: Int(offset)))
        }
        self.table = table
        self.functions = entries

    }

    /// The number of Go functions in the table.
    public var functionCount: Int { functions.count }

    /// Each Go function's entry PC, ascending.
    public var entries: [UInt64] { functions.map(\.entry) }

    /// The function, file and line of `pc`; for a return address (every frame but the innermost), pass
    /// `isReturnAddress` so the line is the call's, as Go's traceback does.
    public func location(pc: UInt64, isReturnAddress: Bool = true) -> Location? {
        guard let (record, entry) = record(for: pc) else { return nil }
        let reader = LittleEndian(table)
        guard let nameOff = reader.u32(at: record + 4), let pcfile = reader.u32(at: record + 20),
            let pcln = reader.u32(at: record + 24), let cu = reader.u32(at: record + 32)
        else { return nil }
        let target = isReturnAddress && pc > entry ? pc - 1 : pc
        let name = string(at: funcnameOffset + Int(nameOff)) ?? "?"
        guard let fileIndex = value(table: pcfile, entry: entry, target: target),
            let line = value(table: pcln, entry: entry, target: target),
            let fileOffset = reader.u32(at: cuOffset + (Int(cu) + Int(fileIndex)) * 4),
            let file = string(at: filetabOffset + Int(fileOffset))
        else { return Location(function: name, file: "?", line: 0) }
        return Location(function: name, file: file, line: Int(line))
    }

    /// The entry PC of the function holding `pc`.
    public func functionEntry(pc: UInt64) -> UInt64? { record(for: pc)?.1 }

    /// Each Go function's name and entry PC, in table order (ascending PCs).
    package var namedFunctions: [(name: String, entry: UInt64)] {
        let reader = LittleEndian(table)
        return functions.map { function in
            let name = reader.u32(at: pclnOffset + function.offset + 4).flatMap { string(at: funcnameOffset + Int($0)) }
            return (name ?? "?", function.entry)
        }
    }

    /// The table's offset of the function name table (the runtime's `funcnametab`), from the header.
    var functionNamesOffset: Int { funcnameOffset }

    /// Whether this is the Go 1.20+ layout (magic 0xfffffff1).
    var isGo120Layout: Bool { goVersion120 }

    /// The entry PC of the function with this name (a linear search).
    public func entry(of name: String) -> UInt64? {
        let reader = LittleEndian(table)
        for function in functions {
            guard let nameOff = reader.u32(at: pclnOffset + function.offset + 4) else { continue }
            if string(at: funcnameOffset + Int(nameOff)) == name { return function.entry }
        }
        return nil
    }

    /// The function's start line (Go 1.20+; nil before).
    public func startLine(pc: UInt64) -> Int? {
        guard goVersion120, let (record, _) = record(for: pc) else { return nil }
        let reader = LittleEndian(table)
        return reader.u32(at: record + 36).map { Int(Int32(bitPattern: $0)) }
    }

    /// The size of the function's frame at `pc` (the runtime's pcsp), so the caller's return address is
    /// at `sp + frameSize` once `sp` is past this frame's own return address.
    public func frameSize(pc: UInt64) -> Int? {
        guard let (record, entry) = record(for: pc) else { return nil }
        let reader = LittleEndian(table)
        guard let pcsp = reader.u32(at: record + 16) else { return nil }
        return value(table: pcsp, entry: entry, target: pc).map { Int($0) }
    }

    /// The `_func` record offset (from the table's start) and the entry PC of the function holding `pc`.
    private func record(for pc: UInt64) -> (Int, UInt64)? {
        guard let firstEntry = functions.first?.entry, pc >= firstEntry else { return nil }
        var low = 0, high = functions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if functions[middle].entry <= pc { low = middle } else { high = middle - 1 }
        }
        // A PC in a different wasm function than the best entry is not Go's.
        guard functions[low].entry >> 16 == pc >> 16 else { return nil }
        return (pclnOffset + functions[low].offset, functions[low].entry)
    }

    /// The runtime's pcvalue: zig-zag value deltas and PC deltas from the function's entry; -1 first.
    private func value(table offset: UInt32, entry: UInt64, target: UInt64) -> Int32? {
        guard offset != 0 else { return nil }
        var position = pctabOffset + Int(offset)
        var pc = entry
        var value: Int32 = -1
        var first = true
        while true {
            guard let delta = varint(&position) else { return nil }
            if delta == 0 && !first { return nil }
            first = false
            value &+= Int32(truncatingIfNeeded: Int64(bitPattern: (delta >> 1) ^ (0 &- (delta & 1))))
            guard let pcDelta = varint(&position) else { return nil }
            pc &+= pcDelta
            if target < pc { return value }
        }
    }

    private func varint(_ position: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < table.count, shift < 64 {
            let byte = table[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    private func string(at offset: Int) -> String? {
        guard offset >= 0, offset < table.count else { return nil }
        guard let end = table[offset...].firstIndex(of: 0) else { return nil }
        return String(decoding: table[offset..<end], as: UTF8.self)
    }
}

/// The bytes the data segments put into linear memory (zeros between them), to find the pclntab in.
struct DataImage {
    let bytes: [UInt8]

    init?(wasm: [UInt8]) {
        guard let sections = try? SectionScanner.scan(wasm), let data = sections.first(where: { $0.id == 11 }) else {
            return nil
        }
        var reader = ByteReader(data.payload)
        guard let count = try? reader.uleb("data count") else { return nil }
        var segments: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        for _ in 0..<count {
            // Go emits active segments for memory 0 with an `i32.const N; end` offset.
            guard let flags = try? reader.uleb("segment flags"), flags == 0,
                let opcode = try? reader.byte("offset"), opcode == 0x41,
                let offset = try? reader.uleb("offset", bits: 35),
                let end = try? reader.byte("end"), end == 0x0B,
                let length = try? reader.uleb("segment size"),
                let bytes = try? reader.take(Int(length), "segment")
            else { return nil }
            // i32.const is signed LEB128; Go's offsets are below 2^31, where it reads as unsigned too.
            segments.append((Int(offset), bytes))
        }
        guard let top = segments.map({ $0.offset + $0.bytes.count }).max(), top < 1 << 30 else { return nil }
        var image = [UInt8](repeating: 0, count: top)
        for segment in segments {
            image.replaceSubrange(segment.offset..<segment.offset + segment.bytes.count, with: segment.bytes)
        }
        bytes = image
    }

    /// The pclntab: from its header's magic (Go 1.18+, 64-bit pointers, minLC 1) to the end of the image.
    func pclntab() -> [UInt8]? {
        pclntabAddress().map { Array(bytes[$0...]) }
    }

    /// The linear-memory address of the pclntab's header (the runtime's `pcHeader`).
    func pclntabAddress() -> Int? {
        let patterns: [[UInt8]] = [[0xF1, 0xFF, 0xFF, 0xFF, 0, 0, 1, 8], [0xF0, 0xFF, 0xFF, 0xFF, 0, 0, 1, 8]]
        for pattern in patterns {
            var index = 0
            // The header is 8-byte aligned.
            while index + pattern.count <= bytes.count {
                if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern,
                    GoLineTable(table: Array(bytes[index...])) != nil
                {
                    return index
                }
                index += 8
            }
        }
        return nil
    }
}

struct LittleEndian {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    func u64(at offset: Int) -> UInt64? {
        guard offset >= 0, offset + 8 <= bytes.count else { return nil }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}

extension GoLineTable {
    /// Whether `wasm` has a custom section of that name (a `-s` build has no "name" section).
    public static func hasCustomSection(_ name: String, in wasm: [UInt8]) -> Bool {
        (try? SectionScanner.scan(wasm))?.contains { $0.customName == name } ?? false
    }
}
