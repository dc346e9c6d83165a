/// The CSS selectors `querySelector`/`matches`/`closest` accept: type, `*`, `#id`, `.class`,
/// `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr|=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]` (with ` i`),
/// `:first-child`, `:last-child`, `:only-child`, `:first-of-type`, `:last-of-type`, `:root`, `:empty`,
/// `:checked`, `:disabled`, `:enabled`, `:required`, `:optional`, `:valid`, `:invalid` (FormValidity.swift),
/// `:not(list)`, `:nth-child(an+b)`; combinators descendant, `>`, `+`, `~`; lists with `,`.
struct SelectorList {
    let selectors: [ComplexSelector]

    init(parsing text: String) throws(DOMError) {
        var parser = SelectorParser(text)
        selectors = try parser.parseList(closing: nil)
    }

    init(_ selectors: [ComplexSelector]) { self.selectors = selectors }

    func matches(_ element: Element) -> Bool { selectors.contains { $0.matches(element) } }
}

enum Combinator {
    case descendant, child, nextSibling, subsequentSibling
}

/// Compounds joined by combinators, stored right to left for matching.
struct ComplexSelector {
    /// The rightmost compound first; each entry's combinator links it to the next (leftward) one.
    var parts: [(compound: CompoundSelector, combinator: Combinator?)]

    func matches(_ element: Element) -> Bool { matches(element, from: 0) }

    private func matches(_ element: Element, from index: Int) -> Bool {
        let part = parts[index]
        guard part.compound.matches(element) else { return false }
        guard let combinator = part.combinator else { return true }
        switch combinator {
        case .child:
            return element.parentElement.map { matches($0, from: index + 1) } ?? false
        case .descendant:
            var ancestor = element.parentElement
            while let current = ancestor {
                if matches(current, from: index + 1) { return true }
                ancestor = current.parentElement
            }
            return false
        case .nextSibling:
            return element.previousElementSibling.map { matches($0, from: index + 1) } ?? false
        case .subsequentSibling:
            var sibling = element.previousElementSibling
            while let current = sibling {
                if matches(current, from: index + 1) { return true }
                sibling = current.previousElementSibling
            }
            return false
        }
    }
}

struct CompoundSelector {
    enum Condition {
        case type(String)
        case id(String)
        case className(String)
        case attribute(name: String, match: AttributeMatch?)
        case pseudo(PseudoClass)
    }

    struct AttributeMatch {
        enum Operator: String {
            case equals = "=", includes = "~=", dashMatch = "|=", prefix = "^=", suffix = "$=", substring = "*="
        }
        let op: Operator
        let value: String
        let caseInsensitive: Bool

        func test(_ actual: String) -> Bool {
            let (have, want) = caseInsensitive ? (actual.lowercased(), value.lowercased()) : (actual, value)
            switch op {
            case .equals: return have == want
            case .includes: return ClassList.tokens(in: have).contains(want)
            case .dashMatch: return have == want || have.hasPrefix(want + "-")
            case .prefix: return !want.isEmpty && have.hasPrefix(want)
            case .suffix: return !want.isEmpty && have.hasSuffix(want)
            case .substring: return !want.isEmpty && have.contains(want)
            }
        }
    }

    enum PseudoClass {
        case firstChild, lastChild, onlyChild, firstOfType, lastOfType, root, empty, checked, disabled
        case enabled, required, optional, valid, invalid, defined
        case not(SelectorList)
        case nthChild(a: Int, b: Int)
    }

    var conditions: [Condition] = []

    func matches(_ element: Element) -> Bool {
        conditions.allSatisfy { condition in
            switch condition {
            case .type(let name):
                // HTML elements match type selectors case-insensitively; foreign ones exactly.
                return element.isHTML ? element.localName == name.lowercased() : element.localName == name
            case .id(let id):
                return element.getAttribute("id") == id
            case .className(let name):
                return ClassList.tokens(in: element.getAttribute("class") ?? "").contains(name)
            case .attribute(let name, let match):
                let lookup = element.isHTML ? name.lowercased() : name
                guard let value = element.attributes.first(where: { $0.name == lookup })?.value else { return false }
                return match?.test(value) ?? true
            case .pseudo(let pseudo):
                return Self.matches(pseudo, element)
            }
        }
    }

