// Mutation observers (DOM standard §4.3): the registrations nodes carry, the records the tree operations
// queue, and the agent that delivers them in a microtask. The script-facing `MutationObserver` class is
// dom.js's; it reaches this side through DOMBindings by observer id.

/// What `observe(target, options)` asked for, after the standard's defaulting and checks.
public struct MutationObserverOptions: Equatable, Sendable {
    public var childList = false
    public var attributes = false
    public var characterData = false
    public var subtree = false
    public var attributeOldValue = false
    public var characterDataOldValue = false
    /// Only these attribute local names (no namespace) are reported; nil reports every attribute.
    public var attributeFilter: [String]?

    public init() {}
}

/// One queued `MutationRecord`, in the DOM's terms.
public struct MutationRecordData {
    public enum Kind: String, Sendable {
        case childList, attributes, characterData
    }

    public let type: Kind
    public let target: Node
    public var addedNodes: [Node] = []
    public var removedNodes: [Node] = []
    public var previousSibling: Node?
    public var nextSibling: Node?
    public var attributeName: String?
    public var attributeNamespace: String?
    public var oldValue: String?
}

/// The window's mutation observers ("similar-origin window agent" state): which have records pending and
/// whether the delivery microtask is queued. One per page runtime; the bindings schedule the microtask.
public final class MutationObserverAgent {
    /// Queues the microtask that will call `takePending()` and deliver (set by the bindings).
    public var queueMicrotask: (() -> Void)?
    private var observers: [Int: MutationObserverState] = [:]
    private var pending: Set<Int> = []
    private var microtaskQueued = false
    private var nextID = 0

    public init() {}

    /// A new observer, numbered in creation order (the order they are notified in).
    public func createObserver() -> Int {
        nextID += 1
        observers[nextID] = MutationObserverState(id: nextID, agent: self)
        return nextID
    }

    public func observer(_ id: Int) -> MutationObserverState? { observers[id] }

    /// "Notify mutation observers", first half: the observers with records, in creation order; the
    /// microtask may be queued again from here on.
    public func takePending() -> [MutationObserverState] {
        microtaskQueued = false
        let ids = pending.sorted()
        pending.removeAll()
        return ids.compactMap { observers[$0] }
    }

    fileprivate func markPending(_ observer: MutationObserverState) {
        pending.insert(observer.id)
        guard !microtaskQueued else { return }
        microtaskQueued = true
        queueMicrotask?()
    }

    /// Forgets every observer (end of the run: registrations would otherwise keep nodes and ids alive).
    public func reset() {
        for observer in observers.values { observer.disconnect() }
        observers.removeAll()
        pending.removeAll()
        queueMicrotask = nil
    }
}

/// One `MutationObserver`'s state: its record queue and the nodes it has registrations on.
public final class MutationObserverState {
    public let id: Int
    /// Weak: a document may outlive its page runtime (and still be mutated) after the bindings are gone.
    private weak var agent: MutationObserverAgent?
    private var records: [MutationRecordData] = []
    private var observedNodes: [WeakNode] = []

    init(id: Int, agent: MutationObserverAgent) {
        self.id = id
        self.agent = agent
    }

    /// `observe(target, options)`: a new registration, or new options for this observer's registration
    /// on `target` (dropping the transient registrations it had made).
    public func observe(_ target: Node, options: MutationObserverOptions) {
        if let existing = target.registeredObservers.first(where: { $0.observer === self && $0.source == nil }) {
            removeTransientRegistrations { $0 === existing }
            existing.options = options
            return
        }
        target.registeredObservers.append(RegisteredObserver(observer: self, options: options))
        observedNodes.append(WeakNode(node: target))
        // From now on the tree operations of this document (and of documents its nodes move to) record.
        (target.ownerDocument ?? (target as? Document))?.hasMutationObservers = true
    }

    /// `disconnect()`: every registration of this observer goes, and its queued records.
    public func disconnect() {
        for weak in observedNodes { weak.node?.registeredObservers.removeAll { $0.observer === self } }
        observedNodes.removeAll()
        records.removeAll()
    }

    /// `takeRecords()`, and the notify step that empties the queue before the callback.
    public func takeRecords() -> [MutationRecordData] {
        defer { records.removeAll() }
        return records
    }

    /// The notify step: transient registrations last only until the observer's next delivery.
    public func dropTransientRegistrations() {
        removeTransientRegistrations { _ in true }
    }

