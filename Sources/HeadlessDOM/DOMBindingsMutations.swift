import JavaScript

/// The native half of dom.js's `MutationObserver`: observers are numbered by the Swift agent; dom.js keeps
/// the callbacks and makes `MutationRecord`s of the records taken here.
extension DOMBindings {
    func defineMutationObserverNatives(on native: JSObject) {
        mutationObservers.queueMicrotask = { [unowned self] in
            _ = try? helpers?.invoke("queueMutationDelivery")
        }
        native.defineMethod("mutationCreate") { [unowned self] js, _, _ in
            js.number(mutationObservers.createObserver())
        }
        native.defineMethod("mutationObserve") { [unowned self] js, _, args in
            guard let observer = observer(args[0]), let target = node(args[1]), let options = args[2].object else {
                return js.undefined
            }
            observer.observe(target, options: Self.observerOptions(options))
            return js.undefined
        }
        native.defineMethod("mutationDisconnect") { [unowned self] js, _, args in
            observer(args[0])?.disconnect()
            return js.undefined
        }
        // (id, delivering): the queued records; `delivering` also ends the transient registrations.
        native.defineMethod("mutationTake") { [unowned self] js, _, args in
            guard let observer = observer(args[0]) else { return js.array([]) }
            let records = observer.takeRecords()
            if args[1].boolean { observer.dropTransientRegistrations() }
            return js.array(records.map { record(for: $0) })
        }
        // The observers to notify now, in creation order (the microtask's first step).
        native.defineMethod("mutationPending") { [unowned self] js, _, _ in
            js.array(mutationObservers.takePending().map { js.number($0.id) })
        }
    }

    private func observer(_ id: JSValue) -> MutationObserverState? {
        Int(exactly: id.number).flatMap { mutationObservers.observer($0) }
    }

    /// dom.js has already defaulted and checked the dictionary (it throws the standard's TypeErrors).
    private static func observerOptions(_ object: JSObject) -> MutationObserverOptions {
        var options = MutationObserverOptions()
        options.childList = object["childList"].boolean
        options.attributes = object["attributes"].boolean
        options.characterData = object["characterData"].boolean
        options.subtree = object["subtree"].boolean
        options.attributeOldValue = object["attributeOldValue"].boolean
        options.characterDataOldValue = object["characterDataOldValue"].boolean
        if let filter = object["attributeFilter"].object {
            let count = Int(exactly: filter["length"].number) ?? 0
            options.attributeFilter = (0..<max(0, count)).map { filter[$0].string }
        }
        return options
    }

    private func record(for record: MutationRecordData) -> JSValue {
        let js = context
        func string(_ value: String?) -> JSValue { value.map { js.string($0) } ?? js.null }
        return js.object([
            "type": js.string(record.type.rawValue), "target": wrap(record.target),
            "addedNodes": wrapList(record.addedNodes), "removedNodes": wrapList(record.removedNodes),
            "previousSibling": wrap(record.previousSibling), "nextSibling": wrap(record.nextSibling),
            "attributeName": string(record.attributeName), "attributeNamespace": string(record.attributeNamespace),
            "oldValue": string(record.oldValue),
        ])
    }
}
