// Constraint validation as selectors see it (HTML standard §4.10.20 and the :valid/:invalid, :required/
// :optional, :enabled pseudo-classes): only "suffering from being missing" is checked (no type, pattern or
// length mismatches, which need the value sanitization a headless DOM does not do).

extension Element {
    private static let formControls: Set<String> = [
        "button", "input", "select", "textarea", "optgroup", "option", "fieldset",
    ]
    private static let requirable: Set<String> = ["input", "select", "textarea"]
    /// Input types barred from constraint validation, or without `required`.
    private static let barredInputTypes: Set<String> = ["hidden", "reset", "button"]

    /// `:enabled`: a form control without the `disabled` attribute.
    var matchesEnabled: Bool { isHTML && Self.formControls.contains(localName) && !hasAttribute("disabled") }

    /// `:required` / `:optional` apply to input, select and textarea.
    var isRequirable: Bool { isHTML && Self.requirable.contains(localName) }

    /// A submittable element that constraint validation looks at (not disabled, not read-only).
    var isCandidateForConstraintValidation: Bool {
        guard isHTML, !hasAttribute("disabled") else { return false }
        switch localName {
        case "input": return !Self.barredInputTypes.contains(inputType) && !hasAttribute("readonly")
        case "textarea": return !hasAttribute("readonly")
        case "select": return true
        case "button": return (getAttribute("type") ?? "submit").lowercased() == "submit"
        default: return false
        }
    }

    /// "Suffering from being missing" for a required input, select or textarea.
    var isMissingRequiredValue: Bool {
        guard hasAttribute("required") else { return false }
        switch localName {
        case "input":
            switch inputType {
            case "checkbox": return !checked
            case "radio":
                let name = getAttribute("name") ?? ""
                if name.isEmpty { return !checked }
                return !rootNode.descendantElements.contains {
                    $0.localName == "input" && $0.inputType == "radio" && $0.getAttribute("name") == name && $0.checked
                }
            default: return value.isEmpty
            }
        case "textarea": return value.isEmpty
        case "select":
            guard let option = selectedOption else { return true }
            // The placeholder label option (a single-line select's first option, empty value) counts as none.
            return !hasAttribute("multiple") && option === options.first && option.parentNode === self
                && option.value.isEmpty
        default: return false
        }
    }

    /// `:valid` (true) or `:invalid` (false); nil when neither applies. A form or fieldset is invalid when
    /// one of its candidate descendants is.
    var selectorValidity: Bool? {
        guard isHTML else { return nil }
        if localName == "form" || localName == "fieldset" {
            return !descendantElements.contains { $0.isCandidateForConstraintValidation && $0.isMissingRequiredValue }
        }
        guard isCandidateForConstraintValidation else { return nil }
        return !isMissingRequiredValue
    }
}
