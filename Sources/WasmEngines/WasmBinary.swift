/// Just enough of the wasm binary format to find and rewrite one section before an engine parses the
/// module (see GlobalReaderExports and MemoryCap). Anything unexpected is `.malformed`, and the caller
/// then leaves the module unchanged for the engine's own parser to judge.
enum WasmBinary {
    enum Malformed: Error { case malformed }

    struct Section {
        let id: UInt8
        /// The whole section, id byte included.
        let range: Range<Int>
        /// Its content, after the size.
        let content: Range<Int>
    }

    static func sections(of bytes: [UInt8]) throws(Malformed) -> [Section] {
        guard bytes.count >= 8, bytes[0..<4].elementsEqual([0x00, 0x61, 0x73, 0x6D]) else { throw .malformed }
        var reader = ByteReader(bytes: bytes, offset: 8)
        var sections: [Section] = []
        while !reader.atEnd {
            let start = reader.offset
            let id = try reader.byte()
            let size = try reader.leb()
            guard size <= UInt64(bytes.count - reader.offset) else { throw .malformed }
            let content = reader.offset..<(reader.offset + Int(size))
            sections.append(Section(id: id, range: start..<content.upperBound, content: content))
            reader.offset = content.upperBound
        }
        return sections
    }

    /// `bytes` with `section` replaced by one of the same id and `content`.
    static func replacing(_ section: Section, with content: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var result = Array(bytes[..<section.range.lowerBound])
        result.reserveCapacity(bytes.count + 16)
        result += [section.id] + LEB128.encode(UInt64(content.count)) + content
        result += bytes[section.range.upperBound...]
        return result
    }

    struct ByteReader {
        let bytes: [UInt8]
        var offset: Int
        var atEnd: Bool { offset >= bytes.count }

        init(bytes: [UInt8], offset: Int = 0) {
            self.bytes = bytes
            self.offset = offset
        }

        mutating func byte() throws(Malformed) -> UInt8 {
            guard offset < bytes.count else { throw .malformed }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func leb() throws(Malformed) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw .malformed }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func name() throws(Malformed) -> String {
            let count = try leb()
            guard count <= UInt64(bytes.count - offset) else { throw .malformed }
            defer { offset += Int(count) }
            return String(decoding: bytes[offset..<(offset + Int(count))], as: UTF8.self)
        }

        /// Limits (of a table or memory): flags, minimum, and the maximum when flag 0x01 says there is one.
        mutating func limits() throws(Malformed) -> (flags: UInt8, minimum: UInt64, maximum: UInt64?) {
            let flags = try byte()
            let minimum = try leb()
            let maximum = flags & 0x01 != 0 ? try leb() : nil
            return (flags, minimum, maximum)
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
