/// Exported functions whose whole body is `global.get N` (Go's `getsp`, which the glue calls after every
/// `valueGet`, `valueCall`, `valueNew` and `valueInvoke`), answered without entering the interpreter.
///
/// Each entry into WasmKit sets up its trap guard with `sigsetjmp(…, 1)`, a signal-mask system call, so
/// a call that only reads a global costs about 1 µs, and the 1M `js.Value` calls benchmark made 750,000
/// of them. WasmKit gives access only to exported globals, so the module is given one more export per
/// such global before it is parsed; the function's JS wrapper then reads the global directly. The result is
/// the same value the function would return: the global is the interpreter's own storage, not a copy.
struct GlobalReaderExports {
    /// The module's bytes, with an export added for each global read by a reader function.
    let bytes: [UInt8]
    /// Exported function name → the added export of the global it returns.
    let readers: [String: String]

    /// The prefix of the added exports' names. A NUL byte cannot start a name a toolchain emits for JS,
    /// and the JS `exports` object leaves these out.
    static let namePrefix = "\u{0}global-reader-"

    /// Finds the reader functions of `bytes`; a module with none, or one this scan does not understand,
    /// is returned unchanged (WasmKit's own parser then reports any error).
    init(module bytes: [UInt8]) {
        guard let found = try? Self.scan(bytes), !found.readers.isEmpty else {
            self.bytes = bytes
            readers = [:]
            return
        }
        var readers: [String: String] = [:]
        var added: [(name: String, global: UInt32)] = []
        for (function, global) in found.readers {
            let name = Self.namePrefix + String(global)
            if !added.contains(where: { $0.global == global }) { added.append((name, global)) }
            readers[function] = name
        }
        var content = LEB128.encode(UInt64(found.exportCount) + UInt64(added.count))
        content += bytes[found.exportEntries]
        for (name, global) in added {
            let utf8 = Array(name.utf8)
            content += LEB128.encode(UInt64(utf8.count)) + utf8 + [0x03] + LEB128.encode(UInt64(global))
        }
        self.bytes = WasmBinary.replacing(found.exportSection, with: content, in: bytes)
        self.readers = readers
    }

    private struct Scan {
        var exportSection: WasmBinary.Section
        var exportCount: UInt64
        /// The export entries, after the count.
        var exportEntries: Range<Int>
        /// Exported function name → the global its body reads.
        var readers: [(String, UInt32)]
    }

    private static func scan(_ bytes: [UInt8]) throws(WasmBinary.Malformed) -> Scan {
        var importedFunctions: UInt64 = 0
        var exports: (section: WasmBinary.Section, count: UInt64, entries: Range<Int>)?
        var exportedFunctions: [(name: String, index: UInt64)] = []
        var codeBodies: [UInt64: Range<Int>] = [:]
        for section in try WasmBinary.sections(of: bytes) {
            var reader = WasmBinary.ByteReader(bytes: bytes, offset: section.content.lowerBound)
            switch section.id {
            case 2:  // imports: only the number of function imports matters (they come first in the index space)
                for _ in 0..<(try reader.leb()) {
                    _ = try reader.name()
                    _ = try reader.name()
                    switch try reader.byte() {
                    case 0x00: _ = try reader.leb(); importedFunctions += 1
                    case 0x01: _ = try reader.byte(); _ = try reader.limits()
                    case 0x02: _ = try reader.limits()
                    case 0x03: _ = try reader.byte(); _ = try reader.byte()
                    case 0x04: _ = try reader.byte(); _ = try reader.leb()
                    default: throw .malformed
                    }
                }
            case 7:
                let count = try reader.leb()
                let entries = reader.offset..<section.content.upperBound
                for _ in 0..<count {
                    let name = try reader.name()
                    let kind = try reader.byte()
                    let index = try reader.leb()
                    if kind == 0x00 { exportedFunctions.append((name, index)) }
                }
                exports = (section, count, entries)
            case 10:
                let wanted = Set(exportedFunctions.map(\.index))
                for position in 0..<(try reader.leb()) {
                    let size = try reader.leb()
                    guard size <= UInt64(section.content.upperBound - reader.offset) else { throw .malformed }
                    let body = reader.offset..<(reader.offset + Int(size))
                    if wanted.contains(importedFunctions + position) { codeBodies[importedFunctions + position] = body }
                    reader.offset = body.upperBound
                }
            default: break
            }
        }
        guard let exports else { throw .malformed }
        var readers: [(String, UInt32)] = []
        for (name, index) in exportedFunctions {
            guard let body = codeBodies[index], let global = Self.globalRead(by: bytes[body]) else { continue }
            readers.append((name, global))
        }
        return Scan(
            exportSection: exports.section, exportCount: exports.count, exportEntries: exports.entries, readers: readers
        )
    }

    /// The global index when `body` (locals and code) is exactly: no locals, `global.get N`, then `end`,
    /// or `return` followed by nothing but `unreachable`s and `end` (what Go emits for `Get SP; Return`).
    static func globalRead(by body: ArraySlice<UInt8>) -> UInt32? {
        var reader = WasmBinary.ByteReader(bytes: Array(body))
        guard (try? reader.leb()) == 0, (try? reader.byte()) == 0x23, let global = try? reader.leb() else { return nil }
        var rest = body.suffix(from: body.startIndex + reader.offset)
        if rest.first == 0x0F {
            rest = rest.dropFirst().drop { $0 == 0x00 }
        }
        guard rest.elementsEqual([0x0B]) else { return nil }
        return UInt32(exactly: global)
    }
}
