import Foundation

/// IDL properties that mirror attributes, form-control state and the text properties.
extension Element {
    /// Properties that read and write an attribute of the same meaning (`htmlFor` → `for`).
    public static let reflectedStringProperties: [String: String] = [
        "id": "id", "className": "class", "title": "title", "lang": "lang", "dir": "dir",
        "href": "href", "src": "src", "type": "type", "name": "name", "alt": "alt", "placeholder": "placeholder",
        "htmlFor": "for", "rel": "rel", "target": "target", "action": "action", "method": "method",
        "role": "role", "slot": "slot", "accessKey": "accesskey", "autocomplete": "autocomplete",
        "min": "min", "max": "max", "step": "step", "pattern": "pattern", "content": "content",
        "httpEquiv": "http-equiv", "charset": "charset", "media": "media", "sizes": "sizes", "srcset": "srcset",
        "width": "width", "height": "height", "download": "download", "enctype": "enctype",
    ]

    /// Properties that are true exactly when an attribute is present.
    public static let reflectedBooleanProperties: [String: String] = [
        "disabled": "disabled", "hidden": "hidden", "required": "required", "readOnly": "readonly",
        "multiple": "multiple", "autofocus": "autofocus", "defaultChecked": "checked", "open": "open",
        "async": "async", "defer": "defer", "noValidate": "novalidate", "inert": "inert", "controls": "controls",
        "autoplay": "autoplay", "loop": "loop", "muted": "muted", "defaultSelected": "selected",
    ]

    /// Reads a reflected string property; URL properties (`href`, `src`, `action`) resolve against the
    /// document URL as browsers return them.
    public func reflectedString(_ property: String) -> String? {
        guard let attribute = Self.reflectedStringProperties[property] else { return nil }
        let value = getAttribute(attribute) ?? ""
        if ["href", "src", "action"].contains(property), hasAttribute(attribute) {
            return resolveURL(value)
        }
        return value
    }

    public func setReflectedString(_ property: String, _ value: String) -> Bool {
        guard let attribute = Self.reflectedStringProperties[property] else { return false }
        setKnownAttribute(attribute, value)
        return true
    }

    public func reflectedBoolean(_ property: String) -> Bool? {
        Self.reflectedBooleanProperties[property].map(hasAttribute)
    }

    public func setReflectedBoolean(_ property: String, _ value: Bool) -> Bool {
        guard let attribute = Self.reflectedBooleanProperties[property] else { return false }
        if value { setKnownAttribute(attribute, "") } else { removeAttribute(attribute) }
        return true
    }

    private func resolveURL(_ value: String) -> String {
        if let resolver = ownerDocument?.urlResolver { return resolver(value) ?? value }
        guard let base = ownerDocument.flatMap({ URL(string: $0.url) }), base.scheme != "about",
            let resolved = URL(string: value, relativeTo: base)
        else { return value }
        return resolved.absoluteString
    }

    // Named conveniences for the common ones.
    public var href: String {
        get { reflectedString("href") ?? "" }
        set { _ = setReflectedString("href", newValue) }
    }
    public var src: String {
        get { reflectedString("src") ?? "" }
        set { _ = setReflectedString("src", newValue) }
    }
    public var htmlFor: String {
        get { getAttribute("for") ?? "" }
        set { setKnownAttribute("for", newValue) }
    }
    public var disabled: Bool {
        get { hasAttribute("disabled") }
        set { _ = setReflectedBoolean("disabled", newValue) }
    }
    public var hidden: Bool {
        get { hasAttribute("hidden") }
        set { _ = setReflectedBoolean("hidden", newValue) }
    }

    // MARK: Form controls

    /// `value`: an input's current value (the `value` attribute until set), a textarea's text, a select's
    /// selected option's value, an option's value. Setting it changes state, not markup, as in a browser.
    public var value: String {
        get {
            guard isHTML else { return "" }
            switch localName {
            case "input":
                if let dirtyValue { return dirtyValue }
                let raw = getAttribute("value") ?? ""
                return ["checkbox", "radio"].contains(inputType) && !hasAttribute("value") ? "on" : raw
            case "textarea":
                return dirtyValue ?? (textContent ?? "")
            case "select":
                return selectedOption?.value ?? ""
            case "option":
                return getAttribute("value") ?? ClassList.tokens(in: textContent ?? "").joined(separator: " ")
            default:
                return getAttribute("value") ?? ""
            }
        }
        set {
            guard isHTML else { return }
            switch localName {
            case "input" where Self.attributeValueModeTypes.contains(inputType):
                // "default" and "default/on" value modes: the value is the attribute.
                setKnownAttribute("value", newValue)
            case "input", "textarea":
                dirtyValue = newValue
            case "select":
                for option in options { option.selectedness = option.value == newValue }
                if !options.contains(where: { $0.selectedness == true }) {
                    for option in options { option.selectedness = false }
                }
            default:
                setKnownAttribute("value", newValue)
            }
        }
    }

