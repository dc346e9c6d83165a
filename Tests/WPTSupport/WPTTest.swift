import Foundation

/// One test file of a WPT checkout and the page a browser loads for it, as WPT's own server makes it:
/// `NAME.html` is the page itself; `NAME.any.js` and `NAME.window.js` are wrapped as `NAME.any.html` /
/// `NAME.window.html` (tools/serve/serve.py's AnyHtmlHandler and WindowHandler).
package struct WPTTest: Sendable, Hashable {
    package enum Kind: Sendable { case page, anyScript, windowScript }

    /// The path inside the checkout, slash-separated (`url/url-constructor.any.js`).
    package let path: String
    package let kind: Kind

    package init?(path: String) {
        self.path = path
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".any.js") {
            kind = .anyScript
        } else if name.hasSuffix(".window.js") {
            kind = .windowScript
        } else if name.hasSuffix(".html") || name.hasSuffix(".htm") {
            kind = .page
        } else {
            return nil
        }
    }

    /// The directory the file sits in (`html/webappapis/timers`): the row of the table it counts in.
    package var directory: String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// The URL the page is loaded at: `.https.` files on the secure origin, as WPT serves them.
    package var pageURL: String {
        let origin = path.contains(".https.") ? "https://web-platform.test:8443" : "http://web-platform.test:8000"
        switch kind {
        case .page: return origin + "/" + path
        case .anyScript: return origin + "/" + path.dropLast(3) + ".html"
        case .windowScript: return origin + "/" + path.dropLast(3) + ".html"
        }
    }

    /// The `// META: key=value` lines at the top of a script test, in order.
    package static func metadata(of source: String) -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("// META:") else {
                if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
                break
            }
            let body = trimmed.dropFirst("// META:".count).trimmingCharacters(in: .whitespaces)
            guard let equals = body.firstIndex(of: "=") else { continue }
            result.append(
                (
                    String(body[..<equals]).trimmingCharacters(in: .whitespaces),
                    String(body[body.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
                ))
        }
        return result
    }

    /// Whether the file runs in a window at all (an `.any.js` may be for workers or shadow realms only).
    package func runsInWindow(source: String) -> Bool {
        guard kind == .anyScript else { return true }
        let globals = Self.metadata(of: source).filter { $0.key == "global" }.flatMap {
            $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return globals.isEmpty || globals.contains("window") || globals.contains("default")
    }

    /// Whether the harness should allow its long timeout (`// META: timeout=long`, `<meta name=timeout content=long>`).
    package func isLong(source: String) -> Bool {
        switch kind {
        case .page:
            return source.range(of: #"<meta\s+name=["']?timeout["']?\s+content=["']?long"#, options: .regularExpression)
                != nil
        case .anyScript, .windowScript:
            return Self.metadata(of: source).contains { $0.key == "timeout" && $0.value == "long" }
        }
    }

    /// The HTML of the page: the file itself, or the wrapper WPT's server makes for a script test.
    package func page(source: String) -> String {
        let substitutes = path.split(separator: "/").last?.contains(".sub.") == true
        guard kind != .page else { return substitutes ? Self.substituted(source) : source }
        let meta = Self.metadata(of: source)
        var html = "<!doctype html>\n<meta charset=utf-8>\n"
        if meta.contains(where: { $0.key == "timeout" && $0.value == "long" }) {
            html += "<meta name=\"timeout\" content=\"long\">\n"
        }
        for entry in meta where entry.key == "title" { html += "<title>\(Self.escape(entry.value))</title>\n" }
        html += """
            <script>
            self.GLOBAL = {
              isWindow: function() { return true; },
              isWorker: function() { return false; },
              isShadowRealm: function() { return false; },
            };
            </script>
            <script src="/resources/testharness.js"></script>
            <script src="/resources/testharnessreport.js"></script>

            """
        for entry in meta where entry.key == "script" {
            html += "<script src=\"\(Self.escape(entry.value))\"></script>\n"
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if substitutes {
            // The file as wptserve's `sub` pipe serves it: inlined, since the runner serves files as written.
            let script = Self.substituted(source).replacingOccurrences(of: "</script", with: "<\\/script")
            html += "<div id=log></div>\n<script>\n\(script)\n</script>\n"
        } else {
            html += "<div id=log></div>\n<script src=\"\(Self.escape(name))\"></script>\n"
        }
        return html
    }

    /// wptserve's `sub` pipe (applied to files named `*.sub.*`) for the names that do not depend on the
    /// request: `{{host}}`, `{{domains[www]}}`, `{{hosts[alt][www]}}`, `{{ports[https][0]}}`, with WPT's
    /// default configuration (web-platform.test, not-web-platform.test; ports 8000/8001, 8443/8444). Any
    /// other `{{…}}` is left as written.
    package static func substituted(_ source: String) -> String {
        var result = ""
        var rest = Substring(source)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound]
            let key = String(rest[open.upperBound..<close.lowerBound])
            result += substitution(for: key) ?? "{{\(key)}}"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    private static func substitution(for key: String) -> String? {
        let parts = key.split(separator: "[", omittingEmptySubsequences: false).map {
            $0.hasSuffix("]") ? String($0.dropLast()) : String($0)
        }
        func host(_ alternate: Bool, _ subdomain: String) -> String {
            (subdomain.isEmpty ? "" : subdomain + ".") + (alternate ? "not-web-platform.test" : "web-platform.test")
        }
        switch (parts.first, parts.count) {
        case ("host", 1): return "web-platform.test"
        case ("domains", 2): return host(false, parts[1])
        case ("hosts", 3): return host(parts[1] == "alt", parts[2])
        case ("ports", 3):
            let ports = ["http": [8000, 8001], "https": [8443, 8444], "ws": [8666], "wss": [8667]]
            guard let list = ports[parts[1]], let index = Int(parts[2]), list.indices.contains(index) else {
                return nil
            }
            return String(list[index])
        default: return nil
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }

    /// The test files under `paths` (files or directories relative to `root`), sorted: pages that load
    /// testharness.js and window-capable script tests; helpers (`resources/`, `support/`, `common/`) skipped.
    package static func discover(root: URL, paths: [String]) -> [WPTTest] {
        var found: Set<WPTTest> = []
        let manager = FileManager.default
        for start in paths {
            let trimmed = start.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let url = root.appendingPathComponent(trimmed)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            let candidates: [String]
            if isDirectory.boolValue {
                let names = (manager.enumerator(atPath: url.path)?.allObjects as? [String]) ?? []
                candidates = names.map { trimmed.isEmpty ? $0 : trimmed + "/" + $0 }
            } else {
                candidates = [trimmed]
            }
            for candidate in candidates {
                let segments = candidate.split(separator: "/")
                guard !segments.contains(where: { ["resources", "support", "common", "tools"].contains($0) }) else {
                    continue
                }
                // Manual tests need a person; WPT's runners skip them too.
                guard let test = WPTTest(path: candidate), !candidate.contains("-manual.") else { continue }
                guard let data = manager.contents(atPath: root.appendingPathComponent(candidate).path) else { continue }
                let source = String(decoding: data, as: UTF8.self)
                if test.kind == .page, !source.contains("/resources/testharness.js") { continue }
                guard test.runsInWindow(source: source) else { continue }
                found.insert(test)
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
