/// What the Go toolchain leaves in a binary about how it was built (what `go version -m` prints).
///
/// Native Go binaries carry a 32-byte `\xff Go buildinf:` header followed by the version and module
/// info, inline (Go 1.18+, flag bit 2) or as pointers to Go string headers (older). Go's wasm linker
/// does not emit that header, so for wasm the facts are also taken from where they do live: the module
/// info string `runtime.modinfo` (wrapped in cmd/go's 16-byte sentinels), the `producers` custom section
/// (`language: Go go1.27.3`), and `runtime.buildVersion`'s bytes (a data segment of their own).
/// Everything is searched in the memory image the data segments initialise, since the linker splits
/// data into segments at zero runs.
public struct GoBuildInfo: Sendable, Equatable {
    public var version: String?
    /// The raw `path`/`mod`/`dep`/`build` lines.
    public var moduleInfo: String?
    /// Where the facts came from: `buildinf-inline`, `buildinf-pointer`, or `modinfo` (+ `producers`
    /// or `runtime.buildVersion` for the version).
    public var source: String

    static let magic: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)
    static let modinfoStart: [UInt8] = [
        0x30, 0x77, 0xAF, 0x0C, 0x92, 0x74, 0x08, 0x02, 0x41, 0xE1, 0xC1, 0x07, 0xE6, 0xD6, 0x18, 0xE6,
    ]
    static let modinfoEnd: [UInt8] = [
        0xF9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xD8, 0xF2,
    ]

    /// The main package path (`path` line).
    public var mainPackage: String? { field("path", index: 1) }
    /// The main module path (`mod` line).
    public var modulePath: String? { field("mod", index: 1) }
    /// The `build` lines as key/value pairs.
    public var buildSettings: [(key: String, value: String)] {
        lines.compactMap { fields in
            guard fields.first == "build", fields.count >= 2 else { return nil }
            let setting = fields[1]
            guard let eq = setting.firstIndex(of: "=") else { return nil }
            return (String(setting[..<eq]), String(setting[setting.index(after: eq)...]))
        }
    }

    private var lines: [[Substring]] {
        (moduleInfo ?? "").split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }

    private func field(_ tag: String, index: Int) -> String? {
        guard let line = lines.first(where: { $0.first.map(String.init) == tag }), line.count > index else {
            return nil
        }
        return String(line[index])
    }

    /// Finds the build facts in `memory` and the `producers` section. Nil when there are none (not Go).
    static func find(in memory: MemoryImage, producers: ProducersSection?) -> GoBuildInfo? {
        for start in memory.occurrences(of: magic) {
            if let info = decodeBuildInf(memory: memory, at: start) { return info }
        }
        let moduleInfo = findModuleInfo(in: memory)
        if let version = producers?.version(of: "language", tool: "Go")
            ?? producers?.version(of: "processed-by", tool: "cmd/compile")
        {
            return GoBuildInfo(
                version: version, moduleInfo: moduleInfo, source: moduleInfo == nil ? "producers" : "modinfo+producers")
        }
        if let version = findBuildVersion(in: memory) {
            return GoBuildInfo(
                version: version, moduleInfo: moduleInfo,
                source: moduleInfo == nil ? "runtime.buildVersion" : "modinfo+runtime.buildVersion")
        }
        return moduleInfo.map { GoBuildInfo(version: nil, moduleInfo: $0, source: "modinfo") }
    }

    /// `runtime.modinfo`: the text between cmd/go's start and end sentinels.
    private static func findModuleInfo(in memory: MemoryImage) -> String? {
        for start in memory.occurrences(of: modinfoStart) {
            let from = start + modinfoStart.count
            guard let window = memory.bytes(at: from, count: min(1 << 20, memory.end - from)) else { continue }
            var index = window.startIndex
            while let hit = window[index...].firstIndex(of: modinfoEnd[0]) {
                if window[hit...].starts(with: modinfoEnd) {
                    return String(decoding: window[..<hit], as: UTF8.self)
                }
                index = hit + 1
            }
        }
        return nil
    }

    /// `runtime.buildVersion` ("go1.27.3") sits alone in a data segment: the bytes around it are zero.
    private static func findBuildVersion(in memory: MemoryImage) -> String? {
        for segment in memory.segments
        where (6...40).contains(segment.bytes.count) && segment.bytes.starts(with: Array("go1.".utf8)) {
            let text = String(decoding: segment.bytes, as: UTF8.self)
            if text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) { return text }
        }
        return nil
    }

    private static func decodeBuildInf(memory: MemoryImage, at start: Int) -> GoBuildInfo? {
        guard let header = memory.bytes(at: start, count: 32) else { return nil }
        let pointerSize = Int(header[14])
        let flags = header[15]
        let bigEndian = flags & 1 != 0
        if flags & 2 != 0 {
            // Inline: uvarint length + bytes, twice, right after the header.
            guard let tail = memory.bytes(at: start + 32, count: min(1 << 20, memory.end - (start + 32))) else {
                return nil
            }
            var reader = ByteReader(tail[...])
            guard let versionLength = try? reader.uleb("version length", bits: 64),
                let version = try? reader.take(Int(clamping: versionLength), "version"),
                let modLength = try? reader.uleb("module info length", bits: 64),
                let mod = try? reader.take(Int(clamping: modLength), "module info")
            else { return nil }
            return GoBuildInfo(
                version: String(decoding: version, as: UTF8.self), moduleInfo: trimSentinels(Array(mod)),
                source: "buildinf-inline")
        }
        // Pointer format: header[16...] holds the addresses of two Go string headers (ptr, len).
        guard pointerSize == 4 || pointerSize == 8 else { return nil }
        func pointer(at address: Int) -> Int? {
            guard address >= 0, let raw = memory.bytes(at: address, count: pointerSize) else { return nil }
            let ordered = bigEndian ? raw : raw.reversed()
            var value: UInt64 = 0
            for byte in ordered { value = value << 8 | UInt64(byte) }
            return value > UInt64(Int32.max) ? nil : Int(value)
        }
        func goString(headerAt address: Int) -> [UInt8]? {
            guard let data = pointer(at: address), let length = pointer(at: address + pointerSize),
                length < 1 << 20
            else { return nil }
            return memory.bytes(at: data, count: length)
        }
        guard let versionHeader = pointer(at: start + 16), let modHeader = pointer(at: start + 16 + pointerSize),
            let version = goString(headerAt: versionHeader)
        else { return nil }
        return GoBuildInfo(
            version: String(decoding: version, as: UTF8.self),
            moduleInfo: goString(headerAt: modHeader).map(trimSentinels),
            source: "buildinf-pointer")
    }

    /// The module info is wrapped in 16-byte sentinels (cmd/go's `modinfo.go`); they are not UTF-8,
    /// so they are cut off before decoding.
    private static func trimSentinels(_ bytes: [UInt8]) -> String {
        guard bytes.count >= 33, bytes[bytes.count - 17] == UInt8(ascii: "\n") else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes[16..<(bytes.count - 16)], as: UTF8.self)
    }
}