    /// Input types whose `value` property writes the `value` attribute (WHATWG value modes default, default/on).
    static let attributeValueModeTypes: Set<String> = ["checkbox", "radio", "hidden", "submit", "reset", "button", "image"]

    /// An input's `type`, lower-cased, "text" when missing.
    var inputType: String { (getAttribute("type") ?? "text").lowercased() }

    /// `checked`: an input's checkedness (the `checked` attribute until set).
    public var checked: Bool {
        get { dirtyChecked ?? hasAttribute("checked") }
        set {
            dirtyChecked = newValue
            // A checked radio unchecks the others of its group in the same form owner (here: same parent tree).
            if newValue, isHTML, localName == "input", inputType == "radio", let name = getAttribute("name") {
                for other in rootNode.descendantElements
                where other !== self && other.localName == "input" && other.inputType == "radio"
                    && other.getAttribute("name") == name
                {
                    other.dirtyChecked = false
                }
            }
        }
    }

    /// `options` of a select (its option descendants, including inside optgroups).
    public var options: [Element] {
        descendantElements.filter { $0.isHTML && $0.localName == "option" }
    }

    /// An option's `selected` state: set by script, else the `selected` attribute.
    public var selected: Bool {
        get {
            if let selectedness { return selectedness }
            guard let select = ancestors.first(where: { $0.isHTML && $0.localName == "select" }) else {
                return hasAttribute("selected")
            }
            return select.selectedOption === self
        }
        set { selectedness = newValue }
    }

    /// `selectedIndex` of a select.
    public var selectedIndex: Int {
        get { selectedOption.flatMap { option in options.firstIndex { $0 === option } } ?? -1 }
        set {
            for (index, option) in options.enumerated() { option.selectedness = index == newValue }
        }
    }

    /// The selected option: the last one selected by script or attribute, else the first (single select).
    var selectedOption: Element? {
        let all = options
        if let chosen = all.last(where: { $0.selectedness == true }) { return chosen }
        if all.contains(where: { $0.selectedness != nil }) {
            return all.last { $0.selectedness == nil && $0.hasAttribute("selected") }
        }
        return all.last { $0.hasAttribute("selected") } ?? (hasAttribute("multiple") ? nil : all.first)
    }

    var ancestors: [Element] {
        var result: [Element] = []
        var node = parentElement
        while let current = node {
            result.append(current)
            node = current.parentElement
        }
        return result
    }

    // MARK: Text

    /// `innerText` without layout: the text content, with `<br>` as a line break and the contents of
    /// `<script>`, `<style>` and `<template>` left out (they are not rendered).
    public var innerText: String {
        var result = ""
        appendRenderedText(of: self, to: &result)
        return result
    }

    private func appendRenderedText(of node: Node, to result: inout String) {
        for child in node.childNodes {
            if let text = child as? Text {
                result += text.data
            } else if let element = child as? Element {
                if element.isHTML && element.localName == "br" {
                    result += "\n"
                } else if !(element.isHTML && ["script", "style", "template", "head"].contains(element.localName)) {
                    appendRenderedText(of: element, to: &result)
                }
            }
        }
    }

    /// `innerText = text`: replaces the children with text, each line break becoming a `<br>`, as browsers do.
    public func setInnerText(_ text: String) {
        removeAllChildren()
        guard let document = ownerDocument else { return }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (index, line) in normalized.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { adopt(Element(localName: "br", namespace: .html, ownerDocument: document), before: nil) }
            if !line.isEmpty { adopt(document.createTextNode(String(line)), before: nil) }
        }
    }

    // MARK: Event handler properties (on*)

    /// `onclick = f` and friends: recorded as a property, never called during a headless run.
    public func setEventHandler(_ name: String, _ handler: AnyObject?) {
        eventHandlers[name.lowercased()] = handler
    }

    public func eventHandler(_ name: String) -> AnyObject? { eventHandlers[name.lowercased()] ?? nil }
}
