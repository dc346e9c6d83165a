import Foundation
import InputSafety
import WasmInspection

/// The thresholds that turn observations into findings.
public struct DiagnosisThresholds: Sendable {
    /// Longest time Go may run without returning to the event loop.
    public var frozenMilliseconds: Double = 200
    /// valueIndex/valueSetIndex calls in a row on one typed array that make a per-element copy.
    public var copyRun = 1024
    /// js.Funcs created at one site that make a leak.
    public var funcsPerSite = 100
    /// Linear memory size that makes a high-water mark worth reporting.
    public var memoryBytes = 128 << 20
    /// Crossings in one run that make the boundary cost a finding.
    public var crossings = 100_000
    /// One crossing in this many has its call site sampled.
    public var sampleEvery = 64

    public init() {}
}

/// What outlives a Go program's exit: what an early exit can break.
public enum ProgramHost: Sendable {
    /// A page: its JavaScript runs on after Go exits, so a callback into a live js.Func, and the glue's
    /// wake-up for a pending Go timer, fail (`Go program has already exited`).
    case page
    /// A process that ends with the program (`run`: the glue's exit is node's `process.exit`). A pending
    /// Go timer cannot fire into it (and Go keeps one for any timer, such as `go test`'s -test.timeout
    /// alarm); live js.Funcs are still reported, since they show callbacks a page would make.
    case process
}

/// Turns the facts `diagnose.js` observed into findings, naming Go code through the line table.
struct DiagnosisAnalyzer {
    let thresholds: DiagnosisThresholds
    let table: GoLineTable?
    var host: ProgramHost = .page

