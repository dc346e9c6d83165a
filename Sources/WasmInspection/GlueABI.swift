/// The imports a `wasm_exec.js` provides, read from the source of its import object:
/// `importObject = { gojs: { "runtime.wasmExit": (sp) => {...}, ... }, _gotest: {...} }`.
/// Works on the toolchains' files and on minified copies (it tokenizes JavaScript, skipping strings,
/// comments and template literals, and collects the keys at the object's first two levels).
public struct GlueABI: Sendable, Equatable {
    /// Import module → function names, in source order.
    public var modules: [(module: String, names: [String])]

    public static func == (a: GlueABI, b: GlueABI) -> Bool {
        a.modules.map(\.module) == b.modules.map(\.module) && a.modules.map(\.names) == b.modules.map(\.names)
    }

    public func names(in module: String) -> [String]? { modules.first { $0.module == module }?.names }

    /// Modules the Go runtime imports from (not test helpers like `_gotest`).
    public var hostModules: [String] { modules.map(\.module).filter { !$0.hasPrefix("_") } }

    public init(modules: [(module: String, names: [String])]) { self.modules = modules }

    /// Parses `source` (the text of a wasm_exec.js). `path` only names the file in errors.
    public static func parse(_ source: String, path: String = "wasm_exec.js") throws(InspectionError) -> GlueABI {
        let tokens = JSTokenizer.tokenize(Array(source.utf8))
        // The import object is the `{` after `importObject =` (or `importObject:` in a minified class).
        var start: Int?
        for i in tokens.indices.dropLast(2) where tokens[i] == .identifier("importObject") {
            if tokens[i + 1] == .punct("=") || tokens[i + 1] == .punct(":"), tokens[i + 2] == .punct("{") {
                start = i + 2
                break
            }
        }
        guard let start else { throw .glueHasNoImportObject(path: path) }

        var modules: [(module: String, names: [String])] = []
        var depth = 0
        var i = start
        var expectKey = false
        while i < tokens.count {
            let token = tokens[i]
            switch token {
            case .punct("{"), .punct("("), .punct("["):
                depth += 1
                expectKey = token == .punct("{") && depth <= 2
            case .punct("}"), .punct(")"), .punct("]"):
                depth -= 1
                if depth == 0 { i = tokens.count; continue }
                expectKey = false
            case .punct(","):
                expectKey = depth <= 2
            default:
                if expectKey, let key = token.keyText, i + 1 < tokens.count, tokens[i + 1] == .punct(":") {
                    if depth == 1 {
                        modules.append((key, []))
                    } else if depth == 2, !modules.isEmpty {
                        modules[modules.count - 1].names.append(key)
                    }
                }
                expectKey = false
            }
            i += 1
        }
        guard modules.contains(where: { !$0.module.hasPrefix("_") && !$0.names.isEmpty }) else {
            throw .glueHasNoImportObject(path: path)
        }
        return GlueABI(modules: modules)
    }
}

/// Just enough of a JavaScript lexer to find object keys: identifiers, string literals and punctuation;
/// comments, template literals, numbers and regular expressions are skipped.
enum JSTokenizer {
    enum Token: Equatable {
        case identifier(String)
        case string(String)
        case punct(String)
        case other

        var keyText: String? {
            switch self {
            case .identifier(let s), .string(let s): s
            default: nil
            }
        }
    }

    static func tokenize(_ s: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isIdentByte(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24
                || c >= 0x80
        }
        // A `/` starts a regex (not a division) after these tokens.
        func regexAllowed() -> Bool {
            guard let last = tokens.last else { return true }
            if case .punct(let p) = last { return p != ")" && p != "]" && p != "}" }
            if case .identifier(let word) = last {
                return ["return", "typeof", "case", "in", "of", "new"].contains(word)
            }
            return false
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: "/") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "/"):
                while i < s.count && s[i] != 0x0A { i += 1 }
            case UInt8(ascii: "/") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < s.count && !(s[i] == UInt8(ascii: "*") && s[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            case UInt8(ascii: "/") where regexAllowed():
                i += 1
                var inClass = false
                while i < s.count && s[i] != 0x0A {
                    if s[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if s[i] == UInt8(ascii: "[") { inClass = true }
                    if s[i] == UInt8(ascii: "]") { inClass = false }
                    if s[i] == UInt8(ascii: "/") && !inClass { break }
                    i += 1
                }
                i += 1
                while i < s.count && isIdentByte(s[i]) { i += 1 }  // flags
                tokens.append(.other)
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                let quote = c
                var text: [UInt8] = []
                i += 1
                var templateDepth = 0
                while i < s.count {
                    if s[i] == UInt8(ascii: "\\"), i + 1 < s.count {
                        text.append(s[i + 1])
                        i += 2
                        continue
                    }
                    if quote == UInt8(ascii: "`") {
                        // `${ ... }` may hold braces and strings; skip to the matching `}`.
                        if s[i] == UInt8(ascii: "$"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "{") {
                            templateDepth += 1
                            i += 2
                            continue
                        }
                        if templateDepth > 0 {
                            if s[i] == UInt8(ascii: "{") { templateDepth += 1 }
                            if s[i] == UInt8(ascii: "}") { templateDepth -= 1 }
                            i += 1
                            continue
                        }
                    }
                    if s[i] == quote { break }
                    text.append(s[i])
                    i += 1
                }
                i += 1
                tokens.append(quote == UInt8(ascii: "`") ? .other : .string(String(decoding: text, as: UTF8.self)))
            case _ where isIdentByte(c):
                let from = i
                while i < s.count && isIdentByte(s[i]) { i += 1 }
                let word = String(decoding: s[from..<i], as: UTF8.self)
                tokens.append(c >= 0x30 && c <= 0x39 ? .other : .identifier(word))
            default:
                // `=>` and `==` must not read as `=`; other multi-byte operators do not matter here.
                if c == UInt8(ascii: "="), i + 1 < s.count,
                    s[i + 1] == UInt8(ascii: ">") || s[i + 1] == UInt8(ascii: "=")
                {
                    tokens.append(.punct("=>"))
                    i += 2
                } else {
                    tokens.append(.punct(String(UnicodeScalar(c))))
                    i += 1
                }
            }
        }
        return tokens
    }
}
