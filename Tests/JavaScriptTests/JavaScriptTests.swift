import JavaScript
import Testing

/// The Swift wrapper over JavaScriptCore: values both ways, functions from closures, host classes,
/// typed arrays over Swift memory, exceptions as typed errors, synchronous WebAssembly, GLib iteration.
@Suite struct JavaScriptTests {
    @Test func evaluatesWithTheEnginesBuiltins() throws {
        let js = JSContext()
        #expect(try js.evaluate("'Go'.toLowerCase() + [1, 2, 3].map(x => x * 2).join(',')").string == "go2,4,6")
        #expect(try js.evaluate("new Intl.NumberFormat('de-DE').format(1234.5)").string == "1.234,5")
        #expect(try js.evaluate("JSON.stringify(Reflect.ownKeys({a: 1, b: 2}))").string == #"["a","b"]"#)
        #expect(try js.evaluate("typeof WebAssembly.instantiate").string == "function")
        #expect(try js.evaluate("1 + 1").number == 2)
        #expect(try js.evaluate("undefined").isUndefined)
    }

    @Test func exceptionsBecomeTypedErrorsWithTheSourceURL() throws {
        let js = JSContext()
        let error = #expect(throws: JavaScriptError.self) {
            try js.evaluate("\n\nnull.x", sourceURL: "broken.js")
        }
        #expect(error?.message.hasPrefix("TypeError") == true)
        #expect(error?.value?.object?["line"].number == 3)
        #expect(error?.value?.object?["sourceURL"].string == "broken.js")
        #expect(throws: JavaScriptError.self) { try js.checkSyntax("function (") }
    }

    @Test func swiftFunctionsAreRealFunctions() throws {
        let js = JSContext()
        js.global["add"] = js.function("add") { js, _, args in js.number(args[0].number + args[1].number) }
        #expect(try js.evaluate("add(2, 3)").number == 5)
        #expect(try js.evaluate("add.call(null, 4, 5) + add.apply(null, [1, 1]) + add.bind(null, 10)(1)").number == 22)
        #expect(
            try js.evaluate("typeof add + ' ' + add.name + ' ' + (add instanceof Function)").string
                == "function add true")
        // A missing argument is undefined, as in JavaScript.
        #expect(try js.evaluate("add(1)").number.isNaN)
        // `this` arrives.
        js.global["whoAmI"] = js.function { _, this, _ in this.object?["name"] ?? this }
        #expect(try js.evaluate("whoAmI.call({name: 'x'})").string == "x")
    }

    @Test func numberFunctionsAreRealFunctionsReadingSwiftStateAtEachCall() throws {
        let js = JSContext()
        var counter = 0.0
        js.global["next"] = js.numberFunction("next") {
            counter += 1
            return counter
        }
        #expect(try js.evaluate("next() + next.call(null) + next.apply(null, [])").number == 6)
        #expect(
            try js.evaluate("typeof next + ' ' + next.name + ' ' + (next instanceof Function)").string
                == "function next true")
        js.collectGarbage()
        #expect(try js.evaluate("let s = 0; for (let i = 0; i < 1000; i++) s = next(); s").number == 1003)
    }

    @Test func aThisKeptByTheBodyOutlivesTheCallAndACollection() throws {
        // `this` comes unprotected (its call frame roots it) and is protected only when the body keeps it.
        let js = JSContext()
        var kept: [JSValue] = []
        js.global["keep"] = js.function { js, this, _ in
            kept.append(this)
            return js.undefined
        }
        try js.evaluate(
            "for (let i = 0; i < 100; i++) keep.call({ name: 'object ' + i, payload: new Array(1000).fill(i) })")
        js.collectGarbage()
        try js.evaluate("for (let i = 0; i < 100; i++) ({ other: new Array(1000).fill(-i) })")
        js.collectGarbage()
        #expect(kept.count == 100)
        #expect(kept.first?.object?["name"].string == "object 0")
        #expect(kept.last?.object?["payload"].object?[999].number == 99)
    }

    @Test func swiftErrorsAreThrownIntoJavaScript() throws {
        let js = JSContext()
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        js.global["fail"] = js.function { _, _, _ in throw Boom() }
        js.global["failWith"] = js.function { js, _, args in throw JavaScriptError(throwing: args[0]) }
        #expect(
            try js.evaluate("try { fail() } catch (e) { (e instanceof Error) + ':' + e.message }").string == "true:boom"
        )
        #expect(try js.evaluate("try { failWith(42) } catch (e) { e }").number == 42)
        let escaped = #expect(throws: JavaScriptError.self) { try js.evaluate("fail()") }
        #expect(escaped?.message == "Error: boom")
    }

    @Test func callingJavaScriptFromSwift() throws {
        let js = JSContext()
        let join = try #require(
            try js.evaluate("(function (a, b) { return this.sep === undefined ? a + b : a + this.sep + b })").object)
        #expect(try join.call([js.string("a"), js.string("b")]).string == "ab")
        #expect(
            try join.call(this: js.object(["sep": js.string("-")]), [js.string("a"), js.string("b")]).string == "a-b")
        let date = try js.global["Date"].object!.construct([js.number(0)])
        #expect(try date.invoke("toISOString").string == "1970-01-01T00:00:00.000Z")
        let thrower = try #require(try js.evaluate("(() => { throw new RangeError('no') })").object)
        #expect(throws: JavaScriptError.self) { try thrower.call() }
        var seen: [Double] = []
        js.global["record"] = js.function { js, _, args in
            seen.append(args[0].number)
            return js.undefined
        }
        try js.global["record"].object!.callDiscardingResult(7)
        #expect(seen == [7])
    }

    @Test func objectsArraysAndJSON() throws {
        let js = JSContext()
        let object = js.object(["a": js.number(1), "b": js.string("two")])
        object[0] = js.boolean(true)
        #expect(Set(object.keys) == ["0", "a", "b"])
        #expect(try object.json() == #"{"0":true,"a":1,"b":"two"}"#)
        let array = js.array([js.number(1), js.null, js.string("x")])
        js.global["arr"] = array
        #expect(try js.evaluate("Array.isArray(arr) && arr.length === 3 && arr[1] === null").boolean)
        #expect(object.has("a") && !object.has("zzz"))
        #expect(
            js.error("nope", name: "TypeError", properties: ["code": js.string("ENOENT")])["code"].string == "ENOENT")
    }

    @Test func hostClassesHavePrototypesAndPayloads() throws {
        let js = JSContext()
        final class Counter { var count = 0 }
        let counter = JSHostClass(in: js, name: "Counter")
        var tallyClass: JSHostClass?
        let constructible = JSHostClass(in: js, name: "Tally") { js, _, _ in
            guard let tallyClass else { return js.undefined }
            return tallyClass.instance(payload: Counter())
        }
        tallyClass = constructible
        for host in [counter, constructible] {
            host.defineMethod("increment") { js, this, _ in
                guard let state = this.object?.payload(as: Counter.self) else {
                    throw JavaScriptError(throwing: js.error("Illegal invocation", name: "TypeError"))
                }
                state.count += 1
                return js.number(state.count)
            }
            host.defineProperty("count") { js, this, _ in js.number(this.object?.payload(as: Counter.self)?.count ?? -1)
            }
            js.global[host.name] = host.constructor
        }
        js.global["c"] = counter.instance(payload: Counter())
        #expect(try js.evaluate("c.increment(); c.increment()").number == 2)
        #expect(try js.evaluate("c.count").number == 2)
        #expect(try js.evaluate("c instanceof Counter && Object.getPrototypeOf(c) === Counter.prototype").boolean)
        #expect(try js.evaluate("Object.keys(c).length").number == 0)
        #expect(try js.evaluate("Object.prototype.toString.call(c)").string == "[object Counter]")
        #expect(try js.evaluate("Object.keys(Counter.prototype).length").number == 0)
        #expect(
            try js.evaluate("try { new Counter() } catch (e) { e.name + ': ' + e.message }").string
                == "TypeError: Illegal constructor")
        #expect(
            try js.evaluate("const t = new Tally(); t.increment(); (t instanceof Tally) + ' ' + t.count").string
                == "true 1")
        #expect(
            try js.evaluate("try { Counter.prototype.increment.call({}) } catch (e) { e.message }").string
                == "Illegal invocation")
    }

    @Test func arrayBuffersOverSwiftMemorySeeWritesBothWays() throws {
        let js = JSContext()
        final class Owner {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 16)
            init() { bytes.initializeMemory(as: UInt8.self, repeating: 0) }
            deinit { bytes.deallocate() }
        }
        let owner = Owner()
        js.global["buf"] = try js.arrayBuffer(noCopy: owner.bytes.baseAddress!, count: 16, owner: owner)
        owner.bytes[3] = 42
        #expect(try js.evaluate("new Uint8Array(buf)[3]").number == 42)
        try js.evaluate("new DataView(buf).setUint32(8, 0xdeadbeef, true)")
        #expect(owner.bytes.load(fromByteOffset: 8, as: UInt32.self) == 0xdead_beef)

        let copy = try js.uint8Array(copying: [1, 2, 3, 4, 5])
        js.global["u"] = copy
        #expect(copy.typedArrayKind == .uint8)
        #expect(try js.evaluate("u.join()").string == "1,2,3,4,5")
        // A view with an offset, and a DataView, read their own bytes.
        let sub = try #require(try js.evaluate("u.subarray(2, 4)").object)
        #expect(sub.withBytes { Array($0) } == [3, 4])
        let view = try #require(try js.evaluate("new DataView(u.buffer, 1, 2)").object)
        #expect(view.withBytes { Array($0) } == [2, 3])
        #expect(js.object().withBytes { Array($0) } == nil)
    }

    @Test func promisesSettleAndMicrotasksRunAfterTheOuterCall() throws {
        let js = JSContext()
        try js.evaluate("globalThis.order = []; Promise.resolve().then(() => order.push('micro')); order.push('sync')")
        #expect(try js.evaluate("order.join()").string == "sync,micro")
    }

    @Test func webAssemblyRunsSynchronously() throws {
        let js = JSContext()
        // (module (func (export "answer") (result i32) i32.const 42))
        let answer = try js.evaluate(
            """
            const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,10,1,6,97,110,115,119,101,114,0,0,10,6,1,4,0,65,42,11]);
            new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.answer()
            """)
        #expect(answer.number == 42)
    }

    @Test func mainContextIterationWakesUpAfterTheGivenTime() {
        let clock = ContinuousClock()
        let started = clock.now
        // Nothing else is attached: the wake-up source itself is what gets dispatched.
        let dispatched = MainContext.iterate(mayBlock: true, wakeAfterMilliseconds: 20)
        #expect(dispatched)
        #expect(clock.now - started >= .milliseconds(19))
        #expect(!MainContext.iterate(mayBlock: false))
    }
}