    func report(of facts: DiagnosisFacts, program: String, engine: String, stripped: Bool, exitCode: Int?)
        -> DiagnosisReport
    {
        var findings: [DiagnosisReport.Finding] = []
        func add(
            _ kind: DiagnosisReport.Kind, _ severity: DiagnosisReport.Severity, _ summary: String, _ fix: String,
            _ key: String?
        ) {
            let stack = key.map(symbolise) ?? GoStack(frames: [])
            findings.append(
                .init(
                    kind: kind, severity: severity, summary: summary, fix: fix, location: stack.site,
                    stack: stack.frames))
        }

        // js.Func leak: many funcs made at one site and never released (Go's funcs map keeps each callback
        // until Release, whether or not its wrapper was finalized). Counts come from the page (dev's report
        // endpoint): any Int, so no trapping arithmetic.
        for (key, site) in facts.funcs.sorted(by: { $0.value.created > $1.value.created })
        where Conversions.saturatingDifference(site.created, site.released) >= thresholds.funcsPerSite {
            let unreleased = Conversions.saturatingDifference(site.created, site.released)
            add(
                .funcLeak, .warning,
                "\(decimal(site.created)) js.Funcs created at \(place(key)); \(decimal(unreleased)) never released",
                "call Release on each js.Func once JS can no longer call it, or create it once and reuse it", key)
        }
        // Calls into released funcs (Go's handleEvent prints "call to released function" and drops them).
        for (key, site) in facts.funcs.sorted(by: { $0.key < $1.key }) where site.calledAfterRelease > 0 {
            add(
                .releasedFuncCall, .error,
                "the js.Func created at \(place(key)) was called \(decimal(site.calledAfterRelease)) time(s) after Release; Go dropped the call",
                "remove the JS reference (removeEventListener, clearInterval...) before calling Release", key)
        }
        if let exit = facts.exit {
            // Only the program's own callbacks: a panic elsewhere can end the instance while one of syscall's
            // fs callbacks runs (Go 1.19 waits in one for each write of its trace), which is no panic out of it.
            if exit.code == 2, let callback = exit.inCallback, symbolise(callback).isProgramCall {
                add(
                    .callbackPanic, .error,
                    "a panic unwound through the callback of the js.Func created at \(place(callback)) and killed the instance (exit 2)",
                    "recover() inside the callback, or return an error value to JS instead of panicking", callback)
            } else if exit.code != 2, case let live = exit.liveSites.filter({ symbolise($0.key).isProgramCall }),
                case let pendingTimeouts = host == .page ? exit.pendingTimeouts : 0,
                !live.isEmpty || pendingTimeouts > 0
            {
                // Funcs the standard library made (syscall's fs callbacks) are its own business.
                let liveFuncs = Conversions.saturatingSum(live.values)
                let top = live.max { $0.value < $1.value }
                var what: [String] = []
                if liveFuncs > 0 { what.append("\(decimal(liveFuncs)) live js.Func(s)") }
                if pendingTimeouts > 0 { what.append("\(pendingTimeouts) pending Go timer(s)") }
                add(
                    .earlyExit, .warning,
                    "the program exited (code \(exit.code)) with \(what.joined(separator: " and "))\(top.map { ", most from \(place($0.key))" } ?? ""): callbacks into it will now fail",
                    "park main with `select {}` while JS may call back, or release the funcs and stop the timers before returning",
                    top?.key ?? exit.site)
            }
        }
        if facts.turns.longestMs > thresholds.frozenMilliseconds {
            let key = facts.turns.longestSite.isEmpty ? nil : facts.turns.longestSite
            let last =
                facts.turns.longestLastImport.isEmpty ? "" : "; its last crossing was \(facts.turns.longestLastImport)"
            let threshold = wholeMilliseconds(thresholds.frozenMilliseconds)
            let whereText = key.map { " (still running at \(place($0)) after \(threshold) ms)" } ?? ""
            add(
                .frozenLoop, .warning,
                "Go ran \(wholeMilliseconds(facts.turns.longestMs)) ms (CPU) without returning to the event loop\(whereText)\(last); \(facts.turns.frozen) turn(s) over \(threshold) ms",
                "split the work and yield between parts (time.Sleep, a channel fed by a JS callback), so the page keeps running",
                key)
        }
        if facts.memory.peak >= thresholds.memoryBytes {
            let largest = facts.memory.growths.max { $0.bytes < $1.bytes }
            add(
                .memoryHighWater, .warning,
                "linear memory grew to \(mebibytes(facts.memory.peak)) in \(facts.memory.growths.count) growth(s)\(largest.map { "; the largest, +\(mebibytes($0.bytes)), at \(place($0.site))" } ?? ""); wasm memory never shrinks",
                "stream or reuse buffers instead of allocating the whole data at once", largest?.site)
        }
        for copy in facts.copies.values.sorted(by: { $0.elements > $1.elements }) {
            let call = copy.import == "syscall/js.valueSetIndex" ? "SetIndex" : "Index"
            let fix = call == "SetIndex" ? "use js.CopyBytesToJS" : "use js.CopyBytesToGo"
            add(
                .perElementCopy, .warning,
                "\(decimal(copy.elements)) \(call) calls on one \(copy.kind ?? "typed array") from \(place(copy.site)) (longest run \(decimal(copy.longest)))",
                "\(fix) to copy the whole array in one crossing", copy.site)
        }
        let boundary = boundarySummary(facts)
        if facts.crossings >= thresholds.crossings {
            let top = boundary.imports.first
            let site = boundary.callSites.first
            add(
                .boundaryCost, .info,
                "\(decimal(facts.crossings)) crossings of the JS boundary in \(wholeMilliseconds(boundary.milliseconds)) ms\(top.map { ", most \($0.name) (\(decimal($0.calls)))" } ?? ""); \(decimal(boundary.stringsMarshalled)) strings marshalled",
                "cache js.Values you read repeatedly, batch work on the JS side, move bytes with CopyBytesToJS/CopyBytesToGo",
                site.flatMap { key(for: $0, facts) })
        }
        findings.sort { $0.severity < $1.severity }
        let funcs = facts.funcs.values
        return DiagnosisReport(
            program: program, engine: engine, goModule: facts.goModule,
            locations: table == nil ? .unavailable : .goLineTable,
            stripped: stripped, exitCode: exitCode ?? facts.exit?.code, findings: findings, boundary: boundary,
            memory: .init(
                initialBytes: facts.memory.initial, peakBytes: facts.memory.peak, growths: facts.memory.growths.count),
            funcs: .init(
                created: Conversions.saturatingSum(funcs.map(\.created)),
                released: facts.releasesSeen ? Conversions.saturatingSum(funcs.map(\.released)) : nil,
                finalized: Conversions.saturatingSum(funcs.map(\.finalized)),
                calledAfterRelease: Conversions.saturatingSum(funcs.map(\.calledAfterRelease))),
            eventLoop: .init(
                turns: facts.turns.count, longestMilliseconds: facts.turns.longestMs,
                thresholdMilliseconds: thresholds.frozenMilliseconds))
    }

