/// The one way text reaches a terminal. Text from outside (a page, a backend, a guest program, a remote
/// server's headers) may carry escape sequences that recolour, retitle or rewrite the developer's terminal;
/// every log line, finding, report and render failure goes through `escaped` before it is written.
public enum TerminalText {
    /// `text` with every control character other than tab and newline written visibly: C0 controls, DEL
    /// and the C1 controls (U+0080–U+009F, which some terminals also obey) become `\xHH` (ESC → `\x1b`).
    public static func escaped(_ text: String) -> String {
        // Almost every line is clean: one pass over the UTF-8 bytes, no copy. 0xC2 leads U+0080–U+00BF,
        // the C1 controls among them.
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 }) else {
            return text
        }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                output.append(contentsOf: "\\x".unicodeScalars)
                let hex = String(scalar.value, radix: 16)
                if hex.count < 2 { output.append("0") }
                output.append(contentsOf: hex.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// `escaped`, on one line: newlines are escaped too (a page path, a header value).
    public static func escapedLine(_ text: String) -> String {
        var output = ""
        for character in escaped(text) { output += character == "\n" ? "\\x0a" : String(character) }
        return output
    }

    /// Whether `scalar` is a control character `escaped` rewrites.
    public static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }
}
