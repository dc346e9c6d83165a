import Foundation
import InputSafety
import JavaScript

/// The web platform both hosts share (`run`'s node surface and pre-rendering's browser surface build on
/// it): console, timers, TextEncoder/TextDecoder, atob/btoa, crypto, performance, URL/URLSearchParams,
/// structuredClone, and WHATWG Streams (`streams.js`, loaded lazily). This is the Swift half of `web.js` and `url.js` (output, clocks, timers, UTF-8,
/// randomness and script evaluation), handed to the scripts as one `native` object, which the surfaces
/// extend and return.
public enum WebPlatform {
    /// Which host the platform is part of: node has `setImmediate`, a browser has not.
    public enum Surface: Sendable {
        case node
        case browser
    }

    /// `timers`: the window's own timers on the shared `loop` (an iframe's), which stop when it closes.
    /// `startedAt`: the loop time (ms) this global's clock starts at (a worker's own `timeOrigin`), 0 for
    /// one made with the loop.
    public static func install(
        in js: JSContext, loop: EventLoop, output: OutputStreams, surface: Surface = .node, timers: TimerScope? = nil,
        startedAt: Double = 0
    ) throws(JavaScriptError) -> JSObject {
        let native = js.object()
        native["browser"] = js.boolean(surface == .browser)
        native.defineMethod("write") { js, _, args in
            // Numbers from JavaScript may be anything (NaN, 1e300): converted without trapping.
            guard let fd = Conversions.integer(truncating: args[0].number).flatMap({ Int32(exactly: $0) }) else {
                return js.undefined
            }
            if let object = args[1].object,
                object.withBytes({ output.write(fd: fd, bytes: UnsafeRawBufferPointer($0)) }) != nil
            {
                return js.undefined
            }
            output.write(fd: fd, text: args[1].string)
            return js.undefined
        }
        native["timeOrigin"] = js.number(loop.clock.timeOrigin + startedAt)
        native["virtualClock"] = js.boolean(loop.isVirtual)
        native.defineMethod("now") { js, _, _ in js.number(loop.now - startedAt) }
        native.defineMethod("setTimer") { js, _, args in
            guard let callback = args[0].object else { return js.undefined }
            // A window whose document is no longer fully active starts no timer (HTML: its id is 0).
            if timers?.isClosed == true { return js.number(0) }
            let id = loop.addTimer(after: args[1].number, repeating: args[2].boolean, callback)
            timers?.ids.insert(id)
            return js.number(id)
        }
        native.defineMethod("clearTimer") { js, _, args in
            // clearTimeout("x") or clearTimeout(1e300): as in node and browsers, nothing to clear.
            if let id = Conversions.integer(truncating: args[0].number) { loop.removeTimer(id) }
            return js.undefined
        }
        native.defineMethod("refTimer") { js, _, args in
            if let id = Conversions.integer(truncating: args[0].number) { loop.setReferenced(id, args[1].boolean) }
            return js.undefined
        }
        native.defineMethod("setImmediate") { js, _, args in
            guard let callback = args[0].object else { return js.undefined }
            return js.number(loop.addImmediate(callback))
        }
        native.defineMethod("clearImmediate") { js, _, args in
            if let id = Conversions.integer(truncating: args[0].number) { loop.removeImmediate(id) }
            return js.undefined
        }
        native.defineMethod("encodeUTF8") { js, _, args in
            try js.uint8Array(copying: Array(args[0].string.utf8))
        }
        native.defineMethod("decodeUTF8") { js, _, args in
            let fatal = args[1].boolean
            let ignoreBOM = args[2].boolean
            let decoded = args[0].object?.withBytes { bytes -> String? in
                var view = UnsafeRawBufferPointer(bytes)
                if !ignoreBOM, view.starts(with: [0xEF, 0xBB, 0xBF]) {
                    view = UnsafeRawBufferPointer(rebasing: view[3...])
                }
                if fatal { return String(validating: view, as: UTF8.self) }
                return String(decoding: view, as: UTF8.self)
            }
            guard let decoded else { return js.string("") }
            guard let text = decoded else {
                throw JavaScriptError(
                    throwing: js.error(
                        "The encoded data was not valid for encoding utf-8", name: "TypeError",
                        properties: ["code": js.string("ERR_ENCODING_INVALID_ENCODED_DATA")]))
            }
            return js.string(text)
        }
        native.defineMethod("randomFill") { js, _, args in
            _ = args[0].object?.withBytes { bytes in
                // The system's CSPRNG (getrandom on Linux), eight bytes at a time.
                var generator = SystemRandomNumberGenerator()
                var index = 0
                while index < bytes.count {
                    withUnsafeBytes(of: generator.next()) { word in
                        for byte in word where index < bytes.count {
                            bytes[index] = byte
                            index += 1
                        }
                    }
                }
            }
            return args[0]
        }
        native.defineMethod("evaluate") { js, _, args in
            try js.evaluate(args[0].string, sourceURL: args[1].isUndefined ? nil : args[1].string)
        }
        // WHATWG Streams, evaluated on first use (web.js installs getters for the names): a plain `run`
        // does not pay for a platform it never touches.
        native.defineMethod("loadStreams") { js, _, args in
            let setUp = try js.evaluate(
                String(decoding: PackageResources.streams_js, as: UTF8.self), sourceURL: "gowasm-serve:streams.js")
            return try setUp.object?.call([native]) ?? js.undefined
        }
        let scripts: [(source: [UInt8], url: String)] = [
            (PackageResources.web_js, "gowasm-serve:web.js"), (PackageResources.url_js, "gowasm-serve:url.js"),
        ]
        for script in scripts {
            let setUp = try js.evaluate(String(decoding: script.source, as: UTF8.self), sourceURL: script.url)
            try setUp.object?.call([native])
        }
        return native
    }
}

/// Where fd 1 and fd 2 go: straight to the file descriptors, unbuffered (so stdout and stderr interleave
/// as written, like node's synchronous writes to files and pipes), or to a sink (a pre-render's log).
public final class OutputStreams: @unchecked Sendable {
    private let sink: ((Int32, UnsafeRawBufferPointer) -> Void)?

    public init() { sink = nil }

    /// Output handed to `sink` (fd, bytes) instead of the file descriptors.
    public init(sink: @escaping (Int32, UnsafeRawBufferPointer) -> Void) { self.sink = sink }

    public func write(fd: Int32, text: String) {
        var text = text
        text.withUTF8 { write(fd: fd, bytes: UnsafeRawBufferPointer($0)) }
    }

    public func write(fd: Int32, bytes: UnsafeRawBufferPointer) {
        if let sink { return sink(fd, bytes) }
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Foundation.write(fd, base, remaining)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            remaining -= n
            base += n
        }
    }
}

/// The timers one window (an iframe's) set on the page's shared event loop, so they stop with it.
public final class TimerScope {
    var ids: Set<Int> = []
    public private(set) var isClosed = false

    public init() {}

    /// Cancels the window's timers; later `setTimeout`/`setInterval` calls return 0 and schedule nothing.
    public func close(on loop: EventLoop) {
        isClosed = true
        for id in ids { loop.removeTimer(id) }
        ids.removeAll()
    }
}
