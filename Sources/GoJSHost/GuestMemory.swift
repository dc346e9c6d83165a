import WasmKit

/// A guest pointer or length that points outside linear memory: reported as a guest fault, never a crash.
struct GuestMemoryFault: Error, CustomStringConvertible {
    let address: UInt64
    let count: UInt64
    let size: Int
    var description: String {
        "guest memory access out of bounds: \(count) bytes at 0x\(String(address, radix: 16)) (memory is \(size) bytes)"
    }
}

/// A view of the guest's linear memory for the duration of one host call.
///
/// WasmKit's accessors `precondition` on bounds, so every access here is checked first. The base pointer is
/// valid only until the guest runs again (memory can move when it grows): re-take the view after any call
/// that may run Go code.
struct GuestView {
    let base: UnsafeMutableRawPointer
    let size: Int

    init(_ memory: WasmKit.Memory) {
        let size = memory.byteCount
        // The storage outlives this host call unless the guest grows memory, which needs the guest to run.
        base = memory.withUnsafeMutableBufferPointer(offset: 0, count: size) { $0.baseAddress! }
        self.size = size
    }

    @inline(__always)
    func check(_ address: UInt64, _ count: UInt64) throws(GuestMemoryFault) -> Int {
        guard count <= UInt64(size), address <= UInt64(size) - count else {
            throw GuestMemoryFault(address: address, count: count, size: size)
        }
        return Int(address)
    }

    @inline(__always) func uint8(_ a: UInt32) throws(GuestMemoryFault) -> UInt8 {
        base.load(fromByteOffset: try check(UInt64(a), 1), as: UInt8.self)
    }
    @inline(__always) func uint32(_ a: UInt32) throws(GuestMemoryFault) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: try check(UInt64(a), 4), as: UInt32.self))
    }
    @inline(__always) func int64(_ a: UInt32) throws(GuestMemoryFault) -> Int64 {
        Int64(littleEndian: base.loadUnaligned(fromByteOffset: try check(UInt64(a), 8), as: Int64.self))
    }
    @inline(__always) func uint64(_ a: UInt32) throws(GuestMemoryFault) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: try check(UInt64(a), 8), as: UInt64.self))
    }
    @inline(__always) func setUInt8(_ a: UInt32, _ v: UInt8) throws(GuestMemoryFault) {
        base.storeBytes(of: v, toByteOffset: try check(UInt64(a), 1), as: UInt8.self)
    }
    @inline(__always) func setUInt32(_ a: UInt32, _ v: UInt32) throws(GuestMemoryFault) {
        base.storeBytes(of: v.littleEndian, toByteOffset: try check(UInt64(a), 4), as: UInt32.self)
    }
    @inline(__always) func setInt64(_ a: UInt32, _ v: Int64) throws(GuestMemoryFault) {
        base.storeBytes(of: v.littleEndian, toByteOffset: try check(UInt64(a), 8), as: Int64.self)
    }
    @inline(__always) func setUInt64(_ a: UInt32, _ v: UInt64) throws(GuestMemoryFault) {
        base.storeBytes(of: v.littleEndian, toByteOffset: try check(UInt64(a), 8), as: UInt64.self)
    }

    /// A Go slice or string header (ptr i64, len i64) at `a`, resolved to checked bytes.
    func bytes(header a: UInt32) throws(GuestMemoryFault) -> UnsafeMutableRawBufferPointer {
        let pointer = try uint64(a), count = try uint64(a &+ 8)
        let start = try check(pointer, count)
        return UnsafeMutableRawBufferPointer(start: base + start, count: Int(count))
    }

    /// A Go string (ptr, len) at `a`, decoded as UTF-8 with replacement like TextDecoder.
    func string(header a: UInt32) throws(GuestMemoryFault) -> String {
        String(decoding: UnsafeRawBufferPointer(try bytes(header: a)), as: UTF8.self)
    }

    func bytes(at address: UInt64, count: Int) throws(GuestMemoryFault) -> UnsafeMutableRawBufferPointer {
        let start = try check(address, UInt64(count))
        return UnsafeMutableRawBufferPointer(start: base + start, count: count)
    }
}
