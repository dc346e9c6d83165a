import WasmParser
import WasmTypes

/// How many `call` instructions in the code section target each function, imported or not: the static
/// half of diagnosis. In Go each host import is called from its one syscall/js or runtime stub; the
/// syscall/js API functions' call sites say what the program does (js.FuncOf called from many places and
/// Func.Release from none: every js.Func lives until exit).
struct CallCounter: InstructionVisitor {
    typealias VisitorError = WasmParserError
    var binaryOffset: Int = 0
    private(set) var counts: [Int: Int] = [:]

    mutating func visitCall(functionIndex: UInt32) throws(WasmParserError) {
        counts[Int(functionIndex), default: 0] += 1
    }

    /// The call sites per function index (imports first, as wasm numbers them).
    static func count(_ bodies: [Code]) throws(WasmParserError) -> [Int: Int] {
        var counter = CallCounter()
        for body in bodies {
            var parser = ExpressionParser(code: body)
            while let instruction = try parser.parse() {
                try instruction(visitor: &counter)
            }
        }
        return counter.counts
    }
}

/// Call sites of syscall/js's API in a Go binary (not inlined ones: Go inlines small wrappers, so these are
/// lower bounds), named through Go's pclntab.
public struct JSAPICalls: Codable, Sendable, Equatable {
    public static let functions = [
        "syscall/js.FuncOf", "syscall/js.Func.Release", "syscall/js.Value.SetIndex", "syscall/js.Value.Index",
        "syscall/js.CopyBytesToJS", "syscall/js.CopyBytesToGo",
    ]

    /// Function name → call sites, for the functions above the binary contains.
    public var callSites: [String: Int]

    init(calls: [Int: Int], importedFunctions: Int, table: GoLineTable) {
        var sites: [String: Int] = [:]
        for name in Self.functions {
            guard let entry = table.entry(of: name) else { continue }
            let index = importedFunctions + Int(entry >> 16) - 0x1000
            sites[name] = calls[index] ?? 0
        }
        callSites = sites
    }

    /// What the counts suggest before the binary runs, if anything.
    public var suspicion: String? {
        if let made = callSites["syscall/js.FuncOf"], made > 0, callSites["syscall/js.Func.Release"] ?? 0 == 0 {
            return
                "js.FuncOf is called from \(made) place(s) and Func.Release from none: every js.Func lives until exit (run --diagnose shows where they are made)"
        }
        return nil
    }
}
