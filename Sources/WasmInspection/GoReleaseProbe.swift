/// A patch that makes `js.Func.Release` visible to the host. Release only deletes the func from Go's own
/// `funcs` map: nothing crosses into JavaScript, so the glue cannot tell a released func from a live one.
/// The patch puts, at the entry of `syscall/js.Func.Release` (found through the pclntab), a call of an
/// import the module already has, `runtime.resetMemoryDataView`, with `SP | 1` as its argument:
///
///     local.get 0 (PC_B); i32.eqz; if; global.get 0 (SP); i32.const 1; i32.or; call $import; end
///
/// Go's SP is 8-aligned, so an odd argument never comes from Go itself; the diagnosis layer wraps that
/// import and takes an odd argument as "Release was entered, its receiver at (SP & ~1) + 8". Only the one
/// function body changes: a new import would renumber every function (each call, the table, the exports).
/// PC_B 0 is a fresh call; a goroutine resumed inside Release (a contended lock) re-enters with PC_B > 0.
/// SP is wasm global 0 and PC_B the first parameter in every Go generation (cmd/link/internal/wasm).
///
/// `Func.Release` is not inlinable (it locks a mutex and deletes from a map), and the pointer method
/// `(*Func).Release` calls it, so one probe sees every release. The wrapper's `ref` (the receiver's first
/// word, the same in every generation) names the JS function the glue made for the func.
public struct GoReleaseProbe: Sendable, Equatable {
    /// One edit of the original module: the `original` bytes at `offset` become `bytes`.
    public struct Splice: Sendable, Equatable {
        public let offset: Int
        public let original: [UInt8]
        public let bytes: [UInt8]
    }

    public static let releaseFunction = "syscall/js.Func.Release"
    public static let markerImport = "runtime.resetMemoryDataView"

    /// The size of the module the splices apply to.
    public let moduleSize: Int
    /// Ascending and disjoint.
    public let splices: [Splice]

    /// The probe for `wasm`, or nil when it has no `Func.Release` (the program never releases a func), no
    /// marker import, or a layout this reader does not follow.
    public init?(wasm bytes: [UInt8], table: GoLineTable) {
        guard let entry = table.entry(of: Self.releaseFunction), entry & 0xFFFF == 0, entry >> 16 >= 0x1000,
            let plan = try? Self.plan(bytes, definedIndex: Int((entry >> 16) - 0x1000))
        else { return nil }
        moduleSize = bytes.count
        splices = plan
    }

    /// `bytes` with the probe in, or nil when they are not the module the probe was made for.
    public func apply(to bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == moduleSize else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 32)
        var at = 0
        for splice in splices {
            guard bytes[splice.offset..<splice.offset + splice.original.count].elementsEqual(splice.original) else {
                return nil
            }
            result += bytes[at..<splice.offset]
            result += splice.bytes
            at = splice.offset + splice.original.count
        }
        result += bytes[at...]
        return result
    }

    /// For a page's script: `{"size":N,"splices":[[offset,[original...],[bytes...]],...]}`.
    public var json: String {
        let list = splices.map {
            "[\($0.offset),[\($0.original.map(String.init).joined(separator: ","))],[\($0.bytes.map(String.init).joined(separator: ","))]]"
        }
        return "{\"size\":\(moduleSize),\"splices\":[\(list.joined(separator: ","))]}"
    }

    private struct Section {
        let id: UInt8
        let sizeOffset: Int
        let sizeLength: Int
        let content: ArraySlice<UInt8>
    }

    private static func plan(_ bytes: [UInt8], definedIndex: Int) throws(InspectionError) -> [Splice]? {
        let sections = try Self.sections(bytes)
        guard let imports = sections.first(where: { $0.id == 2 }), let code = sections.first(where: { $0.id == 10 }),
            let marker = try markerIndex(imports.content)
        else { return nil }

        var reader = ByteReader(code.content)
        let count = try reader.uleb("the code section's function count")
        guard definedIndex < count else { return nil }
        for _ in 0..<definedIndex {
            let size = try reader.uleb("a function body's size")
            _ = try reader.take(Int(size), "a function body")
        }
        let sizeOffset = reader.position
        let size = try reader.uleb("a function body's size")
        let sizeLength = reader.position - sizeOffset
        let locals = try reader.uleb("the local declarations")
        for _ in 0..<locals {
            _ = try reader.uleb("a local count")
            _ = try reader.byte("a local type")
        }
        let insertAt = reader.position

        let probe: [UInt8] =
            [0x20, 0x00, 0x45, 0x04, 0x40, 0x23, 0x00, 0x41, 0x01, 0x72, 0x10] + leb(UInt64(marker)) + [0x0B]
        let bodySize = leb(size + UInt64(probe.count), minLength: sizeLength)
        let sectionSize = leb(
            UInt64(code.content.count + probe.count + bodySize.count - sizeLength), minLength: code.sizeLength)
        guard bodySize.count <= 5, sectionSize.count <= 5 else { return nil }
        return [
            Splice(
                offset: code.sizeOffset, original: Array(bytes[code.sizeOffset..<code.sizeOffset + code.sizeLength]),
                bytes: sectionSize),
            Splice(offset: sizeOffset, original: Array(bytes[sizeOffset..<sizeOffset + sizeLength]), bytes: bodySize),
            Splice(offset: insertAt, original: [], bytes: probe),
        ]
    }

    /// The function index of the marker import (from `go`, Go before 1.21, or `gojs`).
    private static func markerIndex(_ content: ArraySlice<UInt8>) throws(InspectionError) -> Int? {
        var reader = ByteReader(content)
        let count = try reader.uleb("the import count")
        var functions = 0
        for _ in 0..<count {
            let module = try name(&reader), field = try name(&reader)
            switch try reader.byte("an import kind") {
            case 0:
                _ = try reader.uleb("an import's type")
                if (module == "go" || module == "gojs") && field == markerImport { return functions }
                functions += 1
            case 1:
                _ = try reader.byte("a table's type")
                try limits(&reader)
            case 2: try limits(&reader)
            case 3: _ = try reader.take(2, "a global's type")
            default: return nil
            }
        }
        return nil
    }

    private static func name(_ reader: inout ByteReader) throws(InspectionError) -> String {
        let length = try reader.uleb("a name's length")
        return String(decoding: try reader.take(Int(length), "a name"), as: UTF8.self)
    }

    private static func limits(_ reader: inout ByteReader) throws(InspectionError) {
        let flags = try reader.byte("limits")
        _ = try reader.uleb("a minimum", bits: 64)
        if flags & 1 != 0 { _ = try reader.uleb("a maximum", bits: 64) }
    }

    private static func sections(_ bytes: [UInt8]) throws(InspectionError) -> [Section] {
        guard bytes.count >= 8, bytes[0..<4].elementsEqual(SectionScanner.magic) else { return [] }
        var reader = ByteReader(bytes[8...])
        var sections: [Section] = []
        while !reader.isAtEnd {
            let id = try reader.byte("a section id")
            let sizeOffset = reader.position
            let size = try reader.uleb("a section's size")
            let sizeLength = reader.position - sizeOffset
            sections.append(
                Section(
                    id: id, sizeOffset: sizeOffset, sizeLength: sizeLength,
                    content: try reader.take(Int(size), "a section")))
        }
        return sections
    }

    /// Unsigned LEB128, padded with continuation bytes to `minLength` (the size fields keep their width).
    static func leb(_ value: UInt64, minLength: Int = 1) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 || bytes.count + 1 < minLength { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0 || bytes.count < minLength
        return bytes
    }
}