/// The `producers` custom section (tool-conventions): fields such as `language` and `processed-by`,
/// each a list of (name, version).
struct ProducersSection {
    var fields: [(field: String, values: [(name: String, version: String)])] = []

    init?(_ content: ArraySlice<UInt8>) {
        var reader = ByteReader(content)
        func name() throws(InspectionError) -> String {
            let length = try reader.uleb("a producers name")
            return String(decoding: try reader.take(Int(length), "a producers name"), as: UTF8.self)
        }
        do {
            let count = try reader.uleb("the producers field count")
            for _ in 0..<min(count, 64) {
                let field = try name()
                let valueCount = try reader.uleb("a producers value count")
                var values: [(String, String)] = []
                for _ in 0..<min(valueCount, 64) { values.append((try name(), try name())) }
                fields.append((field, values))
            }
        } catch {
            return nil
        }
    }

    func version(of field: String, tool: String) -> String? {
        fields.first { $0.field == field }?.values.first { $0.name == tool }?.version
    }

    var summary: String { fields.flatMap { $0.values.map { "\($0.name) \($0.version)" } }.joined(separator: ", ") }
}

/// Linear memory as the active data segments initialise it (addresses from their `i32.const` offsets).
struct MemoryImage {
    struct Segment {
        let address: Int
        let bytes: ArraySlice<UInt8>
        var end: Int { address + bytes.count }
    }

    let segments: [Segment]  // sorted by address
    var end: Int { segments.last?.end ?? 0 }

    init(segments: [Segment]) {
        self.segments = segments.sorted { $0.address < $1.address }
    }

    /// `count` bytes at `address`; bytes no segment covers read as zero (as in a fresh memory).
    func bytes(at address: Int, count: Int) -> [UInt8]? {
        guard address >= 0, count >= 0, address + count <= end else { return nil }
        var result = [UInt8](repeating: 0, count: count)
        for segment in segments where segment.end > address && segment.address < address + count {
            let from = max(address, segment.address), to = min(address + count, segment.end)
            for a in from..<to { result[a - address] = segment.bytes[segment.bytes.startIndex + a - segment.address] }
        }
        return result
    }

    /// Addresses where `needle` starts. A needle without zero bytes lies inside one segment
    /// (the linker only drops zero runs between segments), so each segment is searched on its own.
    func occurrences(of needle: [UInt8]) -> [Int] {
        guard let first = needle.first else { return [] }
        var found: [Int] = []
        for segment in segments where segment.bytes.count >= needle.count {
            let bytes = segment.bytes
            var index = bytes.startIndex
            let last = bytes.endIndex - needle.count
            while index <= last, let hit = bytes[index...last].firstIndex(of: first) {
                if bytes[hit..<hit + needle.count].elementsEqual(needle) {
                    found.append(segment.address + (hit - bytes.startIndex))
                }
                index = hit + 1
            }
        }
        return found
    }
}
