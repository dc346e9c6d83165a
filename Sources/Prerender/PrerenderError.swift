import Foundation

/// Why a page could not be pre-rendered. Each case reads as one line for `gowasm-serve: ...`.
public enum PrerenderError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// The dist has no HTML page for the route (nor an `index.html` to fall back to).
    case noPage(dist: String, route: String)
    /// A file of the dist could not be read.
    case unreadable(path: String, reason: String)
    /// The guest trapped (out-of-bounds access, stack or memory exhausted) or a host call failed.
    case trap(String)
    /// The program exited with a non-zero code other than a panic's; `output` is the tail of stderr.
    case exited(code: Int32, output: String)
    /// Go panicked (exit code 2 after a `panic: ` line); `message` is what followed `panic: `.
    case panic(String)
    /// The app asked for more linear memory than the budget allows.
    case outOfMemory(limitBytes: Int)
    /// The wall-clock or instruction budget ran out before Go parked (a busy loop, or far too much work).
    case overBudget(PrerenderBudget)
    /// The page needs what the pre-renderer does not do (a `<script type=module>`): it is not rendered,
    /// rather than rendered empty.
    case unsupported(String)
    /// The page started no Go program (`go.run` never ran), and what failed, as far as the page showed.
    case noProgram(PageFailure)
    /// The route is not an absolute path.
    case invalidRoute(String)

    public var description: String {
        switch self {
        case .noPage(let dist, let route): "no HTML page for route \(route) in \(dist) (expected index.html)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .trap(let message): "the app trapped while pre-rendering: \(message)"
        case .exited(let code, let output):
            output.isEmpty
                ? "the app exited with code \(code) while pre-rendering"
                : "the app exited with code \(code) while pre-rendering: \(output)"
        case .panic(let message): "the app panicked while pre-rendering: \(message)"
        case .outOfMemory(let limit): "the app ran out of its \(limit >> 20) MiB of memory while pre-rendering"
        case .overBudget(let budget): "pre-rendering stopped: \(budget) before the app parked"
        case .unsupported(let what): "the page cannot be pre-rendered: \(what)"
        case .noProgram(let failure): failure.sentence
        case .invalidRoute(let route): "route \(route) is not an absolute path (it must start with /)"
        }
    }
}

/// A budget a pre-render ran out of.
public enum PrerenderBudget: Sendable, Equatable, Codable, CustomStringConvertible {
    case wallClock(Duration)
    case virtualTime(Duration)
    case instructions(UInt64)

    public var description: String {
        switch self {
        case .wallClock(let limit): "wall-clock limit of \(limit) reached"
        case .virtualTime(let limit): "virtual-time limit of \(limit) reached"
        case .instructions(let limit): "instruction limit of \(limit) reached"
        }
    }
}

/// Why a page started no Go program, as far as the page showed it.
public enum PageFailure: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The first exception the page did not handle (a script's, a task's, a promise rejection nothing
    /// handled) or logged as an `Error` (`console.error(error)`, as loaders that catch do).
    case exception(PageException)
    /// The page threw nothing; this is the line it logged last (a loader's own message).
    case logged(String)
    /// The page neither threw nor logged anything.
    case silent

    public var description: String {
        switch self {
        case .exception(let exception): exception.description
        case .logged(let line): line
        case .silent: "go.run never ran"
        }
    }

    /// `the page started no Go program: ReferenceError: Can't find variable: ReadableStream (app.js:286)`.
    public var sentence: String { "the page started no Go program: \(description)" }
}

/// An exception a page raised: its type, message and first frame in the page's own scripts. Built from
/// what the page handed over, so its text is made printable on a terminal (no control characters, bounded).
public struct PageException: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The error's `name` (`ReferenceError`, `TypeError`, a custom class's); empty for a thrown non-Error.
    public let type: String
    public let message: String
    /// The first frame in one of the page's scripts: the file's last path component and the line.
    public let frame: Frame?

    public struct Frame: Sendable, Equatable, Codable, CustomStringConvertible {
        public let file: String
        public let line: Int

        public init(file: String, line: Int) {
            self.file = PageException.printable(file, limit: 200)
            self.line = line
        }

        public var description: String { "\(file):\(line)" }
    }

    public init(type: String, message: String, frame: Frame?) {
        self.type = Self.printable(type, limit: 100)
        self.message = Self.printable(message, limit: 400)
        self.frame = frame
    }

    public var description: String {
        let text = type.isEmpty ? message : (message.isEmpty ? type : "\(type): \(message)")
        return text + (frame.map { " (\($0))" } ?? "")
    }

    /// The first frame of a JavaScriptCore `stack` (`fn@url:line:column`, `url:line:column` for global code)
    /// in a page script: frames of native code and of gowasm-serve's own scripts (`gowasm-serve:…`) are
    /// skipped, since the page's line is the one its author can act on.
    public static func firstFrame(inStack stack: String) -> Frame? {
        for line in stack.split(whereSeparator: \.isNewline) {
            var location = Substring(line.trimmingCharacters(in: .whitespaces))
            if let at = location.lastIndex(of: "@") { location = location[location.index(after: at)...] }
            let parts = location.split(separator: ":", omittingEmptySubsequences: false)
            // url:line:column; the url itself has colons (http://host:port/...).
            guard parts.count >= 3 else { continue }
            let lineNumber = Int(parts[parts.count - 2])  // gowasm: allow-trap: a failable parse of text
            let column = Int(parts[parts.count - 1])  // gowasm: allow-trap: a failable parse of text
            guard let lineNumber, column != nil else {
                continue
            }
            let url = parts.dropLast(2).joined(separator: ":")
            if let frame = frame(url: url, line: lineNumber) { return frame }
        }
        return nil
    }

    /// A frame at `url`'s `line`, unless `url` is gowasm-serve's own or no script's.
    public static func frame(url: String, line: Int) -> Frame? {
        guard !url.isEmpty, !url.hasPrefix("gowasm-serve:"), url != "[native code]", line > 0 else { return nil }
        var path = Substring(url)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        let file = path.split(separator: "/").last.map(String.init) ?? String(path)
        return Frame(file: file.isEmpty ? url : file, line: line)
    }

    /// `text` with control characters (and line breaks) shown as spaces, at most `limit` characters.
    static func printable(_ text: String, limit: Int) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if output.unicodeScalars.count >= limit {
                output += "…"
                break
            }
            let isControl =
                scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D
            output.unicodeScalars.append(isControl ? " " : scalar)
        }
        return output
    }
}