    private func boundarySummary(_ facts: DiagnosisFacts) -> DiagnosisReport.Boundary {
        let imports = facts.imports.filter { $0.value.count > 0 }
            .map { DiagnosisReport.ImportRow(name: $0.key, calls: $0.value.count, milliseconds: $0.value.ms) }
            .sorted { ($0.calls, $1.name) > ($1.calls, $0.name) }
        // Samples grouped by import and the program's own frame.
        var grouped: [String: (import: String, frame: GoStack.Frame?, samples: Int)] = [:]
        for (key, samples) in facts.sites {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let frame = parts.count > 1 ? symbolise(parts[1]).site : nil
            let id = "\(parts[0]) \(frame.map { "\($0.function) \($0.file):\($0.line)" } ?? "?")"
            grouped[id, default: (parts[0], frame, 0)].samples = Conversions.saturatingSum([
                grouped[id]?.samples ?? 0, samples,
            ])
        }
        let sites = grouped.values.sorted { $0.samples > $1.samples }.prefix(10)
            .map {
                let (estimate, overflow) = $0.samples.multipliedReportingOverflow(by: facts.sampleEvery)
                return DiagnosisReport.CallSite(
                    import: $0.import, location: $0.frame, estimatedCalls: overflow ? Int.max : estimate)
            }
        return .init(
            crossings: facts.crossings, milliseconds: imports.reduce(0) { $0 + $1.milliseconds },  // gowasm: allow-trap: a sum of Doubles (it cannot trap)
            stringsMarshalled: facts.imports["syscall/js.valuePrepareString"]?.count ?? 0,
            imports: Array(imports.prefix(10)),
            callSites: Array(sites), sampleEvery: facts.sampleEvery)
    }

    /// The most sampled stack key of the busiest call site, for the boundary finding's stack.
    private func key(for site: DiagnosisReport.CallSite, _ facts: DiagnosisFacts) -> String? {
        facts.sites.filter {
            $0.key.hasPrefix(site.import + " ")
                && symbolise(String($0.key.dropFirst(site.import.count + 1))).site == site.location
        }
        .max { $0.value < $1.value }.map { String($0.key.dropFirst(site.import.count + 1)) }
    }

    func symbolise(_ key: String) -> GoStack {
        guard let table else { return GoStack(frames: []) }
        let pcs = key.split(separator: ",").compactMap { UInt64($0, radix: 10) }
        return GoStack(
            frames: pcs.map { pc in
                let location = table.location(pc: pc)
                return GoStack.Frame(
                    function: location?.function ?? "pc 0x\(String(pc, radix: 16))", file: location?.file ?? "?",
                    line: location?.line ?? 0)
            })
    }

    private func place(_ key: String) -> String {
        guard let frame = symbolise(key).site else { return "an unknown place" }
        return "\(Self.shortFile(frame.file)):\(frame.line) (\(frame.function))"
    }

    static func shortFile(_ file: String) -> String {
        let parts = file.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }
}

func decimal(_ n: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    formatter.usesGroupingSeparator = true
    return formatter.string(from: NSNumber(value: n)) ?? String(n)
}

/// Whole milliseconds for a sentence; the page may send any double (1e300, NaN), so clamped, never trapping.
func wholeMilliseconds(_ value: Double) -> Int {
    Conversions.clamped(value.rounded(), to: 0...Int.max)
}

func mebibytes(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
}
