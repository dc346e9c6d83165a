import JavaScript

/// Custom elements for scripts (`customElements`, JS/customelements.js): the natives the registry asks
/// for, and the custom element reactions. The DOM announces its changes (CustomElements.swift) into
/// `customElementNotices`; they are handed to the registry after the Swift function the script called
/// returns ([CEReactions]), so callbacks never run in the middle of a tree mutation. Nothing is announced
/// until a script defines its first custom element.
extension DOMBindings {
    func defineCustomElementNatives(on native: JSObject) {
        native.defineMethod("ceActivate") { [unowned self] js, _, _ in
            activateCustomElements()
            return js.undefined
        }
        // [state, localName, is value or null, whether an HTML element], or null for anything else.
        native.defineMethod("ceInfo") { [unowned self] js, _, args in
            guard let element = node(args[0]) as? Element else { return js.null }
            return js.array([
                js.string(Self.stateName(element.customElementState)), js.string(element.localName),
                element.customElementIs.map { js.string($0) } ?? js.null, js.boolean(element.isHTML),
            ])
        }
        native.defineMethod("ceSetState") { [unowned self] js, _, args in
            if let element = node(args[0]) as? Element, let state = Self.state(named: args[1].string) {
                element.customElementState = state
            }
            return js.undefined
        }
        native.defineMethod("ceSetIs") { [unowned self] js, _, args in
            if let element = node(args[0]) as? Element { element.customElementIs = args[1].string }
            return js.undefined
        }
        // [localName, value, namespace or null] of each attribute, in order.
        native.defineMethod("ceAttributes") { [unowned self] js, _, args in
            guard let element = node(args[0]) as? Element else { return js.array([]) }
            return js.array(
                element.attributes.map { attribute in
                    js.array([
                        js.string(attribute.localName), js.string(attribute.value),
                        attribute.namespace.map { js.string($0.uri) } ?? js.null,
                    ])
                })
        }
        native.defineMethod("ceValidName") { js, _, args in js.boolean(CustomElementName.isValid(args[0].string)) }
        native.defineMethod("ceInterface") { js, _, args in
            js.string(ReflectionTable.interface(forHTML: args[0].string))
        }
        // The HTML elements among `root`'s shadow-including inclusive descendants, in shadow-including tree
        // order, not yet custom: those named `localName` (any, when null).
        native.defineMethod("ceElements") { [unowned self] js, _, args in
            guard let root = node(args[0]) else { return js.array([]) }
            let localName = args[1].isNullish ? nil : args[1].string
            var found: [Node] = []
            root.forEachShadowIncludingElement { element in
                guard element.isHTML, localName == nil || element.localName == localName,
                    element.customElementState == .undefined || element.customElementState == .uncustomized
                else { return }
                found.append(element)
            }
            return wrapList(found)
        }
        // Why a constructor's result cannot be `createElement`'s (NotSupportedError), or "".
        native.defineMethod("ceCheckConstructed") { [unowned self] js, _, args in
            guard let element = node(args[0]) as? Element else { return js.string("") }
            let problem =
                element.hasAttributes
                ? "The result must not have attributes"
                : !element.childNodes.isEmpty
                    ? "The result must not have children"
                    : element.parentNode != nil
                        ? "The result must not have a parent"
                        : element.ownerDocument !== node(args[1])
                            ? "The result must be in the same document"
                            : element.localName != args[2].string ? "The result must have the same localName" : ""
            return js.string(problem)
        }
    }

    /// A document this window's scripts made: it announces to the window's registry.
    func ownedDocument(_ made: Document) -> Document {
        made.hookSource = document
        return made
    }

    /// From the first definition on: the DOM announces, and each script-called function ends with the reactions.
    private func activateCustomElements() {
        guard document.customElementHook == nil else { return }
        // Weak: an iframe's window may go while its context (and its documents) are still reachable.
        document.customElementHook = { [weak self] notice in self?.customElementNotices.append(notice) }
        context.afterHostCall = { [weak self] in
            guard let self, !customElementNotices.isEmpty else { return }
            flushCustomElementNotices()
        }
    }

    /// Hands the notices so far to the registry, which turns them into reactions and runs them (a
    /// callback's own DOM calls flush theirs when they return, as nested [CEReactions] do).
    func flushCustomElementNotices() {
        guard let registry = customElementHelpers else {
            customElementNotices.removeAll()
            return
        }
        let notices = customElementNotices
        customElementNotices.removeAll()
        let js = context
        let records = notices.map { notice -> JSValue in
            switch notice {
            case .connected(let element): return js.array([js.string("connected"), wrap(element)])
            case .created(let element): return js.array([js.string("created"), wrap(element)])
            case .disconnected(let element): return js.array([js.string("disconnected"), wrap(element)])
            case .adopted(let element, let from, let to):
                return js.array([js.string("adopted"), wrap(element), wrap(from), wrap(to)])
            case .attributeChanged(let element, let localName, let namespace, let oldValue, let newValue):
                return js.array([
                    js.string("attribute"), wrap(element), js.string(localName),
                    oldValue.map { js.string($0) } ?? js.null, newValue.map { js.string($0) } ?? js.null,
                    namespace.map { js.string($0) } ?? js.null,
                ])
            }
        }
        do {
            try registry.invoke("flush", [js.array(records)])
        } catch {
            reportUncaught(error)
        }
    }

    /// Stops announcing (the page is over).
    func deactivateCustomElements() {
        document.customElementHook = nil
        context.afterHostCall = nil
        customElementNotices.removeAll()
        customElementHelpers = nil
    }

    static func stateName(_ state: CustomElementState) -> String {
        switch state {
        case .undefined: "undefined"
        case .failed: "failed"
        case .uncustomized: "uncustomized"
        case .precustomized: "precustomized"
        case .custom: "custom"
        }
    }

    static func state(named name: String) -> CustomElementState? {
        switch name {
        case "undefined": .undefined
        case "failed": .failed
        case "uncustomized": .uncustomized
        case "precustomized": .precustomized
        case "custom": .custom
        default: nil
        }
    }
}
