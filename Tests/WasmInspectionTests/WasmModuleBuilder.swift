/// Writes small wasm modules byte by byte, for the cases no toolchain here produces
/// (TinyGo imports, SIMD code, the native `\xff Go buildinf:` blob in both layouts).
struct WasmModuleBuilder {
    var types: [[UInt8]] = []  // encoded func types
    var imports: [[UInt8]] = []
    var functions: [UInt32] = []
    var bodies: [[UInt8]] = []
    var memoryPages: UInt32? = 1
    var dataSegments: [(address: UInt32, bytes: [UInt8])] = []
    var customSections: [(name: String, bytes: [UInt8])] = []

    static func uleb(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    static func sleb32(_ value: Int32) -> [UInt8] {
        var value = Int64(value)
        var out: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                out.append(byte)
                return out
            }
            out.append(byte | 0x80)
        }
    }

    static func name(_ s: String) -> [UInt8] { uleb(UInt64(s.utf8.count)) + Array(s.utf8) }
    static func vector(_ items: [[UInt8]]) -> [UInt8] { uleb(UInt64(items.count)) + items.flatMap { $0 } }

    /// Adds a function type `(params) -> (results)` with value type bytes (0x7F i32, 0x7E i64, 0x7C f64).
    mutating func addType(_ params: [UInt8], _ results: [UInt8]) -> UInt32 {
        types.append([0x60] + Self.uleb(UInt64(params.count)) + params + Self.uleb(UInt64(results.count)) + results)
        return UInt32(types.count - 1)
    }

    mutating func importFunction(_ module: String, _ name: String, type: UInt32) {
        imports.append(Self.name(module) + Self.name(name) + [0x00] + Self.uleb(UInt64(type)))
    }

    /// Adds a function with no locals and `code` (without the final `end`).
    mutating func addFunction(type: UInt32, code: [UInt8]) {
        functions.append(type)
        let body = [0x00] + code + [0x0B]
        bodies.append(Self.uleb(UInt64(body.count)) + body)
    }

    func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + Self.uleb(UInt64(payload.count)) + payload }

    func build() -> [UInt8] {
        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        if !types.isEmpty { out += section(1, Self.vector(types)) }
        if !imports.isEmpty { out += section(2, Self.vector(imports)) }
        if !functions.isEmpty { out += section(3, Self.vector(functions.map { Self.uleb(UInt64($0)) })) }
        if let memoryPages { out += section(5, Self.vector([[0x00] + Self.uleb(UInt64(memoryPages))])) }
        if !bodies.isEmpty { out += section(10, Self.vector(bodies)) }
        if !dataSegments.isEmpty {
            out += section(
                11,
                Self.vector(
                    dataSegments.map { segment in
                        [0x00, 0x41] + Self.sleb32(Int32(segment.address)) + [0x0B]
                            + Self.uleb(UInt64(segment.bytes.count)) + segment.bytes
                    }))
        }
        for custom in customSections { out += section(0, Self.name(custom.name) + custom.bytes) }
        return out
    }
}
