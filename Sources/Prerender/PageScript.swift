import HeadlessDOM

/// What a `<script>` element is to a browser, by its `type` (the HTML standard's "prepare the script
/// element"): a classic script, a module, or a data block it never runs.
enum PageScript {
    case classic
    case module
    case data

    init(_ element: Element) {
        let type = (element.getAttribute("type") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if type.isEmpty || Self.javaScriptTypes.contains(type) {
            self = .classic
        } else if type == "module" {
            self = .module
        } else {
            self = .data
        }
    }

    /// An HTML `<script>` a browser may run (`nomodule` ones included: the browser decides).
    static func isExecutable(_ element: Element) -> Bool {
        element.isHTML && element.localName == "script" && PageScript(element) != .data
    }

    /// The `type` values that make a classic script (the HTML standard's JavaScript MIME type essences).
    static let javaScriptTypes: Set<String> = [
        "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
        "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1",
        "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
        "text/livescript", "text/x-ecmascript", "text/x-javascript",
    ]
}
