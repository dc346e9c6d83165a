/// Splits a module into its top-level sections (id, payload offset, size) before any deeper parsing,
/// so truncation is reported precisely and sizes are exact.
struct SectionScanner {
    struct RawSection {
        let id: UInt8
        let customName: String?
        let payload: ArraySlice<UInt8>
    }

    static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]

    static func scan(_ bytes: [UInt8]) throws(InspectionError) -> [RawSection] {
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else {
            throw .notWasm(firstBytes: Array(bytes.prefix(4)))
        }
        guard bytes.count >= 8 else { throw .truncated(offset: bytes.count, context: "the version field") }
        let version = Array(bytes[4..<8])
        guard version == [1, 0, 0, 0] else { throw .unsupportedVersion(version) }

        var reader = ByteReader(bytes[8...])
        var sections: [RawSection] = []
        while !reader.isAtEnd {
            let id = try reader.byte("a section id")
            let name = sectionName(id)
            let size = try reader.uleb("the \(name) section's size")
            let payload = try reader.take(Int(size), "the \(name) section (\(size) bytes)")
            var customName: String?
            if id == 0 {
                var inner = ByteReader(payload)
                let length = try inner.uleb("a custom section's name")
                let nameBytes = try inner.take(Int(length), "a custom section's name")
                customName = String(decoding: nameBytes, as: UTF8.self)
            }
            sections.append(RawSection(id: id, customName: customName, payload: payload))
        }
        return sections
    }

    static func sectionName(_ id: UInt8) -> String {
        switch id {
        case 0: "custom"
        case 1: "type"
        case 2: "import"
        case 3: "function"
        case 4: "table"
        case 5: "memory"
        case 6: "global"
        case 7: "export"
        case 8: "start"
        case 9: "element"
        case 10: "code"
        case 11: "data"
        case 12: "datacount"
        case 13: "tag"
        default: "unknown(\(id))"
        }
    }

    /// The size of each function body in a code section payload, in order.
    static func functionBodySizes(_ payload: ArraySlice<UInt8>) throws(InspectionError) -> [Int] {
        var reader = ByteReader(payload)
        let count = try reader.uleb("the code section's function count")
        var sizes: [Int] = []
        sizes.reserveCapacity(Int(min(count, 1 << 20)))
        for _ in 0..<count {
            let size = try reader.uleb("a function body's size")
            _ = try reader.take(Int(size), "a function body")
            sizes.append(Int(size))
        }
        return sizes
    }
}
