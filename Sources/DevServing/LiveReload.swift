import Dispatch
import HTTPServer
import SiteServing
import Synchronization

/// The dev server's push channel: browsers subscribe to `/_gowasm/events` (Server-Sent Events) through the
/// script at `/_gowasm/live-reload.js`; a build calls `broadcast`.
///
/// Events: `reload` (a good build: the page reloads) and `build-error` (the compiler output, shown as an
/// overlay until the next good build). A client that connects while the last build is failing gets that
/// error at once, so reloading the page by hand still shows it.
public final class LiveReload: Sendable {
    public static let eventsPath = "/_gowasm/events"
    public static let scriptPath = "/_gowasm/live-reload.js"
    /// The tag injected into served HTML pages when live reload is on.
    public static let scriptTag = "<script src=\"\(scriptPath)\"></script>"

    /// Subscribers and the last build failure, shared with the stream bodies handed to the server.
    private final class Subscribers: Sendable {
        struct State {
            var clients: [ObjectIdentifier: any HTTPStreamWriter] = [:]
            var lastBuildError: String?
            var isClosed = false
        }
        let state = Mutex(State())

        func send(_ frame: [UInt8]) {
            let clients = state.withLock { Array($0.clients) }
            for (id, client) in clients where !client.write(frame) {
                state.withLock { _ = $0.clients.removeValue(forKey: id) }
            }
        }
    }

    private let subscribers = Subscribers()
    // Dispatch sources are thread-safe; the type just is not marked Sendable.
    nonisolated(unsafe) private let heartbeat: DispatchSourceTimer

    /// `heartbeatInterval`: how often a comment line goes to idle clients, so dead peers are noticed.
    public init(heartbeatInterval: DispatchTimeInterval = .seconds(15)) {
        heartbeat = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "gowasm-serve.live-reload"))
        heartbeat.schedule(deadline: .now() + heartbeatInterval, repeating: heartbeatInterval)
        let subscribers = self.subscribers
        heartbeat.setEventHandler { subscribers.send(Array(": heartbeat\n\n".utf8)) }
        heartbeat.resume()
    }

    deinit { heartbeat.cancel() }

    /// Subscribed browsers right now.
    public var clientCount: Int { subscribers.state.withLock { $0.clients.count } }

    /// Sends `event` with `data` (any text; each line becomes a `data:` line) to every subscriber.
    public func broadcast(event: String, data: String) {
        subscribers.state.withLock { state in
            if event == "build-error" { state.lastBuildError = data }
            if event == "reload" || event == "build-ok" { state.lastBuildError = nil }
        }
        subscribers.send(Self.encode(event: event, data: data))
    }

    /// A good build: every page reloads (and drops its error overlay).
    public func reload() { broadcast(event: "reload", data: "") }

    /// A failed build: every page shows `output` over its content.
    public func buildFailed(output: String) { broadcast(event: "build-error", data: output) }

    /// Ends every subscription (server shutdown); later subscribers are ended at once.
    public func close() {
        let clients = subscribers.state.withLock { state in
            state.isClosed = true
            defer { state.clients.removeAll() }
            return Array(state.clients.values)
        }
        heartbeat.cancel()
        for client in clients { client.finish() }
    }

    /// The response for `GET /_gowasm/events`.
    public func eventsResponse() -> HTTPResponse {
        var headers: HTTPHeaders = [
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        ]
        headers.add("X-Accel-Buffering", "no")
        let subscribers = self.subscribers
        return HTTPResponse(
            status: .ok, headers: headers,
            body: .stream({ writer in
                let (pending, closed) = subscribers.state.withLock { state -> (String?, Bool) in
                    if !state.isClosed { state.clients[ObjectIdentifier(writer)] = writer }
                    return (state.lastBuildError, state.isClosed)
                }
                guard !closed else { return writer.finish() }
                // `retry` makes browsers reconnect quickly after a dev-server restart.
                var hello = Array("retry: 1000\n: connected\n\n".utf8)
                if let pending { hello += Self.encode(event: "build-error", data: pending) }
                if !writer.write(hello) {
                    subscribers.state.withLock { _ = $0.clients.removeValue(forKey: ObjectIdentifier(writer)) }
                }
            }))
    }

    /// The response for `GET /_gowasm/live-reload.js`.
    public func scriptResponse() -> HTTPResponse { DevRoutes.scriptResponse(PublicAssets.liveReloadScript) }

    /// Inserts the script tag before `</body>` (or at the end when the page has none).
    public static func inject(into html: [UInt8]) -> [UInt8] {
        let tag = Array(scriptTag.utf8)
        let closing = Array("</body>".utf8)
        if let index = lastIndex(of: closing, in: html) {
            return Array(html[..<index]) + tag + Array(html[index...])
        }
        return html + tag
    }

    /// An SSE frame: `event:` then one `data:` line per line of `data` (SSE has no escaping).
    static func encode(event: String, data: String) -> [UInt8] {
        var frame = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            frame += "data: \(line.hasSuffix("\r") ? line.dropLast() : line)\n"
        }
        return Array((frame + "\n").utf8)
    }

    /// Case-insensitive search for an ASCII needle, from the end.
    private static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1) {
            var matches = true
            for offset in 0..<needle.count where haystack[start + offset] | 0x20 != needle[offset] | 0x20 {
                matches = false
                break
            }
            if matches { return start }
        }
        return nil
    }
}
