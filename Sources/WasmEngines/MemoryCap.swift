/// The memory limit under `--engine jit`: JavaScriptCore's WebAssembly has no resource limiter, but it
/// honours a memory's declared maximum, so the module's own memories are given one (the smaller of their
/// maximum and the limit) before JSC compiles it. `memory.grow` past it then fails inside wasm as it does
/// under the interpreter's limiter, and Go reports "out of memory". A memory whose initial size is
/// already over the limit is refused, as the interpreter refuses it. Imported memories are the importer's.
enum MemoryCap {
    static let pageBytes = 65_536

    /// A defined memory starts larger than the limit.
    struct InitialSizeOverLimit: Error {
        let initialBytes: UInt64
    }

    /// `bytes` with each defined memory's maximum at most `maxBytes`; unchanged when that holds already
    /// or the module is not understood (JSC's own parser then reports it).
    static func apply(maxBytes: Int, to bytes: [UInt8]) throws(InitialSizeOverLimit) -> [UInt8] {
        let limitPages = UInt64(max(maxBytes / pageBytes, 0))
        guard let sections = try? WasmBinary.sections(of: bytes),
            let memories = sections.first(where: { $0.id == 5 }),
            let found = try? capped(memories, limitPages: limitPages, in: bytes)
        else { return bytes }
        if let initial = found.overLimit { throw InitialSizeOverLimit(initialBytes: initial * UInt64(pageBytes)) }
        guard let content = found.content else { return bytes }
        return WasmBinary.replacing(memories, with: content, in: bytes)
    }

    private static func capped(_ section: WasmBinary.Section, limitPages: UInt64, in bytes: [UInt8]) throws(WasmBinary
        .Malformed) -> (content: [UInt8]?, overLimit: UInt64?)
    {
        var reader = WasmBinary.ByteReader(bytes: bytes, offset: section.content.lowerBound)
        let count = try reader.leb()
        var content = LEB128.encode(count)
        var changed = false
        for _ in 0..<count {
            let limits = try reader.limits()
            guard limits.flags & ~0x03 == 0 else { throw .malformed }  // memory64 and later flags: left alone
            if limits.minimum > limitPages { return (nil, limits.minimum) }
            let maximum = min(limits.maximum ?? .max, limitPages)
            changed = changed || maximum != limits.maximum
            content += [limits.flags | 0x01] + LEB128.encode(limits.minimum) + LEB128.encode(maximum)
        }
        guard reader.offset == section.content.upperBound else { throw .malformed }
        return (changed ? content : nil, nil)
    }
}
