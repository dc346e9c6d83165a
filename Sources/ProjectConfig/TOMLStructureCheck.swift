/// Finds what toml++ (under TOMLKit) asserts on instead of reporting. Its C++ is built without NDEBUG, so each
/// of these aborted the process on a gowasm.toml (all found by fuzz-config):
/// - `}` or U+2028, U+2029, U+0085 (vertical whitespace to toml++, skipped by nothing) where an array expects a
///   value: `assert(!is_value_terminator(*cp))` in `parse_value`. Both are invalid TOML anywhere outside strings
///   and comments.
/// - a table header whose name does not start with a key character or a quote (`[ §`): `parse_key`'s assert.
/// The check walks strings (TOML's four forms), comments and brackets, so none of this is looked for inside a
/// string, and a `[` opens a table header only at a line's start outside any array or inline table. Lines end
/// at LF; a CR before it is TOML's CRLF.
enum TOMLStructureCheck {
    struct Finding: Equatable {
        /// 1-based.
        var line: Int
        var message: String
    }

    private enum State {
        case value
        case comment
        case basicString
        case literalString
        case multilineBasicString
        case multilineLiteralString
    }

    static func misplacedCharacter(in text: String) -> Finding? {
        let scalars = Array(text.unicodeScalars)
        var state = State.value
        var open: [Unicode.Scalar] = []  // `[` and `{` not yet closed, outside strings and comments
        var line = 1
        var atLineStart = true  // nothing but spaces and tabs yet on this line, outside strings
        var i = scalars.first == "\u{FEFF}" ? 1 : 0  // toml++ skips a byte order mark
        /// How many `quote`s start at `index` (at most `limit`).
        func run(of quote: Unicode.Scalar, at index: Int, limit: Int) -> Int {
            var count = 0
            while count < limit, index + count < scalars.count, scalars[index + count] == quote { count += 1 }
            return count
        }
        /// A backslash and the scalar it escapes, unless that is a line break (counted by the loop).
        func escapeLength(at index: Int) -> Int {
            index + 1 < scalars.count && scalars[index + 1] != "\n" ? 2 : 1
        }
        /// Whether the `[` at `index` (and a second one right after it) is followed by a key: a key character or
        /// a quote after spaces and tabs. A `]` or the end is toml++'s to report.
        func tableHeaderHasName(at index: Int) -> Bool {
            var next = index + 1
            func skipBlanks() {
                while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
            }
            if next < scalars.count, scalars[next] == "[" { next += 1 }
            skipBlanks()
            guard next < scalars.count else { return true }
            let first = scalars[next]
            return first.properties.isASCIIHexDigit || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
                || "_-\"']".unicodeScalars.contains(first)
        }
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\n" {
                line += 1
                atLineStart = true
                // A single-line string or a comment ends at the line's end (an unterminated string is
                // TOML's error to report).
                if state != .multilineBasicString && state != .multilineLiteralString { state = .value }
                i += 1
                continue
            }
            switch state {
            case .comment:
                i += 1
            case .basicString:
                if scalar == "\\" { i += escapeLength(at: i); continue }
                if scalar == "\"" { state = .value }
                i += 1
            case .literalString:
                if scalar == "'" { state = .value }
                i += 1
            case .multilineBasicString, .multilineLiteralString:
                let quote: Unicode.Scalar = state == .multilineBasicString ? "\"" : "'"
                if state == .multilineBasicString && scalar == "\\" { i += escapeLength(at: i); continue }
                // Up to two quotes before the closing three belong to the string.
                let quotes = run(of: quote, at: i, limit: 5)
                if quotes >= 3 { state = .value }
                i += max(quotes, 1)
            case .value:
                let startsLine = atLineStart
                atLineStart = atLineStart && (scalar == " " || scalar == "\t")
                switch scalar {
                case "#":
                    state = .comment
                    i += 1
                case "\"", "'":
                    let multiline = run(of: scalar, at: i, limit: 3) == 3
                    if multiline {
                        state = scalar == "\"" ? .multilineBasicString : .multilineLiteralString
                        i += 3
                    } else {
                        state = scalar == "\"" ? .basicString : .literalString
                        i += 1
                    }
                case "[", "{":
                    if scalar == "[" && startsLine && open.isEmpty && !tableHeaderHasName(at: i) {
                        return Finding(line: line, message: "not valid TOML: a table header needs a name")
                    }
                    open.append(scalar)
                    i += 1
                case "]":
                    if open.last == "[" { open.removeLast() }
                    i += 1
                case "}":
                    if open.last == "[" {
                        return Finding(line: line, message: "not valid TOML: `}` inside an array")
                    }
                    if open.last == "{" { open.removeLast() }
                    i += 1
                case "\u{2028}", "\u{2029}", "\u{85}":
                    let code = String(scalar.value, radix: 16, uppercase: true)
                    return Finding(
                        line: line,
                        message:
                            "not valid TOML: U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) outside a string"
                    )
                default:
                    i += 1
                }
            }
        }
        return nil
    }
}
