import JavaScript
import Testing
import WasmEngines

/// `new WebAssembly.Memory(descriptor)` on the interpreter, as the JS API defines it: a memory of `initial`
/// pages, grown with its old buffer detached, a SharedArrayBuffer when shared, and the descriptor's errors.
@Suite struct ConstructedMemoryTests {
    private func evaluate(_ source: String) throws -> String? {
        let js = JSContext()
        _ = try WebAssemblyHost(engine: .interpreter, limits: InterpreterLimits(maxMemoryBytes: 4 << 20), in: js)
        return try js.evaluate(source).string
    }

    @Test func aMemoryGrowsAndDetachesItsOldBuffer() throws {
        let result = try evaluate(
            """
            const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
            const before = memory.buffer;
            new Uint8Array(before)[3] = 9;
            const old = memory.grow(1);
            const after = memory.buffer;
            let over; try { memory.grow(1); } catch (e) { over = e.name; }
            [memory instanceof WebAssembly.Memory, before.byteLength, old, after.byteLength, new Uint8Array(after)[3], over].join()
            """)
        #expect(result == "true,0,1,131072,9,RangeError")
    }

    @Test func aSharedMemoryIsASharedArrayBuffer() throws {
        let result = try evaluate(
            """
            const buffer = new WebAssembly.Memory({ shared: true, initial: 1, maximum: 1 }).buffer;
            [Object.prototype.toString.call(buffer), buffer.byteLength, buffer.constructor.name].join()
            """)
        #expect(result == "[object SharedArrayBuffer],65536,SharedArrayBuffer")
    }

    @Test func badDescriptorsAreTheStandardsErrors() throws {
        let result = try evaluate(
            """
            const attempt = (f) => { try { f(); return "made"; } catch (e) { return e.name; } };
            [
              attempt(() => WebAssembly.Memory({ initial: 1 })),
              attempt(() => new WebAssembly.Memory()),
              attempt(() => new WebAssembly.Memory({})),
              attempt(() => new WebAssembly.Memory({ initial: -1 })),
              attempt(() => new WebAssembly.Memory({ initial: 2, maximum: 1 })),
              attempt(() => new WebAssembly.Memory({ initial: 65537 })),
              attempt(() => new WebAssembly.Memory({ shared: true, initial: 1 })),
              // Over the interpreter's memory limit (4 MiB here): refused, not allocated.
              attempt(() => new WebAssembly.Memory({ initial: 65536 })),
            ].join()
            """)
        #expect(
            result == "TypeError,TypeError,TypeError,TypeError,RangeError,RangeError,TypeError,RangeError")
    }
}
