/// `element.classList`: a live view of the `class` attribute as a set of tokens (DOMTokenList).
public struct ClassList {
    public let element: Element

    /// ASCII whitespace splits tokens (space, tab, LF, FF, CR).
    static func tokens(in value: String) -> [String] {
        value.split(whereSeparator: { " \t\n\u{0C}\r".contains($0) }).map(String.init)
    }

    /// The tokens, duplicates removed, in first-seen order.
    public var tokens: [String] {
        var seen = Set<String>()
        return Self.tokens(in: element.getAttribute("class") ?? "").filter { seen.insert($0).inserted }
    }

    public var length: Int { tokens.count }
    public var value: String { element.getAttribute("class") ?? "" }
    public func item(_ index: Int) -> String? { tokens.indices.contains(index) ? tokens[index] : nil }
    public func contains(_ token: String) -> Bool { tokens.contains(token) }

    public func add(_ newTokens: String...) throws(DOMError) { try add(newTokens) }

    public func add(_ newTokens: [String]) throws(DOMError) {
        for token in newTokens { try Self.validate(token) }
        var current = tokens
        for token in newTokens where !current.contains(token) { current.append(token) }
        write(current)
    }

    public func remove(_ oldTokens: String...) throws(DOMError) { try remove(oldTokens) }

    public func remove(_ oldTokens: [String]) throws(DOMError) {
        for token in oldTokens { try Self.validate(token) }
        // Per the DOM's update steps, a missing attribute stays missing.
        guard element.hasAttribute("class") else { return }
        write(tokens.filter { !oldTokens.contains($0) })
    }

    /// Returns whether the token is present afterwards.
    @discardableResult
    public func toggle(_ token: String, force: Bool? = nil) throws(DOMError) -> Bool {
        try Self.validate(token)
        if contains(token) {
            if force == true { return true }
            try remove(token)
            return false
        }
        if force == false { return false }
        try add(token)
        return true
    }

    @discardableResult
    public func replace(_ token: String, with newToken: String) throws(DOMError) -> Bool {
        try Self.validate(token)
        try Self.validate(newToken)
        guard contains(token) else { return false }
        var result: [String] = []
        for existing in tokens {
            let mapped = existing == token ? newToken : existing
            if !result.contains(mapped) { result.append(mapped) }
        }
        write(result)
        return true
    }

    private func write(_ tokens: [String]) {
        element.setKnownAttribute("class", tokens.joined(separator: " "))
    }

    private static func validate(_ token: String) throws(DOMError) {
        if token.isEmpty { throw .syntax("the token must not be empty") }
        if token.contains(where: { " \t\n\u{0C}\r".contains($0) }) {
            throw .invalidCharacter("the token '\(token)' contains whitespace")
        }
    }
}

/// `element.dataset`: `data-*` attributes by camelCase name (`fooBar` ↔ `data-foo-bar`).
public struct Dataset {
    public let element: Element

    public subscript(name: String) -> String? {
        get { Self.attributeName(for: name).flatMap { element.getAttribute($0) } }
        nonmutating set {
            guard let attribute = Self.attributeName(for: name) else { return }
            if let newValue {
                element.setKnownAttribute(attribute, newValue)
            } else {
                element.removeAttribute(attribute)
            }
        }
    }

    /// Sets a value, throwing for names the DOM rejects (`a-b`: a dash before a lower-case letter).
    public func set(_ name: String, _ value: String) throws(DOMError) {
        guard let attribute = Self.attributeName(for: name) else {
            throw .syntax("'\(name)' is not a valid dataset name")
        }
        try element.setAttribute(attribute, value)
    }

    /// The camelCase names of all `data-*` attributes, in attribute order.
    public var keys: [String] {
        element.attributes.compactMap { attribute in
            guard attribute.namespace == nil, attribute.name.hasPrefix("data-") else { return nil }
            return Self.propertyName(for: attribute.name)
        }
    }

    /// `fooBar` → `data-foo-bar`; nil if the name has a `-` followed by a lower-case ASCII letter.
    static func attributeName(for property: String) -> String? {
        var result = "data-"
        var previousDash = false
        for character in property {
            if previousDash && character.isASCII && character.isLowercase { return nil }
            previousDash = character == "-"
            if character.isASCII && character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `data-foo-bar` → `fooBar`.
    static func propertyName(for attribute: String) -> String {
        var result = ""
        var pendingDash = false
        for character in attribute.dropFirst("data-".count) {
            if pendingDash {
                pendingDash = false
                if character.isASCII && character.isLowercase {
                    result += character.uppercased()
                    continue
                }
                result.append("-")
            }
            if character == "-" { pendingDash = true } else { result.append(character) }
        }
        if pendingDash { result.append("-") }
        return result
    }
}
