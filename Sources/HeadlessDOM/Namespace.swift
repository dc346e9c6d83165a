/// An element's namespace. HTML, SVG and MathML come from the parser; others only from `createElementNS`.
public enum Namespace: Hashable, Sendable {
    case html
    case svg
    case mathml
    case other(String)

    public static let htmlURI = "http://www.w3.org/1999/xhtml"
    public static let svgURI = "http://www.w3.org/2000/svg"
    public static let mathmlURI = "http://www.w3.org/1998/Math/MathML"

    public init(uri: String) {
        switch uri {
        case Self.htmlURI: self = .html
        case Self.svgURI: self = .svg
        case Self.mathmlURI: self = .mathml
        default: self = .other(uri)
        }
    }

    public var uri: String {
        switch self {
        case .html: Self.htmlURI
        case .svg: Self.svgURI
        case .mathml: Self.mathmlURI
        case .other(let uri): uri
        }
    }
}

/// The namespaces an attribute can be in (foreign content's `xlink:href`, `xml:lang`, `xmlns:xlink`).
public enum AttributeNamespace: Hashable, Sendable {
    case xlink
    case xml
    case xmlns
    case other(String)

    public static let xlinkURI = "http://www.w3.org/1999/xlink"
    public static let xmlURI = "http://www.w3.org/XML/1998/namespace"
    public static let xmlnsURI = "http://www.w3.org/2000/xmlns/"

    public init(uri: String) {
        switch uri {
        case Self.xlinkURI: self = .xlink
        case Self.xmlURI: self = .xml
        case Self.xmlnsURI: self = .xmlns
        default: self = .other(uri)
        }
    }

    public var uri: String {
        switch self {
        case .xlink: Self.xlinkURI
        case .xml: Self.xmlURI
        case .xmlns: Self.xmlnsURI
        case .other(let uri): uri
        }
    }
}

/// One attribute of an element.
public struct Attribute: Equatable, Sendable {
    public var namespace: AttributeNamespace?
    public var prefix: String?
    public var localName: String
    public var value: String

    public init(namespace: AttributeNamespace? = nil, prefix: String? = nil, localName: String, value: String) {
        self.namespace = namespace
        self.prefix = prefix
        self.localName = localName
        self.value = value
    }

    /// `name`: the qualified name (`xlink:href`, `class`).
    public var name: String { prefix.map { "\($0):\(localName)" } ?? localName }
}
