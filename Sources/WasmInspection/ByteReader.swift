/// A bounds-checked cursor over bytes: LEB128 and fixed-width reads that throw instead of trapping,
/// used for the few things WasmParser does not expose (section offsets, body sizes, Go build info).
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var isAtEnd: Bool { position >= bytes.endIndex }
    var remaining: Int { bytes.endIndex - position }

    mutating func byte(_ context: String) throws(InspectionError) -> UInt8 {
        guard position < bytes.endIndex else { throw .truncated(offset: position, context: context) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int, _ context: String) throws(InspectionError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated(offset: bytes.endIndex, context: context) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// Unsigned LEB128 of at most `bits` bits (wasm: 32; Go's uvarint: 64).
    mutating func uleb(_ context: String, bits: Int = 32) throws(InspectionError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        while true {
            let b = try byte(context)
            guard shift < bits else { throw .malformed(offset: position - 1, detail: "\(context): LEB128 too long") }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }
}
