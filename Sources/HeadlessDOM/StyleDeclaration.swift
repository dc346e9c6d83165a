import Foundation

/// `element.style`: the `style` attribute as an ordered list of declarations, written back as Chromium does
/// (`color: red; margin-top: 4px;`) whenever a property changes.
///
/// Values are kept as given (trimmed); Chromium additionally normalizes some values (colors to `rgb()`,
/// shorthands into longhands), which this headless DOM does not.
public struct StyleDeclaration {
    public let element: Element

    public struct Declaration: Equatable, Sendable {
        public var property: String
        public var value: String
        public var important: Bool
    }

    /// The declarations parsed from the attribute (invalid ones dropped, last one of a property wins).
    public var declarations: [Declaration] { Self.parse(element.getAttribute("style") ?? "") }

    public var length: Int { declarations.count }
    public func item(_ index: Int) -> String? {
        let all = declarations
        return all.indices.contains(index) ? all[index].property : nil
    }

    /// `cssText`: the serialized declarations; setting replaces them all.
    public var cssText: String {
        get { Self.serialize(declarations) }
        nonmutating set { write(Self.parse(newValue)) }
    }

    public func getPropertyValue(_ property: String) -> String {
        declarations.first { $0.property == property.lowercased() }?.value ?? ""
    }

    public func getPropertyPriority(_ property: String) -> String {
        declarations.first { $0.property == property.lowercased() }?.important == true ? "important" : ""
    }

    /// `setProperty(name, value, priority)`: an empty value removes the property; an existing one keeps its place.
    public func setProperty(_ property: String, _ value: String, priority: String = "") {
        let name = property.hasPrefix("--") ? property : property.lowercased()
        let trimmed = value.trimmingCSSWhitespace()
        guard !trimmed.isEmpty else {
            removeProperty(name)
            return
        }
        guard priority.isEmpty || priority.lowercased() == "important" else { return }
        let declaration = Declaration(property: name, value: trimmed, important: !priority.isEmpty)
        var all = declarations
        if let index = all.firstIndex(where: { $0.property == name }) {
            all[index] = declaration
        } else {
            all.append(declaration)
        }
        write(all)
    }

    /// `removeProperty(name)`: returns the old value ("" if absent).
    @discardableResult
    public func removeProperty(_ property: String) -> String {
        let name = property.hasPrefix("--") ? property : property.lowercased()
        var all = declarations
        guard let index = all.firstIndex(where: { $0.property == name }) else { return "" }
        let old = all.remove(at: index).value
        write(all)
        return old
    }

    /// `style.marginTop` → `margin-top`; `cssFloat` → `float`; `webkitTransition` → `-webkit-transition`.
    public static func propertyName(camelCase name: String) -> String {
        if name == "cssFloat" { return "float" }
        var result = ""
        for character in name {
            if character.isASCII && character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        for vendor in ["webkit-", "moz-", "ms-", "o-"] where result.hasPrefix(vendor) { return "-" + result }
        return result
    }

    private func write(_ all: [Declaration]) {
        element.setKnownAttribute("style", Self.serialize(all))
    }

    static func serialize(_ all: [Declaration]) -> String {
        all.map { "\($0.property): \($0.value)\($0.important ? " !important" : "");" }.joined(separator: " ")
    }

    /// Splits on `;` outside strings and parentheses; `name: value [!important]`.
    static func parse(_ text: String) -> [Declaration] {
        var result: [Declaration] = []
        for chunk in splitTopLevel(text, on: ";") {
            guard let colon = chunk.firstIndex(of: ":") else { continue }
            let rawName = chunk[..<colon].trimmingCSSWhitespace()
            guard !rawName.isEmpty, !rawName.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else {
                continue
            }
            let name = rawName.hasPrefix("--") ? rawName : rawName.lowercased()
            var value = chunk[chunk.index(after: colon)...].trimmingCSSWhitespace()
            var important = false
            if let bang = value.range(of: "!important", options: [.caseInsensitive, .backwards]),
                bang.upperBound == value.endIndex
            {
                important = true
                value = value[..<bang.lowerBound].trimmingCSSWhitespace()
            }
            guard !value.isEmpty else { continue }
            result.removeAll { $0.property == name }
            result.append(Declaration(property: name, value: value, important: important))
        }
        return result
    }

    private static func splitTopLevel(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if character == separator && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }
}

extension StringProtocol {
    func trimmingCSSWhitespace() -> String {
        let isSpace: (Character) -> Bool = { " \t\n\r\u{0C}".contains($0) }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
