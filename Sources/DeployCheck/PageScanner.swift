import Foundation

/// The parts of an HTML page `check` follows: `<script>` and `<link>` tags with their attributes, and
/// the string literals in inline scripts that name a `.wasm` file. A tag scanner, not a full HTML parser:
/// it only needs to find tags and attributes the way a browser would in well-formed pages.
public struct PageScanner {
    public struct Tag: Sendable, Equatable {
        public var name: String
        /// Attribute names lower-cased; boolean attributes have an empty value.
        public var attributes: [String: String]
        /// For `<script>` without `src`: its text.
        public var inlineText: String?
    }

    public static func tags(in html: String) -> [Tag] {
        let bytes = Array(html.utf8)
        var tags: [Tag] = []
        var i = 0
        while let open = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
            i = open + 1
            if bytes[i...].starts(with: Array("!--".utf8)) {
                guard let end = bytes[i...].firstRange(of: Array("-->".utf8)) else { break }
                i = end.upperBound
                continue
            }
            var nameEnd = i
            while nameEnd < bytes.count, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: bytes[i..<nameEnd], as: UTF8.self).lowercased()
            guard name == "script" || name == "link" else { continue }
            var (attributes, tagEnd) = parseAttributes(bytes, from: nameEnd)
            i = tagEnd
            var inline: String?
            if name == "script" {
                // Script text runs to the first `</script` (case-insensitive).
                let closing = findCaseInsensitive(bytes, "</script", from: i) ?? bytes.count
                if attributes["src"] == nil { inline = String(decoding: bytes[i..<closing], as: UTF8.self) }
                i = closing
            }
            attributes = attributes.mapValues(decodeEntities)
            tags.append(Tag(name: name, attributes: attributes, inlineText: inline))
        }
        return tags
    }

    /// String literals ending in `.wasm` (optionally with a query) in JavaScript source.
    public static func wasmLiterals(in source: String) -> [String] {
        let pattern = #"["'`]([^"'`\s<>]*\.wasm(\?[^"'`\s<>]*)?)["'`]"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(source.startIndex..., in: source)
        return regex.matches(in: source, range: range).compactMap { match in
            Range(match.range(at: 1), in: source).map { String(source[$0]) }
        }
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D
    }

    private static func parseAttributes(_ b: [UInt8], from start: Int) -> ([String: String], Int) {
        var attributes: [String: String] = [:]
        var i = start
        func skipSpace() {
            while i < b.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: "/")].contains(b[i]) { i += 1 }
        }
        while i < b.count {
            skipSpace()
            guard i < b.count else { break }
            if b[i] == UInt8(ascii: ">") { return (attributes, i + 1) }
            let nameStart = i
            while i < b.count,
                ![0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(b[i])
            { i += 1 }
            let name = String(decoding: b[nameStart..<i], as: UTF8.self).lowercased()
            while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 }
            var value = ""
            if i < b.count, b[i] == UInt8(ascii: "=") {
                i += 1
                while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 }
                if i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                    let quote = b[i]
                    let valueStart = i + 1
                    i = valueStart
                    while i < b.count, b[i] != quote { i += 1 }
                    value = String(decoding: b[valueStart..<min(i, b.count)], as: UTF8.self)
                    i += 1
                } else {
                    let valueStart = i
                    while i < b.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">")].contains(b[i]) { i += 1 }
                    value = String(decoding: b[valueStart..<i], as: UTF8.self)
                }
            }
            if !name.isEmpty, attributes[name] == nil { attributes[name] = value }
        }
        return (attributes, b.count)
    }

    private static func findCaseInsensitive(_ b: [UInt8], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.lowercased().utf8)
        guard b.count >= n.count, from <= b.count - n.count else { return nil }
        for i in from...(b.count - n.count) where b[i] == n[0] {
            if (0..<n.count).allSatisfy({ (b[i + $0] | (b[i + $0] >= 0x41 && b[i + $0] <= 0x5A ? 0x20 : 0)) == n[$0] })
            {
                return i
            }
        }
        return nil
    }

    private static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
