import WasmParser
import WasmTypes

/// Walks every instruction of the code section and notes which post-MVP proposals it relies on
/// (what a runtime or browser must support to run the binary).
struct FeatureScanner: InstructionVisitor {
    typealias VisitorError = WasmParserError
    var binaryOffset: Int = 0
    private(set) var found: Set<WasmFeature> = []

    mutating func visitMemoryCopy(dstMem: UInt32, srcMem: UInt32) throws(WasmParserError) { found.insert(.bulkMemory) }
    mutating func visitMemoryFill(memory: UInt32) throws(WasmParserError) { found.insert(.bulkMemory) }
    mutating func visitMemoryInit(dataIndex: UInt32, memory: UInt32) throws(WasmParserError) {
        found.insert(.bulkMemory)
    }
    mutating func visitDataDrop(dataIndex: UInt32) throws(WasmParserError) { found.insert(.bulkMemory) }

    mutating func visitUnary(_ unary: Instruction.Unary) throws(WasmParserError) {
        switch unary {
        case .i32Extend8S, .i32Extend16S, .i64Extend8S, .i64Extend16S, .i64Extend32S: found.insert(.signExtension)
        default: break
        }
    }

    mutating func visitConversion(_ conversion: Instruction.Conversion) throws(WasmParserError) {
        switch conversion {
        case .i32TruncSatF32S, .i32TruncSatF32U, .i32TruncSatF64S, .i32TruncSatF64U,
            .i64TruncSatF32S, .i64TruncSatF32U, .i64TruncSatF64S, .i64TruncSatF64U:
            found.insert(.saturatingConversions)
        default: break
        }
    }

    mutating func visitSimd(_ simd: Instruction.Simd) throws(WasmParserError) { found.insert(.simd) }
    mutating func visitSimdLane(_ simdLane: Instruction.SimdLane, lane: UInt8) throws(WasmParserError) {
        found.insert(.simd)
    }
    mutating func visitSimdMemLane(_ op: Instruction.SimdMemLane, memarg: MemArg, lane: UInt8) throws(WasmParserError) {
        found.insert(.simd)
    }
    mutating func visitV128Const(value: V128) throws(WasmParserError) { found.insert(.simd) }
    mutating func visitLoad(_ load: Instruction.Load, memarg: MemArg) throws(WasmParserError) {
        if "\(load)".hasPrefix("v128") { found.insert(.simd) }
    }
    mutating func visitStore(_ store: Instruction.Store, memarg: MemArg) throws(WasmParserError) {
        if case .v128Store = store { found.insert(.simd) }
    }

    /// Scans all bodies; stops early once every feature has been seen.
    static func scan(_ bodies: [Code]) throws(WasmParserError) -> Set<WasmFeature> {
        var scanner = FeatureScanner()
        for body in bodies {
            var parser = ExpressionParser(code: body)
            while let instruction = try parser.parse() {
                try instruction(visitor: &scanner)
            }
            if scanner.found.count == WasmFeature.allCases.count { break }
        }
        return scanner.found
    }
}

/// The post-MVP proposals `inspect` reports (the ones Go's and TinyGo's compilers emit).
public enum WasmFeature: String, CaseIterable, Sendable, Comparable {
    case bulkMemory = "bulk-memory"
    case signExtension = "sign-extension"
    case saturatingConversions = "saturating-conversions"
    case simd

    /// Report order: the order of `allCases`.
    private var rank: Int {
        switch self {
        case .bulkMemory: 0
        case .signExtension: 1
        case .saturatingConversions: 2
        case .simd: 3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}