    private func removeTransientRegistrations(from source: (RegisteredObserver) -> Bool) {
        for weak in observedNodes {
            weak.node?.registeredObservers.removeAll { registered in
                registered.observer === self && registered.source.map(source) == true
            }
        }
        // Forget the nodes left without a registration of this observer, so that a long run of removals
        // under a subtree observer does not grow the list between deliveries.
        observedNodes.removeAll { weak in
            guard let node = weak.node else { return true }
            return !node.registeredObservers.contains { $0.observer === self }
        }
    }

    fileprivate func addTransient(to node: Node, source: RegisteredObserver) {
        node.registeredObservers.append(RegisteredObserver(observer: self, options: source.options, source: source))
        observedNodes.append(WeakNode(node: node))
    }

    fileprivate func enqueue(_ record: MutationRecordData) {
        records.append(record)
        agent?.markPending(self)
    }
}

/// An entry of a node's "registered observer list"; `source` is set for the transient registrations a
/// subtree observer leaves on removed descendants.
final class RegisteredObserver {
    let observer: MutationObserverState
    var options: MutationObserverOptions
    let source: RegisteredObserver?

    init(observer: MutationObserverState, options: MutationObserverOptions, source: RegisteredObserver? = nil) {
        self.observer = observer
        self.options = options
        self.source = source
    }
}

struct WeakNode {
    weak var node: Node?
}

// MARK: Queueing records (called by the tree, attribute and data operations)

extension Node {
    /// False until an observer watches a node of this node's document: the tree operations then skip all
    /// record keeping, so a page without observers pays one load and branch per mutation.
    var isObservable: Bool { (ownerDocument ?? (self as? Document))?.hasMutationObservers == true }

    /// "Queue a tree mutation record" for this parent.
    func queueTreeMutationRecord(added: [Node], removed: [Node], previousSibling: Node?, nextSibling: Node?) {
        guard isObservable else { return }
        var record = MutationRecordData(type: .childList, target: self)
        record.addedNodes = added
        record.removedNodes = removed
        record.previousSibling = previousSibling
        record.nextSibling = nextSibling
        queueMutationRecord(record)
    }

    /// "Queue a mutation record": to every observer of this node, or of an ancestor with `subtree`, whose
    /// options take the record; each observer gets it once, with the old value when it asked for one.
    func queueMutationRecord(_ record: MutationRecordData) {
        var interested: [(observer: MutationObserverState, oldValue: String?)] = []
        var node: Node? = self
        while let current = node {
            for registered in current.registeredObservers {
                let options = registered.options
                guard current === self || options.subtree, registered.takes(record) else { continue }
                let wantsOldValue =
                    (record.type == .attributes && options.attributeOldValue)
                    || (record.type == .characterData && options.characterDataOldValue)
                if let index = interested.firstIndex(where: { $0.observer === registered.observer }) {
                    if wantsOldValue { interested[index].oldValue = record.oldValue }
                } else {
                    interested.append((registered.observer, wantsOldValue ? record.oldValue : nil))
                }
            }
            node = current.parentNode
        }
        for (observer, oldValue) in interested {
            var delivered = record
            delivered.oldValue = oldValue
            observer.enqueue(delivered)
        }
    }

    /// The "remove" algorithm's step for observers: every `subtree` registration of the parent's inclusive
    /// ancestors follows the removed node as a transient registration.
    func addTransientRegistrations(toRemoved child: Node) {
        var node: Node? = self
        while let current = node {
            for registered in current.registeredObservers where registered.options.subtree {
                registered.observer.addTransient(to: child, source: registered)
            }
            node = current.parentNode
        }
    }
}

extension RegisteredObserver {
    /// Whether these options ask for a record of this kind (and, for attributes, this name).
    func takes(_ record: MutationRecordData) -> Bool {
        switch record.type {
        case .childList: return options.childList
        case .characterData: return options.characterData
        case .attributes:
            guard options.attributes else { return false }
            guard let filter = options.attributeFilter else { return true }
            return record.attributeNamespace == nil && filter.contains(record.attributeName ?? "")
        }
    }
}

extension Element {
    /// "Queue a mutation record" of type attributes, before the change (the old value is the current one).
    func queueAttributeMutationRecord(localName: String, namespace: String?, oldValue: String?) {
        guard isObservable else { return }
        var record = MutationRecordData(type: .attributes, target: self)
        record.attributeName = localName
        record.attributeNamespace = namespace
        record.oldValue = oldValue
        queueMutationRecord(record)
    }
}
