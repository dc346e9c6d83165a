import AssetPipeline
import DevServing
import Foundation
import InputSafety
import SiteServing
import Synchronization
import WasmInspection

/// Builds and rebuilds one package for the dev server, one build at a time, and tells the browsers.
public final class DevSession: Sendable {
    /// The first build's, then with the glue and Go version a build found, so rebuilds skip `go env GOROOT`
    /// and reading the version from the wasm (the toolchain is the session's).
    private let options: Mutex<BuildOptions>
    public let liveReload: LiveReload
    public let devPages = DevPages()
    /// One line for the terminal.
    private let log: @Sendable (String) -> Void
    /// The compiler's output as it comes, escaped for the terminal (it quotes the package's source).
    private let compilerOutput: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "gowasm-serve.dev-build")
    /// Size breakdowns run here, after the reload, at the lowest CPU priority (SiteServing's IdleWorker).
    private let sizesWorker = IdleWorker(name: "gowasm-dev-sizes")
    private let lastSizes = Mutex<SizeBreakdown?>(nil)
    /// The newest build's number: a size breakdown of an older build is dropped when it ends.
    private let buildNumber = Mutex(0)

    public init(
        options: BuildOptions, liveReload: LiveReload, log: @escaping @Sendable (String) -> Void,
        compilerOutput: @escaping @Sendable (String) -> Void
    ) {
        self.options = Mutex(options)
        self.liveReload = liveReload
        self.log = log
        self.compilerOutput = { chunk in compilerOutput(TerminalText.escaped(chunk)) }
    }

    public func firstBuild() throws(BuildError) {
        let report = try builder().build()
        remember(report)
        log("built \(report.files.count) files with \(report.goVersion ?? "Go")")
        updateSizes(report)
    }

    public func rebuild() {
        queue.async { [self] in
            log("change detected: rebuilding")
            do throws(BuildError) {
                let report = try builder().build()
                remember(report)
                log("rebuilt (\(report.files.count) files): reloading pages")
                liveReload.reload()
                updateSizes(report)
            } catch {
                log("gowasm-serve: \(error.description)")
                liveReload.buildFailed(output: Self.overlayText(for: error))
            }
        }
    }

    /// Refreshes the size view from the new build's wasm (brotli at the quick level, as dev compresses) and
    /// prints one line when the compressed size moved by more than 1%.
    ///
    /// The breakdown (brotli per package: a second of CPU for a 15 MB wasm) runs at the lowest priority, so it
    /// never delays the next build: on 2 cores it took the CPU the next edit's `go build` needed (edit to
    /// reload for a 15 MB app: +384 ms over `go build` with it at normal priority, +240 ms at nice 19).
    private func updateSizes(_ report: BuildReport) {
        guard let wasm = report.files.first(where: { $0.logicalName == DistBuilder.wasmName }) else { return }
        let path = report.output.appendingPathComponent(wasm.file).path
        let number = buildNumber.withLock { number in
            number += 1
            return number
        }
        sizesWorker.async { [self] in
            guard let breakdown = try? SizeBreakdown.analyse(path: path, compression: .quick),
                buildNumber.withLock({ $0 == number })
            else { return }
            devPages.set(
                DevPages.sizesPath, html: SizeReportHTML.render(breakdown, title: "\(DistBuilder.wasmName) (dev build)")
            )
            let previous = lastSizes.withLock { last in
                defer { last = breakdown }
                return last
            }
            if let previous, let line = SizeDiff(old: previous, new: breakdown).devLine(file: DistBuilder.wasmName) {
                log(line)
            }
        }
    }

    private func remember(_ report: BuildReport) {
        options.withLock { options in
            options.glue = report.glue
            if options.goVersion == nil { options.goVersion = report.goVersion }
        }
    }

    /// What the page's overlay shows: the compiler's own output when there is some, else the one-line error.
    public static func overlayText(for error: BuildError) -> String {
        if case .compileFailed(package: _, output: let output) = error, !output.isEmpty { return output }
        return error.description
    }

    private func builder() -> DistBuilder {
        DistBuilder(options: options.withLock { $0 }, compilerOutput: compilerOutput)
    }
}

extension BuildError {
    /// Errors an edit of the package can fix, so `dev` keeps watching instead of exiting.
    public var isFixableInSource: Bool {
        switch self {
        case .compileFailed, .notMainPackage: true
        default: false
        }
    }
}
