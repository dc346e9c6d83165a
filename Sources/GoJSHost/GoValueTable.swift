/// The references Go holds to JS values, with the NaN-boxed encoding of wasm_exec.js.
///
/// A value Go sees is 8 bytes: a float64 for numbers, 0 for undefined, otherwise NaN-boxed with a type
/// flag in the high word and an id into this table in the low word. Ids are counted per store and
/// released by `finalizeRef` when Go's finalizer drops the last reference.
struct GoValueTable {
    static let nanHead: UInt32 = 0x7FF8_0000

    private(set) var values: [JSValue]
    private var refCounts: [Int]
    private var ids: [Key: UInt32]
    private var idPool: [UInt32] = []

    /// Identity as JavaScript's Map sees it: strings by content, objects and symbols by reference.
    enum Key: Hashable {
        case zero, null, truth(Bool), string(String), reference(ObjectIdentifier)
    }

    init(global: JSObject, goInstance: JSObject) {
        values = [.number(.nan), .number(0), .null, .bool(true), .bool(false), .object(global), .object(goInstance)]
        refCounts = Array(repeating: Int.max / 2, count: values.count)
        ids = [
            .zero: 1, .null: 2, .truth(true): 3, .truth(false): 4,
            .reference(ObjectIdentifier(global)): 5, .reference(ObjectIdentifier(goInstance)): 6,
        ]
    }

    func value(id: UInt32) -> JSValue {
        Int(id) < values.count ? values[Int(id)] : .undefined
    }

    /// Decodes the 8 bytes Go stored for a value.
    @inline(__always)
    func decode(_ bits: UInt64) -> JSValue {
        let f = Double(bitPattern: bits)
        if f == 0 { return .undefined }
        if !f.isNaN { return .number(f) }
        return value(id: UInt32(truncatingIfNeeded: bits))
    }

    /// Encodes a value for Go, taking a reference for anything that is not a plain number.
    @inline(__always)
    mutating func encode(_ value: JSValue) -> UInt64 {
        let key: Key
        let typeFlag: UInt32
        switch value {
        case .number(let n):
            if n.isNaN { return UInt64(Self.nanHead) << 32 }
            if n != 0 { return n.bitPattern }
            key = .zero
            typeFlag = 0
        case .undefined: return 0
        case .null: key = .null; typeFlag = 0
        case .bool(let b): key = .truth(b); typeFlag = 0
        case .string(let s): key = .string(s); typeFlag = 2
        case .symbol(let s): key = .reference(ObjectIdentifier(s)); typeFlag = 3
        case .object(let o): key = .reference(ObjectIdentifier(o)); typeFlag = o.isCallable ? 4 : 1
        }
        let id: UInt32
        if let existing = ids[key] {
            id = existing
        } else {
            if let reused = idPool.popLast() {
                id = reused
                values[Int(id)] = value
                refCounts[Int(id)] = 0
            } else {
                id = UInt32(values.count)
                values.append(value)
                refCounts.append(0)
            }
            ids[key] = id
        }
        refCounts[Int(id)] += 1
        return UInt64(Self.nanHead | typeFlag) << 32 | UInt64(id)
    }

    /// Go dropped one reference to `id`.
    mutating func finalize(id: UInt32) {
        let index = Int(id)
        guard index < refCounts.count, refCounts[index] > 0 else { return }
        refCounts[index] -= 1
        guard refCounts[index] == 0 else { return }
        let value = values[index]
        values[index] = .null
        if let key = Self.key(of: value) { ids[key] = nil }
        idPool.append(id)
    }

    private static func key(of value: JSValue) -> Key? {
        switch value {
        case .number(0): .zero
        case .null: .null
        case .bool(let b): .truth(b)
        case .string(let s): .string(s)
        case .symbol(let s): .reference(ObjectIdentifier(s))
        case .object(let o): .reference(ObjectIdentifier(o))
        default: nil
        }
    }

    /// References currently held (for tests of leaks and for diagnostics).
    var liveCount: Int { values.count - idPool.count }
}
