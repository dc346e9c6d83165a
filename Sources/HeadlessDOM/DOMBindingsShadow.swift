import JavaScript

/// Shadow DOM for scripts: `attachShadow`, `ShadowRoot`, `shadowRoot`, `getRootNode`, slots; and the
/// natives dom.js's event dispatch asks about shadow trees (it sees closed roots and slots that script
/// cannot), plus the window's named properties (`window[id]`).
extension DOMBindings {
    func defineShadowDOM(node: JSHostClass, fragment: JSHostClass, element: JSHostClass, text: JSHostClass) {
        unowned let js = context  // the context holds these closures: no cycle through it
        let shadowRoot = JSHostClass(in: js, name: "ShadowRoot")
        shadowRoot.prototype.prototype = fragment.prototype
        classes["ShadowRoot"] = shadowRoot
        try? js.global.set("ShadowRoot", shadowRoot.constructor, attributes: .dontEnum)
        getter(shadowRoot, ShadowRoot.self, "host") { [unowned self] in wrap($0.host) }
        getter(shadowRoot, ShadowRoot.self, "mode") { js.string($0.mode.rawValue) }
        getter(shadowRoot, ShadowRoot.self, "delegatesFocus") { js.boolean($0.delegatesFocus) }
        getter(shadowRoot, ShadowRoot.self, "slotAssignment") { js.string($0.slotAssignment.rawValue) }
        getter(shadowRoot, ShadowRoot.self, "clonable") { _ in js.boolean(false) }
        getter(shadowRoot, ShadowRoot.self, "serializable") { _ in js.boolean(false) }
        getter(shadowRoot, ShadowRoot.self, "innerHTML", { js.string($0.innerHTML) }) { root, value in
            root.setInnerHTML(value.isNullish ? "" : value.string)
        }
        method(fragment, DocumentFragment.self, "getElementById") { [unowned self] fragment, args in
            wrap(fragment.getElementById(args[0].string))
        }

        method(element, Element.self, "attachShadow") { [unowned self] element, args in
            let options = try shadowRootInit(args[0])
            return wrap(
                try dom { () throws(DOMError) in
                    try element.attachShadow(
                        mode: options.mode, delegatesFocus: options.delegatesFocus,
                        slotAssignment: options.slotAssignment)
                })
        }
        getter(element, Element.self, "shadowRoot") { [unowned self] in
            guard let root = $0.hostedShadowRoot, root.mode == .open else { return js.null }
            return wrap(root)
        }
        method(node, Node.self, "getRootNode") { [unowned self] node, args in
            let composed = args[0].object?["composed"].boolean ?? false
            return wrap(node.getRootNode(composed: composed))
        }
        // Slottables (elements and text): the slot they are assigned to, when its tree is open.
        for c in [element, text] {
            getter(c, Node.self, "assignedSlot") { [unowned self] in
                guard let slot = $0.assignedSlot, (slot.rootNode as? ShadowRoot)?.mode == .open else { return js.null }
                return wrap(slot)
            }
        }
        if let slot = classes["HTMLSlotElement"] {
            method(slot, Element.self, "assignedNodes") { [unowned self] slot, args in
                let flatten = args[0].object?["flatten"].boolean ?? false
                return wrapList(flatten ? slot.flattenedAssignedNodes : slot.assignedNodes)
            }
            method(slot, Element.self, "assignedElements") { [unowned self] slot, args in
                let flatten = args[0].object?["flatten"].boolean ?? false
                return wrapList((flatten ? slot.flattenedAssignedNodes : slot.assignedNodes).filter { $0 is Element })
            }
            method(slot, Element.self, "assign") { [unowned self] slot, args in
                slot.manuallyAssignedNodes = args.compactMap { self.node($0) }.filter { $0 is Element || $0 is Text }
                return js.undefined
            }
        }
    }