    private static func matches(_ pseudo: PseudoClass, _ element: Element) -> Bool {
        let siblings = element.parentNode?.children ?? [element]
        let sameType = siblings.filter { $0.localName == element.localName && $0.namespace == element.namespace }
        switch pseudo {
        case .firstChild: return siblings.first === element
        case .lastChild: return siblings.last === element
        case .onlyChild: return siblings.count == 1
        case .firstOfType: return sameType.first === element
        case .lastOfType: return sameType.last === element
        case .root: return element.parentNode is Document
        case .defined: return element.customElementState.isDefined
        case .empty: return !element.childNodes.contains { $0 is Element || ($0 as? Text)?.data.isEmpty == false }
        case .checked:
            return element.isHTML
                && (element.localName == "input" && element.checked
                    || element.localName == "option" && element.selected)
        case .disabled: return element.isHTML && element.hasAttribute("disabled")
        case .enabled: return element.matchesEnabled
        case .required: return element.isRequirable && element.hasAttribute("required")
        case .optional: return element.isRequirable && !element.hasAttribute("required")
        case .valid: return element.selectorValidity == true
        case .invalid: return element.selectorValidity == false
        case .not(let list): return !list.matches(element)
        case .nthChild(let a, let b):
            guard let index = siblings.firstIndex(where: { $0 === element }) else { return false }
            let position = index + 1
            if a == 0 { return position == b }
            let n = (position - b) / a
            return n >= 0 && (position - b) % a == 0
        }
    }
}

