/// Text, comments and processing instructions: nodes that hold a string.
public class CharacterData: Node {
    public var data: String

    init(nodeType: NodeType, data: String, ownerDocument: Document?) {
        self.data = data
        super.init(nodeType: nodeType, ownerDocument: ownerDocument)
    }

    public var length: Int { data.utf16.count }
}

public final class Text: CharacterData {
    init(_ data: String, ownerDocument: Document?) {
        super.init(nodeType: .text, data: data, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { "#text" }
    override func shallowClone() -> Node { Text(data, ownerDocument: ownerDocument) }
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

public final class DocumentFragment: Node {
    init(ownerDocument: Document?) {
        super.init(nodeType: .documentFragment, ownerDocument: ownerDocument)
    }

    public override var nodeName: String { "#document-fragment" }
    override func shallowClone() -> Node { DocumentFragment(ownerDocument: ownerDocument) }
}