    /// `ShadowRootInit` as WebIDL converts it: `mode` is required and one of the enum's values.
    private func shadowRootInit(_ value: JSValue) throws -> (
        mode: ShadowRootMode, delegatesFocus: Bool, slotAssignment: SlotAssignmentMode
    ) {
        let what = "Failed to execute 'attachShadow' on 'Element'"
        guard let options = value.object else {
            throw JavaScriptError(throwing: context.error("\(what): parameter 1 is not an object.", name: "TypeError"))
        }
        let modeValue = options["mode"]
        guard !modeValue.isUndefined else {
            throw JavaScriptError(
                throwing: context.error(
                    "\(what): Failed to read the 'mode' property from 'ShadowRootInit': Required member is undefined.",
                    name: "TypeError"))
        }
        guard let mode = ShadowRootMode(rawValue: modeValue.string) else {
            throw JavaScriptError(
                throwing: context.error(
                    "\(what): The provided value '\(modeValue.string)' is not a valid enum value of type ShadowRootMode.",
                    name: "TypeError"))
        }
        let assignmentValue = options["slotAssignment"]
        let assignment: SlotAssignmentMode
        if assignmentValue.isUndefined {
            assignment = .named
        } else if let given = SlotAssignmentMode(rawValue: assignmentValue.string) {
            assignment = given
        } else {
            throw JavaScriptError(
                throwing: context.error(
                    "\(what): The provided value '\(assignmentValue.string)' is not a valid enum value of type SlotAssignmentMode.",
                    name: "TypeError"))
        }
        return (mode, options["delegatesFocus"].boolean, assignment)
    }

    /// What dom.js's dispatch and the window's named properties ask the Swift DOM.
    func defineShadowNatives(on native: JSObject) {
        // A node's root (not past shadow roots), whatever script did to `getRootNode`.
        native.defineMethod("root") { [unowned self] js, _, args in
            guard let node = node(args[0]) else { return js.null }
            return wrap(node.rootNode)
        }
        // A shadow root's host (null for anything else) and whether the root is closed.
        native.defineMethod("host") { [unowned self] js, _, args in
            guard let root = node(args[0]) as? ShadowRoot else { return js.null }
            return wrap(root.host)
        }
        native.defineMethod("isClosedRoot") { [unowned self] js, _, args in
            js.boolean((node(args[0]) as? ShadowRoot)?.mode == .closed)
        }
        // The slot a node is assigned to, even in a closed tree (the event path goes through it).
        native.defineMethod("assignedSlot") { [unowned self] js, _, args in
            guard let node = node(args[0]) else { return js.null }
            return wrap(node.assignedSlot)
        }
        native.defineMethod("shadowIncludingContains") { [unowned self] js, _, args in
            guard let ancestor = node(args[0]), let other = node(args[1]) else { return js.boolean(false) }
            return js.boolean(ancestor.isShadowIncludingInclusiveAncestor(of: other))
        }
        // The window's named properties (HTML §7.2.2.3): the elements a name reaches, in tree order.
        native.defineMethod("namedElements") { [unowned self] js, _, args in
            wrapList(NamedProperties.elements(named: args[0].string, in: document))
        }
    }

    /// Named access on the window: the global's prototype is immutable here (JSGlobalContextCreate without a
    /// class), so each name gets an accessor of its own on the global when it appears in the document
    /// (dom.js's `namedAppeared`); the accessor looks the name up live and goes away once nothing answers it.
    func installNamedProperties() {
        document.namedElementHook = { [unowned self] name in
            _ = try? helpers?.invoke("namedAppeared", [context.string(name)])
        }
        NamedProperties.announce(document, in: document)
    }
}

/// The Window object's named properties (HTML standard, "named access on the Window object"), without
/// child navigables: HTML elements whose `id` is the name, and `embed`, `form`, `img` and `object` elements
/// whose `name` is.
enum NamedProperties {
    static let nameAttributeElements: Set<String> = ["embed", "form", "img", "object"]

    static func elements(named name: String, in document: Document) -> [Element] {
        guard !name.isEmpty else { return [] }
        return document.descendantElements.filter { names(of: $0).contains(name) }
    }

    /// The names an element gives the window.
    static func names(of element: Element) -> [String] {
        guard element.isHTML else { return [] }
        var names: [String] = []
        if let id = element.getAttribute("id"), !id.isEmpty { names.append(id) }
        if nameAttributeElements.contains(element.localName), let name = element.getAttribute("name"), !name.isEmpty {
            names.append(name)
        }
        return names
    }

    /// Tells the document's hook of the names `node` and its descendants give, if they are in its tree.
    static func announce(_ node: Node, in document: Document) {
        guard let hook = document.namedElementHook, node.rootNode === document else { return }
        if let element = node as? Element { names(of: element).forEach(hook) }
        for element in node.descendantElements { names(of: element).forEach(hook) }
    }
}