/// A small recursive-descent parser over the selector text.
struct SelectorParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private let source: String

    init(_ text: String) {
        source = text
        scalars = Array(text.unicodeScalars)
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private func failure(_ reason: String) -> DOMError {
        .syntax("'\(source)' is not a valid selector: \(reason)")
    }

    private mutating func skipWhitespace() -> Bool {
        let start = position
        while let scalar = current, " \t\n\r\u{0C}".unicodeScalars.contains(scalar) { position += 1 }
        return position > start
    }

    mutating func parseList(closing: Unicode.Scalar?) throws(DOMError) -> [ComplexSelector] {
        var list: [ComplexSelector] = []
        while true {
            _ = skipWhitespace()
            list.append(try parseComplex())
            _ = skipWhitespace()
            if current == "," {
                position += 1
                continue
            }
            if let closing {
                guard current == closing else { throw failure("expected '\(closing)'") }
                position += 1
            } else if current != nil {
                throw failure("unexpected '\(current.map(String.init) ?? "")'")
            }
            return list
        }
    }

    private mutating func parseComplex() throws(DOMError) -> ComplexSelector {
        var compounds: [CompoundSelector] = [try parseCompound()]
        var combinators: [Combinator] = []
        while true {
            let sawSpace = skipWhitespace()
            let combinator: Combinator
            switch current {
            case ">": combinator = .child
            case "+": combinator = .nextSibling
            case "~": combinator = .subsequentSibling
            case nil, ",", ")": return Self.assemble(compounds, combinators)
            default:
                guard sawSpace else { throw failure("unexpected '\(String(current!))'") }  // gowasm: allow-trap: the nil case is handled just above
                combinators.append(.descendant)
                compounds.append(try parseCompound())
                continue
            }
            position += 1
            _ = skipWhitespace()
            combinators.append(combinator)
            compounds.append(try parseCompound())
        }
    }

    private static func assemble(_ compounds: [CompoundSelector], _ combinators: [Combinator]) -> ComplexSelector {
        var parts: [(compound: CompoundSelector, combinator: Combinator?)] = []
        for index in compounds.indices.reversed() {
            parts.append((compounds[index], index > 0 ? combinators[index - 1] : nil))
        }
        return ComplexSelector(parts: parts)
    }

    private mutating func parseCompound() throws(DOMError) -> CompoundSelector {
        var compound = CompoundSelector()
        if current == "*" {
            position += 1
        } else if let scalar = current, Self.isNameStart(scalar) {
            compound.conditions.append(.type(try parseIdentifier()))
        }
        loop: while let scalar = current {
            switch scalar {
            case "#":
                position += 1
                compound.conditions.append(.id(try parseIdentifier()))
            case ".":
                position += 1
                compound.conditions.append(.className(try parseIdentifier()))
            case "[":
                position += 1
                compound.conditions.append(try parseAttribute())
            case ":":
                position += 1
                compound.conditions.append(.pseudo(try parsePseudo()))
            default:
                break loop
            }
        }
        if compound.conditions.isEmpty && position > 0 && scalars[position - 1] == "*" { return compound }
        guard !compound.conditions.isEmpty else { throw failure("expected a selector") }
        return compound
    }

    private mutating func parseAttribute() throws(DOMError) -> CompoundSelector.Condition {
        _ = skipWhitespace()
        let name = try parseIdentifier()
        _ = skipWhitespace()
        if current == "]" {
            position += 1
            return .attribute(name: name, match: nil)
        }
        var operatorText = ""
        if let scalar = current, "~|^$*".unicodeScalars.contains(scalar) {
            operatorText.unicodeScalars.append(scalar)
            position += 1
        }
        guard current == "=" else { throw failure("expected '=' in an attribute selector") }
        position += 1
        operatorText += "="
        guard let op = CompoundSelector.AttributeMatch.Operator(rawValue: operatorText) else {
            throw failure("unknown attribute operator")
        }
        _ = skipWhitespace()
        let value: String
        if current == "\"" || current == "'" {
            value = try parseString()
        } else {
            value = try parseIdentifier()
        }
        _ = skipWhitespace()
        var caseInsensitive = false
        if current == "i" || current == "I" {
            caseInsensitive = true
            position += 1
            _ = skipWhitespace()
        } else if current == "s" || current == "S" {
            position += 1
            _ = skipWhitespace()
        }
        guard current == "]" else { throw failure("expected ']'") }
        position += 1
        return .attribute(name: name, match: .init(op: op, value: value, caseInsensitive: caseInsensitive))
    }

    private mutating func parsePseudo() throws(DOMError) -> CompoundSelector.PseudoClass {
        let name = try parseIdentifier().lowercased()
        switch name {
        case "first-child": return .firstChild
        case "last-child": return .lastChild
        case "only-child": return .onlyChild
        case "first-of-type": return .firstOfType
        case "last-of-type": return .lastOfType
        case "root": return .root
        case "empty": return .empty
        case "defined": return .defined
        case "checked": return .checked
        case "disabled": return .disabled
        case "enabled": return .enabled
        case "required": return .required
        case "optional": return .optional
        case "valid": return .valid
        case "invalid": return .invalid
        case "not":
            guard current == "(" else { throw failure("expected '(' after :not") }
            position += 1
            return .not(SelectorList(try parseList(closing: ")")))
        case "nth-child":
            guard current == "(" else { throw failure("expected '(' after :nth-child") }
            position += 1
            var argument = ""
            while let scalar = current, scalar != ")" {
                argument.unicodeScalars.append(scalar)
                position += 1
            }
            guard current == ")" else { throw failure("expected ')'") }
            position += 1
            guard let (a, b) = Self.parseNth(argument) else { throw failure("bad :nth-child argument") }
            return .nthChild(a: a, b: b)
        default:
            throw failure("unsupported pseudo-class ':\(name)'")
        }
    }

    /// `odd`, `even`, `3`, `2n+1`, `-n+3`, `n`.
    static func parseNth(_ text: String) -> (Int, Int)? {
        let compact = text.filter { !$0.isWhitespace }.lowercased()
        if compact == "odd" { return (2, 1) }
        if compact == "even" { return (2, 0) }
        guard let nIndex = compact.firstIndex(of: "n") else { return Int(compact, radix: 10).map { (0, $0) } }
        let aText = String(compact[..<nIndex])
        let a: Int? = aText.isEmpty || aText == "+" ? 1 : aText == "-" ? -1 : Int(aText, radix: 10)
        let bText = String(compact[compact.index(after: nIndex)...])
        let b: Int? = bText.isEmpty ? 0 : Int(bText.hasPrefix("+") ? String(bText.dropFirst()) : bText, radix: 10)
        guard let a, let b else { return nil }
        return (a, b)
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar == "_" || scalar == "-" || scalar == "\\" || scalar.value >= 0x80
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    private mutating func parseIdentifier() throws(DOMError) -> String {
        var name = ""
        while let scalar = current, Self.isNameCharacter(scalar) {
            if scalar == "\\" {
                position += 1
                guard let escaped = current else { throw failure("dangling escape") }
                name.unicodeScalars.append(escaped)
            } else {
                name.unicodeScalars.append(scalar)
            }
            position += 1
        }
        guard !name.isEmpty, name != "-" else { throw failure("expected a name") }
        return name
    }

    private mutating func parseString() throws(DOMError) -> String {
        guard let quote = current else { throw failure("expected a string") }
        position += 1
        var value = ""
        while let scalar = current, scalar != quote {
            if scalar == "\\" {
                position += 1
                guard let escaped = current else { break }
                value.unicodeScalars.append(escaped)
            } else {
                value.unicodeScalars.append(scalar)
            }
            position += 1
        }
        guard current == quote else { throw failure("unterminated string") }
        position += 1
        return value
    }
}
