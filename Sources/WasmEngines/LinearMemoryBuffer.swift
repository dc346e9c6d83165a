import Glibc
import JavaScript
import WasmKit

/// `WebAssembly.Memory.prototype.buffer` for a WasmKit linear memory: an ArrayBuffer over WasmKit's own
/// bytes (no copy), handed out afresh whenever the memory's size changed (the glue re-reads `mem.buffer`
/// in `runtime.resetMemoryDataView` after Go grows memory).
///
/// No JavaScript view may point into freed or moved bytes. WasmKit 0.4.2 has two storages for a wasm32
/// memory: `.mprotect` reserves 4 GiB (plus a guard) up front and commits pages as the memory grows, so
/// its base never moves; `.malloc`, the fallback when that reservation fails, reallocates and frees the
/// old bytes on every growth. We make the fixed base a CHECKED PRECONDITION instead of handling the move:
/// - at creation, the 4 GiB reservation must be mapped (`mincore` on its last page), else the instance
///   is refused with an error (no buffer over malloc storage is ever made);
/// - on every `buffer` read, the base must still be the first one, else the process stops
///   (`preconditionFailure`) before JavaScript could touch the old bytes.
/// So an old, smaller buffer stays a view of live bytes (the prefix of the memory), as in a browser
/// until it detaches it. Each buffer retains the instance, so the mapping outlives every view of it.
final class LinearMemoryBuffer {
    private let memory: WasmKit.Memory
    private let owner: AnyObject
    private let base: UnsafeMutableRawPointer
    private var current: (buffer: JSObject, count: Int)?

    struct NotFixedBase: Error, CustomStringConvertible {
        var description: String {
            "the interpreter could not reserve the fixed 4 GiB address range for linear memory (is the address space limited, e.g. ulimit -v?)"
        }
    }

    init(memory: WasmKit.Memory, owner: AnyObject) throws {
        self.memory = memory
        self.owner = owner
        base = Self.base(of: memory)
        guard Self.isReservedWasm32Range(base) else { throw NotFixedBase() }
    }

    func buffer(in js: JSContext) throws -> JSObject {
        let count = memory.byteCount
        if let current, current.count == count { return current.buffer }
        precondition(Self.base(of: memory) == base, "WasmKit moved linear memory; JavaScript views would dangle")
        let buffer = try js.arrayBuffer(noCopy: base, count: count, owner: owner)
        current = (buffer, count)
        return buffer
    }

    private static func base(of memory: WasmKit.Memory) -> UnsafeMutableRawPointer {
        // Zero-length access: only the base address is read (count 0 passes WasmKit's bounds check).
        memory.withUnsafeMutableBufferPointer(offset: 0, count: 0) { $0.baseAddress } ?? UnsafeMutableRawPointer(
            bitPattern: 1)!
    }

    /// Whether the last page below base + 4 GiB is mapped: WasmKit's reservation, never a malloc block
    /// (those are sized to the memory, a few MiB for Go).
    private static func isReservedWasm32Range(_ base: UnsafeMutableRawPointer) -> Bool {
        let page = Int(getpagesize())
        var residency: UInt8 = 0
        return mincore(base + ((1 << 32) - page), page, &residency) == 0
    }
}
