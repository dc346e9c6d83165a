import JavaScript
import Testing
import WasmEngines

/// `WebAssembly.Memory#buffer` on the interpreter: one ArrayBuffer while the size holds (JavaScript caches
/// it), a new one of the new size after the memory grows from inside wasm.
@Suite struct InterpreterMemoryTests {
    @Test func bufferIsStableUntilTheMemoryGrows() throws {
        let js = JSContext()
        let host = try WebAssemblyHost(engine: .interpreter, in: js)
        // (module (memory (export "mem") 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
        let result = try js.evaluate(
            """
            const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
              0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
              0x07, 0x0e, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00,
              0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b]);
            const { mem, grow } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
            const before = mem.buffer;
            new Uint8Array(before)[7] = 42;
            const stable = before === mem.buffer;
            const oldPages = grow(2);
            const after = mem.buffer;
            [stable, oldPages, before.byteLength, after.byteLength, after === mem.buffer, after !== before,
             new Uint8Array(after)[7]].join()
            """)
        #expect(result.string == "true,1,65536,196608,true,true,42")
        #expect(host.lastFault == nil)
    }
}
