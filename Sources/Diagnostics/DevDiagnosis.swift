import Foundation
import Synchronization

/// `dev`'s side of the layer in its pages: the page script for the app the dist holds now, and the facts a
/// page sends named through that app's line table. `dev` rebuilds the dist in place under a new hashed
/// name, so the wasm is looked up again whenever the name changed.
public final class DevDiagnosis: Sendable {
    private struct App {
        let name: String
        let wasm: [UInt8]
        let script: [UInt8]
    }

    private let dist: URL
    private let current = Mutex<App?>(nil)

    public init(dist: URL) { self.dist = dist }

    /// The script served at `/_gowasm/diagnose.js`.
    public func pageScript() -> [UInt8] { app()?.script ?? Array(GoDiagnostics.pageScript(wasm: nil).utf8) }

    /// A page's facts as terminal lines, one per finding with its fix (none when the facts do not parse).
    public func findingLines(pageFacts json: String, page: String) -> [String] {
        let report = GoDiagnostics.report(pageFacts: json, wasm: app()?.wasm, program: page)
        return report?.findingLines ?? []
    }

    /// The dist's wasm (the one `.wasm` at its top), read again when its name changed.
    private func app() -> App? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dist.path)) ?? []).filter {
            $0.hasSuffix(".wasm")
        }
        guard names.count == 1, let name = names.first else { return nil }
        if let app = current.withLock({ $0 }), app.name == name { return app }
        guard let data = try? Data(contentsOf: dist.appendingPathComponent(name)) else { return nil }
        let wasm = Array(data)
        let app = App(name: name, wasm: wasm, script: Array(GoDiagnostics.pageScript(wasm: wasm).utf8))
        current.withLock { $0 = app }
        return app
    }
}
