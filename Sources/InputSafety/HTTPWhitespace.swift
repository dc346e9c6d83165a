extension StringProtocol {
    /// Drops leading and trailing SP and HTAB (HTTP's OWS, RFC 9110 §5.6.3), nothing else: header values and
    /// list items from the wire and from configuration are trimmed by this one rule.
    @inlinable
    public func trimmingHTTPWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
