import Foundation
import SiteServing

/// Pre-renders each page in a child process of this executable (`prerender DIST --route R --stdout`), killed
/// at the wall-clock budget and limited in address space: a page that loops, traps or eats memory ends with
/// its process, and the server serves the plain page.
final class ProcessPageRenderer: PageRenderer {
    let dist: String
    let budget: Duration
    /// Bytes of address space a render may use.
    let memoryLimit: Int
    /// Renders larger than this are refused (a page, not a download).
    static let maxPageSize = 16 << 20

    init(dist: String, budget: Duration, memoryLimit: Int) {
        self.dist = dist
        self.budget = budget
        self.memoryLimit = memoryLimit
    }

    func inputs(of route: PageRoute, page: [UInt8]) -> [String] {
        PageInputs.find(in: page, pagePath: route.page) { relative in
            FileManager.default.contents(atPath: dist + "/" + relative).map(Array.init)
        }
    }

    func render(_ route: PageRoute, completion: @escaping @Sendable (Result<[UInt8], RenderFailure>) -> Void) {
        // A thread of its own: the wait takes up to the budget and must not hold a Dispatch worker.
        let thread = Thread { [self] in completion(renderNow(route)) }
        thread.name = "prerender \(route.path)"
        thread.start()
    }

    private func renderNow(_ route: PageRoute) -> Result<[UInt8], RenderFailure> {
        let child = BoundedChild(
            executable: "/proc/self/exe", arguments: ["prerender", dist, "--route", route.path, "--stdout"],
            deadline: budget, addressSpace: memoryLimit, maxOutput: Self.maxPageSize)
        let outcome: BoundedChild.Outcome
        do {
            outcome = try child.run()
        } catch {
            return .failure(RenderFailure("\(error)"))
        }
        // The child names the route too (`gowasm-serve: /r: why`); the log line already starts with it.
        let message = Self.lastLine(of: outcome.stderr).map { line in
            line.hasPrefix(route.path + ": ") ? String(line.dropFirst(route.path.count + 2)) : line
        }
        let overBudget = RenderFailure("exceeded the \(memoryLimit >> 20) MiB memory budget (stopped)")
        switch outcome.ending {
        case .exited(0) where !outcome.stdout.isEmpty:
            return .success(outcome.stdout)
        case .exited(0):
            return .failure(RenderFailure("the render printed nothing"))
        case .exited(let status):
            if Self.ranOutOfMemory(outcome.stderr) { return .failure(overBudget) }
            return .failure(RenderFailure(message ?? "the render exited with status \(status)"))
        case .signaled(let signal):
            if Self.ranOutOfMemory(outcome.stderr) { return .failure(overBudget) }
            return .failure(RenderFailure("the render crashed (signal \(signal))" + (message.map { ": " + $0 } ?? "")))
        case .killedAtDeadline:
            return .failure(RenderFailure("exceeded the \(Self.seconds(budget)) s wall-clock budget (stopped)"))
        case .killedForOutput:
            return .failure(RenderFailure("the rendered page exceeds \(Self.maxPageSize >> 20) MiB (stopped)"))
        }
    }

    /// Whether the child died of the address-space limit: where an allocation fails decides the words
    /// (Swift's allocator, WasmKit refusing the wasm memory it could not map, or the dynamic loader unable to
    /// map a library: the binary now links JavaScriptCore and ICU, ~74 MiB of mappings), not the cause.
    private static func ranOutOfMemory(_ stderr: [UInt8]) -> Bool {
        let text = String(decoding: stderr.suffix(1 << 16), as: UTF8.self)
        return [
            "failed to allocate", "exceeds the resource limit", "Cannot allocate memory", "out of memory",
            "failed to map segment from shared object",
        ].contains { text.contains($0) }
    }

    /// The child's last non-empty stderr line, without the `gowasm-serve: ` prefix of its one-line errors.
    private static func lastLine(of stderr: [UInt8]) -> String? {
        let text = String(decoding: stderr.suffix(4096), as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("gowasm-serve: ") ? String(trimmed.dropFirst(14)) : trimmed
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.nanoseconds) / 1e9
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)
    }
}

/// The files a page's rendering depends on, found by reading it as a browser would load them: local
/// scripts the page names (`<script src>`, `<link href>`), and `.wasm` files the page or those scripts
/// name (a loader's `fetch("main.8f3a9c1b.wasm")`). Paths are relative to the dist root.
enum PageInputs {
    static func find(in page: [UInt8], pagePath: String, read: (String) -> [UInt8]?) -> [String] {
        let directory = pagePath.split(separator: "/").dropLast().map(String.init)
        var found: [String] = []
        func add(_ token: String) {
            guard let path = resolve(token, from: directory), !found.contains(path) else { return }
            found.append(path)
        }
        let pageTokens = tokens(in: page)
        for token in pageTokens where token.hasSuffix(".js") || token.hasSuffix(".mjs") || token.hasSuffix(".wasm") {
            add(token)
        }
        // Scripts fetch relative to the document, not to themselves.
        for script in found where !script.hasSuffix(".wasm") {
            guard let bytes = read(script), bytes.count <= 8 << 20 else { continue }
            for token in tokens(in: bytes) where token.hasSuffix(".wasm") { add(token) }
        }
        // Without a wasm reference in the page, the pre-renderer takes the build manifest's.
        if !found.contains(where: { $0.hasSuffix(".wasm") }) { found.append("manifest.json") }
        return found
    }

    /// Runs of URL path characters (`a-z A-Z 0-9 . _ ~ / -`); `https://host/x.js` yields `//host/x.js`.
    static func tokens(in bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        var start: Int?
        for index in 0...bytes.count {
            let isPathByte = index < bytes.count && isPathCharacter(bytes[index])
            if isPathByte, start == nil { start = index }
            if !isPathByte, let begin = start {
                if index - begin <= 1024 { tokens.append(String(decoding: bytes[begin..<index], as: UTF8.self)) }
                start = nil
            }
        }
        return tokens
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: "/"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// `token` resolved against the page's directory; nil for other origins and paths that leave the root.
    static func resolve(_ token: String, from directory: [String]) -> String? {
        guard !token.hasPrefix("//") else { return nil }
        var segments = token.hasPrefix("/") ? [] : directory
        for part in token.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            default: segments.append(String(part))
            }
        }
        guard let last = segments.last, last.contains("."), !last.hasPrefix(".") else { return nil }
        return segments.joined(separator: "/")
    }
}
