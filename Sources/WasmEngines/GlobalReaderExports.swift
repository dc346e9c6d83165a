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
        var section = LEB128.encode(UInt64(found.exportCount) + UInt64(added.count))
        section += bytes[found.exportEntries]
        for (name, global) in added {
            let utf8 = Array(name.utf8)
            section += LEB128.encode(UInt64(utf8.count)) + utf8 + [0x03] + LEB128.encode(UInt64(global))
        }
        var patched = Array(bytes[..<found.exportSection.lowerBound])
        patched += [7] + LEB128.encode(UInt64(section.count)) + section
        patched += bytes[found.exportSection.upperBound...]
        self.bytes = patched
        self.readers = readers
    }

    private struct Scan {
        /// The whole export section, its id byte included.
        var exportSection: Range<Int>
        var exportCount: UInt32
        /// The export entries, after the count.
        var exportEntries: Range<Int>
        /// Exported function name → the global its body reads.
        var readers: [(String, UInt32)]
    }

    private enum ScanError: Error { case malformed }

    private static func scan(_ bytes: [UInt8]) throws -> Scan {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 8, bytes[0..<4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) else { throw ScanError.malformed }
        reader.offset = 8
        var importedFunctions: UInt32 = 0
        var exportSection: Range<Int>?
        var exportCount: UInt32 = 0
        var exportEntries = 0..<0
        var exportedFunctions: [(name: String, index: UInt32)] = []
        var codeBodies: [UInt32: Range<Int>] = [:]
        while !reader.atEnd {
            let sectionStart = reader.offset
            let id = try reader.byte()
            let size = Int(try reader.leb())
            let contentStart = reader.offset
            guard size <= bytes.count - contentStart else { throw ScanError.malformed }
            let end = contentStart + size
            switch id {
            case 2:  // imports: only the number of function imports matters (they come first in the index space)
                for _ in 0..<(try reader.leb()) {
                    try reader.skipName()
                    try reader.skipName()
                    switch try reader.byte() {
                    case 0x00: _ = try reader.leb(); importedFunctions += 1
                    case 0x01: _ = try reader.byte(); try reader.skipLimits()
                    case 0x02: try reader.skipLimits()
                    case 0x03: _ = try reader.byte(); _ = try reader.byte()
                    case 0x04: _ = try reader.byte(); _ = try reader.leb()
                    default: throw ScanError.malformed
                    }
                }
            case 7:
                exportCount = UInt32(try reader.leb())
                let entriesStart = reader.offset
                for _ in 0..<exportCount {
                    let name = try reader.name()
                    let kind = try reader.byte()
                    let index = UInt32(try reader.leb())
                    if kind == 0x00 { exportedFunctions.append((name, index)) }
                }
                exportSection = sectionStart..<end
                exportEntries = entriesStart..<end
            case 10:
                let wanted = Set(exportedFunctions.map(\.index))
                let count = UInt32(try reader.leb())
                for position in 0..<count {
                    let bodySize = Int(try reader.leb())
                    let bodyStart = reader.offset
                    guard bodySize <= end - bodyStart else { throw ScanError.malformed }
                    if wanted.contains(importedFunctions + position) {
                        codeBodies[importedFunctions + position] = bodyStart..<(bodyStart + bodySize)
                    }
                    reader.offset = bodyStart + bodySize
                }
            default: break
            }
            reader.offset = end
        }
        guard let exportSection else { throw ScanError.malformed }
        var readers: [(String, UInt32)] = []
        for (name, index) in exportedFunctions {
            guard let body = codeBodies[index], let global = Self.globalRead(by: bytes[body]) else { continue }
            readers.append((name, global))
        }
        return Scan(exportSection: exportSection, exportCount: exportCount, exportEntries: exportEntries, readers: readers)
    }

    /// The global index when `body` (locals and code) is exactly: no locals, `global.get N`, then `end`,
    /// or `return` followed by nothing but `unreachable`s and `end` (what Go emits for `Get SP; Return`).
    static func globalRead(by body: ArraySlice<UInt8>) -> UInt32? {
        var reader = ByteReader(bytes: Array(body))
        guard (try? reader.leb()) == 0, (try? reader.byte()) == 0x23, let global = try? reader.leb() else { return nil }
        var rest = body.suffix(from: body.startIndex + reader.offset)
        if rest.first == 0x0F {
            rest = rest.dropFirst().drop { $0 == 0x00 }
        }
        guard rest.elementsEqual([0x0B]) else { return nil }
        return UInt32(exactly: global)
    }

    private struct ByteReader {
        let bytes: [UInt8]
        var offset = 0
        var atEnd: Bool { offset >= bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw ScanError.malformed }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func leb() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw ScanError.malformed }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func name() throws -> String {
            let count = Int(try leb())
            guard count <= bytes.count - offset else { throw ScanError.malformed }
            defer { offset += count }
            return String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
        }

        mutating func skipName() throws { _ = try name() }

        mutating func skipLimits() throws {
            let flags = try byte()
            _ = try leb()
            if flags & 0x01 != 0 { _ = try leb() }
        }
    }
}

enum LEB128 {
    static func encode(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }
}
