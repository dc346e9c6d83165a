import HTTPServer

extension HTTPHandler {
    /// Calls the handler as a connection does: the answer when it was sent before `respond` returned, else
    /// nil, and `later` gets it when it comes.
    public func answerNowOrLater(
        to request: HTTPRequest, later: @escaping @Sendable (HTTPResponse) -> Void
    ) -> HTTPResponse? {
        let reply = HTTPReply()
        respond(to: request, reply: reply)
        return reply.settle(later: later)
    }
}
