// The dev page's report endpoint, from the bytes of a POST body to the findings printed in the terminal:
// PageDiagnosis checks and bounds the report, then each `facts` entry goes through DiagnosisAnalyzer.
import DevServing
import Diagnostics
import FuzzSupport
import HTTPServer
import SiteServing
import Synchronization

let delivered = Mutex<[PageDiagnosis.Entry]>([])
var limits = PageDiagnosis.Limits()
limits.entriesPerMinute = Int.max / 2  // the rate limit is not under test: every entry goes through
limits.entryBurst = Int.max / 2
let endpoint = PageDiagnosis(script: { [] }, limits: limits, clock: { 0 }) { entries in
    delivered.withLock { $0 += entries }
}

runFuzzer { input in
    let request = HTTPRequest(
        method: "POST", target: PageDiagnosis.reportPath, path: PageDiagnosis.reportPath,
        headers: ["Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000", "Content-Type": "application/json"],
        body: Array(input))
    _ = endpoint.respond(to: request)
    let entries = delivered.withLock { entries in
        defer { entries.removeAll() }
        return entries
    }
    for entry in entries {
        for line in PageDiagnosis.terminalLines(for: entry) {
            precondition(!line.utf8.contains(0x1B) || entry.kind == .facts)
        }
        guard entry.kind == .facts else { continue }
        let report = GoDiagnostics.report(pageFacts: entry.text, wasm: nil, program: entry.page)
        _ = report?.findingLines
        _ = report?.text
    }
}
