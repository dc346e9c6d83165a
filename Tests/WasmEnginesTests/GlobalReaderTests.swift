import JavaScript
import Testing
import WasmEngines

/// Exported functions that only return a global (Go's `getsp`) are answered without entering the
/// interpreter; they must still return the global's live value, and only such functions may be answered so.
@Suite struct GlobalReaderTests {
    @Test(arguments: WasmEngine.allCases)
    func readersReturnTheLiveGlobal(engine: WasmEngine) throws {
        let js = JSContext()
        let host = try WebAssemblyHost(engine: engine, in: js)
        // (global $g (mut i32) (i32.const 7))
        // getsp: global.get 0 · setsp: local.get 0, global.set 0 · plusone: global.get 0 + 1 (not a reader)
        // ret: global.get 0, return, unreachable (Go's `Get SP; Return`) · none: no body but end-of-function
        let result = try js.evaluate(
            """
            const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
              0x01, 0x09, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00,
              0x03, 0x05, 0x04, 0x00, 0x01, 0x00, 0x00,
              0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x07, 0x0b,
              0x07, 0x21, 0x04,
                0x05, 0x67, 0x65, 0x74, 0x73, 0x70, 0x00, 0x00,
                0x05, 0x73, 0x65, 0x74, 0x73, 0x70, 0x00, 0x01,
                0x07, 0x70, 0x6c, 0x75, 0x73, 0x6f, 0x6e, 0x65, 0x00, 0x02,
                0x03, 0x72, 0x65, 0x74, 0x00, 0x03,
              0x0a, 0x1c, 0x04,
                0x04, 0x00, 0x23, 0x00, 0x0b,
                0x06, 0x00, 0x20, 0x00, 0x24, 0x00, 0x0b,
                0x07, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x0b,
                0x06, 0x00, 0x23, 0x00, 0x0f, 0x00, 0x0b]);
            const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
            const first = [e.getsp(), e.ret(), e.plusone()];
            e.setsp(-42);
            [...first, e.getsp(), e.ret(), e.plusone(), Object.keys(e).sort().join("/")].join()
            """)
        #expect(result.string == "7,7,8,-42,-42,-41,getsp/plusone/ret/setsp")
        #expect(host.lastFault == nil)
    }
}
