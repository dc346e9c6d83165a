import Foundation

/// IDL properties that mirror attributes, form-control state and the text properties. Which element
/// reflects which attribute, and how, is the generated `ReflectionTable` (see `Reflection.swift`).
extension Element {
    /// Reads a reflected property as a string (string, URL and enumerated kinds; URLs resolve against the
    /// document's base URL as browsers return them). Nil when this element has no such string property.
    public func reflectedString(_ property: String) -> String? {
        guard let reflected = ReflectionTable.attribute(property, of: self) else { return nil }
        switch reflected.get(self) {
        case .string(let value): return value
        case .null: return ""
        default: return nil
        }
    }

    /// Writes a reflected string, URL or enumerated property; false when this element has none of that name.
    public func setReflectedString(_ property: String, _ value: String) -> Bool {
        guard let reflected = ReflectionTable.attribute(property, of: self) else { return false }
        switch reflected.kind {
        case .string, .url, .enumerated, .tokenList:
            reflected.set(self, string: value)
            return true
        default: return false
        }
    }

    public func reflectedBoolean(_ property: String) -> Bool? {
        guard let reflected = ReflectionTable.attribute(property, of: self), reflected.kind == .boolean else {
            return nil
        }
        return hasAttribute(reflected.attribute)
    }

    public func setReflectedBoolean(_ property: String, _ value: Bool) -> Bool {
        guard let reflected = ReflectionTable.attribute(property, of: self), reflected.kind == .boolean else {
            return false
        }
        reflected.set(self, boolean: value)
        return true
    }

    /// Reads a reflected number (`long`, `unsigned long`, `double` kinds), nil when there is none.
    public func reflectedNumber(_ property: String) -> Double? {
        guard let reflected = ReflectionTable.attribute(property, of: self),
            case .number(let value) = reflected.get(self)
        else { return nil }
        return value
    }

    /// Writes a reflected number as a script's assignment does (WebIDL conversion, limits, defaults).
    public func setReflectedNumber(_ property: String, _ value: Double) throws(DOMError) -> Bool {
        guard let reflected = ReflectionTable.attribute(property, of: self) else { return false }
        try reflected.set(self, number: value)
        return true
    }

    /// A URL attribute's value resolved against the document's base URL (its first `<base href>`,
    /// else its URL); the value as written when it does not resolve.
    func resolveURL(_ value: String) -> String {
        if let resolver = ownerDocument?.urlResolver { return resolver(value) ?? value }
        guard let document = ownerDocument, var base = URL(string: document.url) else { return value }
        if let href = document.descendantElements.first(where: {
            $0.isHTML && $0.localName == "base" && $0.hasAttribute("href")
        })?
        .getAttribute("href"), let resolved = URL(string: href, relativeTo: base)?.absoluteURL {
            base = resolved
        }
        guard base.scheme != "about",
            let resolved = URL(string: value.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: base)
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
    static let attributeValueModeTypes: Set<String> = [
        "checkbox", "radio", "hidden", "submit", "reset", "button", "image",
    ]

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
        guard let document = ownerDocument else { return }
        let fragment = document.createDocumentFragment()
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (index, line) in normalized.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                fragment.adopt(Element(localName: "br", namespace: .html, ownerDocument: document), before: nil)
            }
            if !line.isEmpty { fragment.adopt(document.createTextNode(String(line)), before: nil) }
        }
        replaceAll(with: fragment)
    }

    // MARK: Event handler properties (on*)

    /// `onclick = f` and friends: recorded as a property, never called during a headless run.
    public func setEventHandler(_ name: String, _ handler: AnyObject?) {
        eventHandlers[name.lowercased()] = handler
    }

    public func eventHandler(_ name: String) -> AnyObject? { eventHandlers[name.lowercased()] ?? nil }
}
