/// `ArrayBuffer`: a block of bytes shared by the typed arrays that view it.
public final class JSArrayBuffer: JSObject, @unchecked Sendable {
    public var bytes: [UInt8]

    public init(count: Int, prototype: JSObject?) {
        bytes = Array(repeating: 0, count: count)
        super.init(prototype: prototype)
    }

    public init(bytes: [UInt8], prototype: JSObject?) {
        self.bytes = bytes
        super.init(prototype: prototype)
    }

    public override var className: String { "ArrayBuffer" }

    public override func get(_ key: String) throws(JSException) -> JSValue {
        if key == "byteLength" { return .number(Double(bytes.count)) }
        return try super.get(key)
    }
}

/// A typed array (`Uint8Array`, `Float64Array`, ...): a view of a `JSArrayBuffer`.
public class JSTypedArray: JSObject, @unchecked Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case int8 = "Int8Array", uint8 = "Uint8Array", uint8Clamped = "Uint8ClampedArray"
        case int16 = "Int16Array", uint16 = "Uint16Array", int32 = "Int32Array", uint32 = "Uint32Array"
        case float32 = "Float32Array", float64 = "Float64Array"
        case bigInt64 = "BigInt64Array", bigUint64 = "BigUint64Array"

        var elementSize: Int {
            switch self {
            case .int8, .uint8, .uint8Clamped: 1
            case .int16, .uint16: 2
            case .int32, .uint32, .float32: 4
            case .float64, .bigInt64, .bigUint64: 8
            }
        }
    }

    public let kind: Kind
    public let buffer: JSArrayBuffer
    public let byteOffset: Int
    /// Number of elements.
    public let count: Int

    public init(kind: Kind, buffer: JSArrayBuffer, byteOffset: Int, count: Int, prototype: JSObject?) {
        self.kind = kind
        self.buffer = buffer
        self.byteOffset = byteOffset
        self.count = count
        super.init(prototype: prototype)
    }

    public override var className: String { kind.rawValue }
    var isByteArray: Bool { kind == .uint8 || kind == .uint8Clamped }
    var byteCount: Int { count * kind.elementSize }

    public override func get(_ key: String) throws(JSException) -> JSValue {
        switch key {
        case "length": return .number(Double(count))
        case "byteLength": return .number(Double(byteCount))
        case "byteOffset": return .number(Double(byteOffset))
        case "buffer": return .object(buffer)
        case "BYTES_PER_ELEMENT": return .number(Double(kind.elementSize))
        default:
            if let index = Int(key) { return try getIndex(index) }
            return try super.get(key)
        }
    }

    public override func set(_ key: String, _ value: JSValue) throws(JSException) {
        if let index = Int(key) { return try setIndex(index, value) }
        try super.set(key, value)
    }

    public override func length() throws(JSException) -> Int { count }

    public override func ownKeys() -> [String] { (0..<count).map(String.init) }

    public override func getIndex(_ index: Int) throws(JSException) -> JSValue {
        guard index >= 0, index < count else { return .undefined }
        return .number(element(at: index))
    }

    public override func setIndex(_ index: Int, _ value: JSValue) throws(JSException) {
        guard index >= 0, index < count else { return }
        setElement(at: index, value.numberValue)
    }

    func element(at index: Int) -> Double {
        let offset = byteOffset + index * kind.elementSize
        return buffer.bytes.withUnsafeBytes { raw in
            switch kind {
            case .int8: Double(raw.load(fromByteOffset: offset, as: Int8.self))
            case .uint8, .uint8Clamped: Double(raw[offset])
            case .int16: Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
            case .uint16: Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case .int32: Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            case .uint32: Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            case .float32: Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            case .float64: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            case .bigInt64: Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
            case .bigUint64: Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            }
        }
    }

    func setElement(at index: Int, _ number: Double) {
        let offset = byteOffset + index * kind.elementSize
        let integer: Int64 = number.isFinite ? Int64(truncatingIfNeeded: Int64(exactly: number.rounded(.towardZero)) ?? 0) : 0
        buffer.bytes.withUnsafeMutableBytes { raw in
            switch kind {
            case .int8, .uint8: raw[offset] = UInt8(truncatingIfNeeded: integer)
            case .uint8Clamped: raw[offset] = number.isNaN ? 0 : UInt8(max(0, min(255, number.rounded(.toNearestOrEven))))
            case .int16, .uint16: raw.storeBytes(of: UInt16(truncatingIfNeeded: integer).littleEndian, toByteOffset: offset, as: UInt16.self)
            case .int32, .uint32: raw.storeBytes(of: UInt32(truncatingIfNeeded: integer).littleEndian, toByteOffset: offset, as: UInt32.self)
            case .float32: raw.storeBytes(of: Float(number).bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
            case .float64: raw.storeBytes(of: number.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self)
            case .bigInt64, .bigUint64: raw.storeBytes(of: UInt64(bitPattern: integer).littleEndian, toByteOffset: offset, as: UInt64.self)
            }
        }
    }

    /// The viewed bytes, read-only.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.bytes.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[byteOffset..<(byteOffset + byteCount)]))
        }
    }

    /// The viewed bytes, writable.
    public func withMutableBytes<T>(_ body: (UnsafeMutableRawBufferPointer) throws -> T) rethrows -> T {
        try buffer.bytes.withUnsafeMutableBytes { raw in
            try body(UnsafeMutableRawBufferPointer(rebasing: raw[byteOffset..<(byteOffset + byteCount)]))
        }
    }

    /// A copy of the viewed bytes.
    public var byteArray: [UInt8] { withBytes { Array($0) } }

    public override func toJSString() -> String {
        (0..<count).map { JSNumberFormatter.string(element(at: $0)) }.joined(separator: ",")
    }
}

/// A `Uint8Array` over a fresh buffer.
final class JSUint8Array: JSTypedArray, @unchecked Sendable {
    init(bytes: [UInt8], intrinsics: JSIntrinsics) {
        super.init(
            kind: .uint8, buffer: JSArrayBuffer(bytes: bytes, prototype: intrinsics.arrayBufferPrototype),
            byteOffset: 0, count: bytes.count, prototype: intrinsics.typedArrayPrototype(.uint8))
    }
}
