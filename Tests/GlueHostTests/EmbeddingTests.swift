import Foundation
import GoJSHost
import TestSupport
import XCTest

/// The library API an embedder (the DOM, pre-rendering) uses: globals added before the run, Swift
/// functions called from Go, Go callbacks called from Swift, output sinks, virtual time, idle.
final class EmbeddingTests: XCTestCase {
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func append(_ buffer: UnsafeRawBufferPointer) {
            lock.lock()
            bytes += buffer
            lock.unlock()
        }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: bytes, as: UTF8.self) }
    }

    func testHostObjectsCallbacksVirtualTimeAndIdle() throws {
        for toolchain in GoToolchain.allCases {
            let wasm = try buildFixture("embed", toolchain)
            let output = Output()
            var config = GoJSConfiguration()
            config.arguments = ["embed.wasm"]
            config.standardOutput = .collect { output.append($0) }
            config.standardError = .collect { output.append($0) }
            config.clock = .virtual(startMilliseconds: 1_700_000_000_000)
            config.whenIdle = .returnIdle
            config.virtualTimeLimit = .seconds(3600)
            let runtime = try GoJSRuntime(module: Array(try Data(contentsOf: wasm)), configuration: config)

            let host = runtime.makeObject(["greeting": "hello from Swift"])
            host.properties["add"] = .object(runtime.makeFunction("add") { _, args in
                .number(args[0].numberValue + args[1].numberValue)
            })
            host.properties["register"] = .object(runtime.makeFunction("register") { [unowned host] _, args throws(JSException) in
                // Re-entrant: call back into Go while Go is inside host.Call("register").
                guard case .object(let callback) = args[0] else { throw JSException.typeError("callback expected") }
                host.properties["callbackResult"] = try callback.call(this: .undefined, arguments: ["a Swift value"])
                return .undefined
            })
            host.properties["fail"] = .object(runtime.makeFunction("fail") { _, _ throws(JSException) in
                throw JSException(.object(runtime.makeError(.typeError, "refused by host")))
            })
            var parked: JSValue = .undefined
            host.properties["park"] = .object(runtime.makeFunction("park") { _, args in
                parked = args[0]
                return .undefined
            })
            runtime.global.properties["host"] = .object(host)

            let started = Date()
            XCTAssertEqual(try runtime.run(), .idle, "\(toolchain): \(output.text)")
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, "a virtual minute must not take a real one")
            XCTAssertEqual(
                output.text,
                """
                greeting: hello from Swift
                sum: 42
                host called back: go saw a Swift value
                host error: refused by host
                virtual minute passed

                """, "\(toolchain)")
            XCTAssertEqual(host.properties["fromGo"]?.stringValue, "set by Go")

            // An event delivered after idle, as a DOM would dispatch a click.
            _ = try runtime.call(parked, arguments: ["click"])
            XCTAssertEqual(host.properties["eventSeen"]?.stringValue, "click")
            XCTAssertEqual(try runtime.runUntilIdle(), .idle)
        }
    }

    func testObjectModelDefaults() throws {
        let plain = JSObject()
        XCTAssertTrue(try plain.get("missing").isUndefined)
        XCTAssertThrowsError(try plain.call(this: .undefined, arguments: [])) { error in
            XCTAssertTrue((error as? JSException)?.message.hasPrefix("TypeError") ?? false, "\(error)")
        }
        let array = JSArray([1, "two"])
        try array.set("length", 4)
        XCTAssertEqual(try array.length(), 4)
        XCTAssertEqual(array.toJSString(), "1,two,,")
        XCTAssertEqual(JSValue.number(1e21).stringValue, "1e+21")
        XCTAssertEqual(JSValue.number(0.000001).stringValue, "0.000001")
        XCTAssertEqual(JSValue.number(1e-7).stringValue, "1e-7")
        XCTAssertEqual(JSValue.number(-1.5).stringValue, "-1.5")
        XCTAssertEqual(JSValue.number(123456789012).stringValue, "123456789012")
    }

    func testBadModuleIsATypedError() {
        XCTAssertThrowsError(try GoJSRuntime(module: [0, 97, 115, 109, 1, 0, 0, 0])) { error in
            guard case GoJSError.invalidModule = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GoJSRuntime(module: Array("hello".utf8))) { error in
            XCTAssertTrue("\(error)".contains("not a valid wasm module"), "\(error)")
        }
    }
}
