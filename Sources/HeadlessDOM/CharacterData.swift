/// Text, comments and processing instructions: nodes that hold a string.
public class CharacterData: Node {
    /// Every write is the DOM's "replace data" of the whole string: one characterData record.
    public var data: String {
        willSet { queueCharacterDataMutationRecord(oldValue: data) }
    }

    init(nodeType: NodeType, data: String, ownerDocument: Document?) {
        self.data = data
        super.init(nodeType: nodeType, ownerDocument: ownerDocument)
    }

    public var length: Int { data.utf16.count }

    // MARK: Editing by UTF-16 offsets (the DOM's "replace data" and "substring data")

    /// `substringData(offset, count)`: IndexSizeError past the end; `count` is clamped.
    public func substringData(_ offset: Int, _ count: Int) throws(DOMError) -> String {
        let units = Array(data.utf16)
        guard offset >= 0, offset <= units.count else { throw .indexSize("the offset is past the end of the data") }
        let end = offset + min(max(count, 0), units.count - offset)
        return String(decoding: units[offset..<end], as: UTF16.self)
    }

    /// "Replace data": `count` code units at `offset` become `replacement` (one characterData record).
    public func replaceData(_ offset: Int, _ count: Int, _ replacement: String) throws(DOMError) {
        var units = Array(data.utf16)
        guard offset >= 0, offset <= units.count else { throw .indexSize("the offset is past the end of the data") }
        let end = offset + min(max(count, 0), units.count - offset)
        units.replaceSubrange(offset..<end, with: Array(replacement.utf16))
        data = String(decoding: units, as: UTF16.self)
    }

    public func appendData(_ text: String) { data += text }

    public func insertData(_ offset: Int, _ text: String) throws(DOMError) { try replaceData(offset, 0, text) }

    public func deleteData(_ offset: Int, _ count: Int) throws(DOMError) { try replaceData(offset, count, "") }

    private func queueCharacterDataMutationRecord(oldValue: String) {
        guard isObservable else { return }
        var record = MutationRecordData(type: .characterData, target: self)
        record.oldValue = oldValue
        queueMutationRecord(record)
    }
}

public final class Text: CharacterData {
    init(_ data: String, ownerDocument: Document?) {
        super.init(nodeType: .text, data: data, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { "#text" }
    override func shallowClone() -> Node { Text(data, ownerDocument: ownerDocument) }

    /// `splitText(offset)`: the data from `offset` on moves to a new text node inserted right after this one.
    public func splitText(_ offset: Int) throws(DOMError) -> Text {
        let units = Array(data.utf16)
        guard offset >= 0, offset <= units.count else { throw .indexSize("the offset is past the end of the data") }
        let tail = Text(String(decoding: units[offset...], as: UTF16.self), ownerDocument: ownerDocument)
        // Chromium's order (the standard inserts first): this node's record, then the parent's.
        try replaceData(offset, units.count - offset, "")
        if let parent = parentNode { parent.insertValidated(tail, before: nextSibling) }
        return tail
    }

    /// `wholeText`: this node's data with that of the adjacent text nodes.
    public var wholeText: String {
        var first: Node = self
        while let previous = first.previousSibling as? Text { first = previous }
        var result = ""
        var node: Node? = first
        while let text = node as? Text {
            result += text.data
            node = text.nextSibling
        }
        return result
    }
}

public final class Comment: CharacterData {
    init(_ data: String, ownerDocument: Document?) {
        super.init(nodeType: .comment, data: data, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { "#comment" }
    override func shallowClone() -> Node { Comment(data, ownerDocument: ownerDocument) }
}

/// `<?target data?>`: made only by `createProcessingInstruction` (HTML parses `<?` as a bogus comment).
public final class ProcessingInstruction: CharacterData {
    public let target: String

    init(target: String, data: String, ownerDocument: Document?) {
        self.target = target
        super.init(nodeType: .processingInstruction, data: data, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { target }
    override func shallowClone() -> Node {
        ProcessingInstruction(target: target, data: data, ownerDocument: ownerDocument)
    }
}

public final class DocumentType: Node {
    public let name: String
    public let publicId: String
    public let systemId: String

    init(name: String, publicId: String, systemId: String, ownerDocument: Document?) {
        self.name = name
        self.publicId = publicId
        self.systemId = systemId
        super.init(nodeType: .documentType, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { name }
    override func shallowClone() -> Node {
        DocumentType(name: name, publicId: publicId, systemId: systemId, ownerDocument: ownerDocument)
    }
}

public class DocumentFragment: Node {
    init(ownerDocument: Document?) {
        super.init(nodeType: .documentFragment, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { "#document-fragment" }
    override func shallowClone() -> Node { DocumentFragment(ownerDocument: ownerDocument) }
}
