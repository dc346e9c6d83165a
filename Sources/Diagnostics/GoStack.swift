import WasmInspection

/// Go's call stack at a boundary crossing, read from linear memory as Go's own traceback reads it: at an
/// import, `sp` holds the return PC into the calling Go function; each frame's size at its PC (the pcsp
/// table) says where its caller's return PC is. The same for both engines: only memory is read.
public struct GoStackWalker: Sendable {
    public let table: GoLineTable
    /// Frames kept per stack: enough to get past the runtime and syscall/js into the program's code.
    public var depth = 12

    /// Entry PCs of the functions no stack goes beyond.
    private let outermostEntries: Set<UInt64>
    private let mstart: UInt64?, systemstackSwitch: UInt64?

    public init(table: GoLineTable) {
        self.table = table
        self.outermostEntries = Set(Self.outermost.compactMap { table.entry(of: $0) })
        self.mstart = table.entry(of: "runtime.mstart")
        self.systemstackSwitch = table.entry(of: "runtime.systemstack_switch")
    }

    /// The table of a walker in JavaScript (`page.js`), as JSON: each function's frame size at its resume
    /// points by PC_F (`sizes[PC_F - first]`, -1 for none) and the outermost functions' PC_F. On wasm a
    /// function moves SP once, in its prologue (PC_B 0), so every resume point has the same frame size.
    public var frameTableJSON: String {
        let entries = table.entries
        guard let first = entries.first.map({ $0 >> 16 }), let last = entries.last.map({ $0 >> 16 }),
            last - first < 1 << 20
        else {
            return "null"
        }
        var sizes = [Int](repeating: -1, count: Int(last - first) + 1)  // gowasm: allow-trap: last >= first (sorted table) and their difference checked < 2^20 by the guard above
        for entry in entries {
            sizes[Int((entry >> 16) - first)] = table.frameSize(pc: entry + 1) ?? -1  // gowasm: allow-trap: entries lie within first...last, checked above
        }
        let outermost = outermostEntries.map { String($0 >> 16) }.sorted()
        return
            "{\"first\":\(first),\"sizes\":[\(sizes.map(String.init).joined(separator: ","))],\"outermost\":[\(outermost.joined(separator: ","))]}"
    }

    /// The return PCs on the stack at `sp`, innermost first. `memory` holds linear memory from address
    /// `base` on (all of it, or a copy of the stack's region). Runtime work done on the system stack (a
    /// memory growth) is followed back to the goroutine that asked for it, when all of memory is at hand.
    public func pcs(memory: UnsafeRawBufferPointer, base: Int = 0, sp: Int) -> [UInt64] {
        var pcs = walk(memory: memory, base: base, sp: sp)
        if base == 0, let last = pcs.last, let mstart, table.functionEntry(pc: last) == mstart,
            let switched = switchedGoroutineSP(memory: memory)
        {
            // The system stack's frames are all runtime: the goroutine's own get a full depth of their own.
            pcs += walk(memory: memory, base: 0, sp: switched)
        }
        return pcs
    }

    private func walk(memory: UnsafeRawBufferPointer, base: Int, sp: Int) -> [UInt64] {
        var pcs: [UInt64] = []
        var slot = sp - base
        while pcs.count < depth, slot >= 0, slot + 8 <= memory.count {
            let pc = memory.loadUnaligned(fromByteOffset: slot, as: UInt64.self).littleEndian
            guard pc != 0, let size = table.frameSize(pc: pc), size >= 0 else { break }
            pcs.append(pc)
            if let entry = table.functionEntry(pc: pc), outermostEntries.contains(entry) { break }
            slot += 8 + size
        }
        return pcs
    }

    /// The stack pointer of the goroutine that switched to the system stack: `runtime.systemstack` saves
    /// it in the goroutine's `sched` gobuf as {sp, pc = systemstack_switch} and zeroes that sp on the way
    /// back, so the one such pair with a non-zero sp is the goroutine waiting now.
    private func switchedGoroutineSP(memory: UnsafeRawBufferPointer) -> Int? {
        guard let marker = systemstackSwitch else { return nil }
        // The g structs are allocated early, in the low part of the heap.
        let limit = min(memory.count, 64 << 20) / 8 * 8
        var offset = 8
        while offset + 8 <= limit {
            if memory.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian == marker {
                let sp = memory.loadUnaligned(fromByteOffset: offset - 8, as: UInt64.self).littleEndian
                if sp != 0, sp < UInt64(memory.count) { return Int(sp) }  // gowasm: allow-trap: sp < memory.count, checked on this line
            }
            offset += 8
        }
        return nil
    }

    /// Where a goroutine's stack begins: no caller above these.
    static let outermost: Set<String> = [
        "runtime.goexit", "runtime.rt0_go", "_rt0_wasm_js", "wasm_export_run", "wasm_export_resume",
    ]
}

/// A Go call stack symbolised: the frames, and the one that names the program's own code.
public struct GoStack: Sendable, Hashable, Codable {
    public struct Frame: Sendable, Hashable, Codable {
        public let function: String
        public let file: String
        public let line: Int
    }

    public let frames: [Frame]

    /// The innermost frame outside the Go runtime and standard library's boundary code: what the program
    /// itself called, so what a fix changes. Falls back to the innermost frame.
    public var site: Frame? { frames.first { !Self.isInfrastructure($0.function) } ?? frames.first }

    /// Whether the program's own code made the crossing directly: the first frame outside syscall/js and
    /// the runtime is not the standard library's plumbing (as syscall's fs callbacks are).
    public var isProgramCall: Bool {
        guard let caller = frames.first(where: { !["syscall/js", "runtime"].contains(Self.package(of: $0.function)) })
        else {
            return false
        }
        return !Self.isInfrastructure(caller.function)
    }

    /// Functions that cross the boundary on the program's behalf (the runtime, syscall/js, time, sync...).
    static func isInfrastructure(_ function: String) -> Bool {
        let package = Self.package(of: function)
        return ["runtime", "syscall/js", "syscall", "time", "sync", "os", "fmt", "io", "internal/poll"].contains(
            package)
            || package.hasPrefix("internal/") || package.hasPrefix("runtime/")
    }

    /// `a/b.(*T).m` → `a/b`; `main.main` → `main`.
    static func package(of function: String) -> String {
        let lastSlash = function.lastIndex(of: "/").map { function.index(after: $0) } ?? function.startIndex
        guard let dot = function[lastSlash...].firstIndex(of: ".") else { return function }
        return String(function[..<dot])
    }
}
