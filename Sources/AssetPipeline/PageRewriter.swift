import Foundation

/// A built asset the page refers to by its logical name (`main.wasm`) and must load by its hashed one.
public struct PageAsset: Sendable {
    public let logicalName: String
    public let hashedName: String
    public let integrity: String
    /// What the page loads it by: the hashed name, after the build's base URL when there is one.
    public let url: String
    public init(logicalName: String, hashedName: String, integrity: String, baseURL: String = "") {
        self.logicalName = logicalName
        self.hashedName = hashedName
        self.integrity = integrity
        self.url = baseURL + hashedName
    }
}

/// Rewrites a page so it loads the hashed glue and wasm with SRI:
/// - every quoted `src`/`href` value or quoted string (inline scripts included) naming `wasm_exec.js` or
///   `main.wasm`, optionally after a path and before a query, gets the hashed name; unquoted attribute values too;
/// - the glue's `<script>` gets this build's `integrity`, and `crossorigin="anonymous"` unless the author set one;
/// - an author's one-argument `fetch("…main.wasm")` gets `{ integrity }`: the preload below carries integrity,
///   and Chromium only hands a preloaded response to a fetch with the same integrity (else it downloads twice);
/// - a `<link rel="preload" as="fetch" type="application/wasm" crossorigin integrity>` for the wasm is added to
///   the end of `<head>` unless the page already preloads it.
public struct PageRewriter: Sendable {
    public let glue: PageAsset
    public let wasm: PageAsset

    public init(glue: PageAsset, wasm: PageAsset) {
        self.glue = glue
        self.wasm = wasm
    }

    public func rewrite(_ html: String) -> String {
        var page = renameReferences(in: html)
        page = addIntegrityToGlueScript(in: page)
        page = addIntegrityToWasmFetches(in: page)
        page = addWasmPreload(to: page)
        return page
    }

    /// Replaces the logical names inside quoted strings and unquoted attribute values.
    func renameReferences(in html: String) -> String {
        var page = html
        for asset in [glue, wasm] {
            let name = NSRegularExpression.escapedPattern(for: asset.logicalName)
            // A quoted string whose last path segment is the logical name: "main.wasm", './x/main.wasm?v=1'.
            let quoted = "([\"'`])((?:[^\"'`\\s<>]*/)?)\(name)((?:[?#][^\"'`\\s<>]*)?)\\1"
            page = replace(quoted, in: page, with: "$1$2\(asset.hashedName)$3$1")
            // An unquoted attribute value: src=main.wasm
            let unquoted = "(\\s(?:src|href)=)((?:[^\"'`\\s<>=]*/)?)\(name)(?=[\\s>?#])"
            page = replace(unquoted, in: page, with: "$1$2\(asset.hashedName)")
        }
        return page
    }

    func addIntegrityToGlueScript(in html: String) -> String {
        let name = NSRegularExpression.escapedPattern(for: glue.hashedName)
        let tag = "<script\\b[^>]*\\ssrc\\s*=\\s*[\"']?(?:[^\"'\\s>]*/)?\(name)[^>]*>"
        guard let regex = try? NSRegularExpression(pattern: tag, options: [.caseInsensitive]) else { return html }
        var page = html
        let matches = regex.matches(in: html, range: NSRange(html.startIndex..., in: html))
        for match in matches.reversed() {
            guard let range = Range(match.range, in: page) else { continue }
            var original = String(page[range])
            var extra = ""
            // An author's own integrity value cannot know the hash of this build: ours replaces it in place.
            let existing = "(\\sintegrity\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s>]+)"
            if original.range(of: existing, options: [.regularExpression, .caseInsensitive]) != nil {
                original = original.replacingOccurrences(
                    of: existing, with: "$1\"\(glue.integrity)\"", options: [.regularExpression, .caseInsensitive])
            } else {
                extra += " integrity=\"\(glue.integrity)\""
            }
            if original.range(of: "crossorigin", options: .caseInsensitive) == nil {
                extra += " crossorigin=\"anonymous\""
            }
            let closing = original.hasSuffix("/>") ? 2 : 1
            let replaced = String(original.dropLast(closing)) + extra + String(original.suffix(closing))
            page.replaceSubrange(range, with: replaced)
        }
        return page
    }

    /// `fetch('./main.<hash>.wasm')` → `fetch('./main.<hash>.wasm', { integrity: "sha384-…" })`. Calls that
    /// already pass options are the author's to keep.
    func addIntegrityToWasmFetches(in html: String) -> String {
        let name = NSRegularExpression.escapedPattern(for: wasm.hashedName)
        let call = "(\\bfetch\\(\\s*([\"'`])(?:[^\"'`\\s<>]*/)?\(name)(?:[?#][^\"'`\\s<>]*)?\\2)\\s*\\)"
        return replace(call, in: html, with: "$1, { integrity: \"\(wasm.integrity)\" })")
    }

    func addWasmPreload(to html: String) -> String {
        let preloads =
            "<link\\b[^>]*rel\\s*=\\s*[\"']?preload[^>]*\(NSRegularExpression.escapedPattern(for: wasm.hashedName))"
        if html.range(of: preloads, options: [.regularExpression, .caseInsensitive]) != nil { return html }
        let link =
            "<link rel=\"preload\" href=\"\(wasm.url)\" as=\"fetch\" type=\"application/wasm\" "
            + "crossorigin=\"anonymous\" integrity=\"\(wasm.integrity)\">"
        if let headEnd = html.range(of: "</head>", options: .caseInsensitive) {
            return html.replacingCharacters(in: headEnd.lowerBound..<headEnd.lowerBound, with: link + "\n")
        }
        if let head = html.range(of: "<head\\b[^>]*>", options: [.regularExpression, .caseInsensitive]) {
            return html.replacingCharacters(in: head.upperBound..<head.upperBound, with: "\n" + link)
        }
        if let htmlTag = html.range(of: "<html\\b[^>]*>", options: [.regularExpression, .caseInsensitive]) {
            return html.replacingCharacters(
                in: htmlTag.upperBound..<htmlTag.upperBound, with: "\n<head>" + link + "</head>")
        }
        return link + "\n" + html
    }

    private func replace(_ pattern: String, in text: String, with template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        return regex.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
