import JavaScript
import Testing
import WebHost

/// The web platform's event loop on the virtual clock pre-rendering uses: timers run in due order at their
/// due time, microtasks drain after each task, and the loop says why it stopped.
@Suite struct EventLoopTests {
    /// A context with the browser surface of the platform on a virtual clock of `budget` milliseconds whose
    /// real part stands still: only the waits it skips move it, so what fires within a budget does not
    /// depend on the machine's load.
    private func platform(
        budget: Double, time: MonotonicClock = MonotonicClock { 1_000_000 }
    ) throws -> (JSContext, EventLoop) {
        let js = JSContext()
        let loop = EventLoop(pendingWork: nil, clock: .virtual(budgetMilliseconds: budget), time: time)
        _ = try WebPlatform.install(in: js, loop: loop, output: OutputStreams { _, _ in }, surface: .browser)
        return (js, loop)
    }

    /// Each timer fires once its due time has come (the clock jumps there; it never fires early), in due
    /// order, ties in the order they were set.
    @Test func timersRunInDueOrderAtTheirDueTimeWithMicrotasksBetween() throws {
        let (js, loop) = try platform(budget: 1000)
        try js.evaluate(
            """
            globalThis.log = [];
            const at = (name, due) => log.push(name + (performance.now() >= due ? "@due" : "@early"));
            setTimeout(() => { at("b", 20); queueMicrotask(() => log.push("b-micro")); }, 20);
            setTimeout(() => at("a", 10), 10);
            setTimeout(() => at("c", 20), 20);
            Promise.resolve().then(() => log.push("first-micro"));
            """)
        #expect(loop.run() == .idle)
        #expect(try js.evaluate("log.join(' ')").string == "first-micro a@due b@due b-micro c@due")
    }

    /// The clock is never at 0 when a script runs (a browser's has counted since navigation), runs at the
    /// real pace between jumps, and `Date` follows it: `timeOrigin + performance.now()`, so a 2 s timer moves
    /// both by the same 2 s although no real 2 s pass (WPT hr-time/basic).
    @Test func dateFollowsTheVirtualClock() throws {
        let (js, loop) = try platform(budget: 5000, time: MonotonicClock())  // the real pace between jumps
        try js.evaluate(
            """
            globalThis.start = { hrt: performance.now(), date: Date.now() };
            globalThis.later = null;
            setTimeout(() => { later = { hrt: performance.now(), date: Date.now(), made: new Date().getTime(),
              text: Date(), typed: new Date(0).getTime() }; }, 2000);
            """)
        #expect(try js.evaluate("start.hrt > 0").boolean)
        #expect(loop.run() == .idle)
        #expect(loop.clock.milliseconds < 2000, "the wait was skipped")
        let hrt = try js.evaluate("later.hrt - start.hrt").number
        let date = try js.evaluate("later.date - start.date").number
        #expect(hrt >= 2000 && abs(hrt - date) <= 2, "performance: \(hrt) ms, Date: \(date) ms")
        #expect(try js.evaluate("later.made - later.date").number >= 0)
        #expect(try js.evaluate("Math.abs(Date.parse(later.text) - later.date) < 1000").boolean)
        #expect(try js.evaluate("later.typed").number == 0)
        #expect(try js.evaluate("new Date() instanceof Date && Date.prototype.constructor === Date").boolean)
        #expect(
            try js.evaluate("Date.UTC(2000, 0) === 946684800000 && Date.length === 7 && Date.name").string == "Date")
    }

    @Test func anIntervalRunsUntilTheVirtualBudget() throws {
        let (js, loop) = try platform(budget: 100)
        try js.evaluate("globalThis.ticks = 0; setInterval(() => ticks++, 30);")
        #expect(loop.run() == .virtualTimeBudget)
        #expect(try js.evaluate("ticks").number == 3)
    }

    @Test func theBrowserSurfaceHasNoSetImmediateAndNumberedTimers() throws {
        let (js, _) = try platform(budget: 10)
        #expect(try js.evaluate("typeof setImmediate").string == "undefined")
        #expect(try js.evaluate("typeof setTimeout(() => {}, 1)").string == "number")
    }

    /// In a browser a handler that is not a function is code, converted when scheduled and run when due.
    @Test func aStringHandlerRunsAsGlobalCodeWhenDue() throws {
        let (js, loop) = try platform(budget: 100)
        try js.evaluate(
            """
            globalThis.ran = [];
            setTimeout("ran.push(performance.now())", 10);
            setTimeout({ toString() { return "ran.push('object')"; } }, 20);
            """)
        #expect(loop.run() == .idle)
        #expect(try js.evaluate("ran.length === 2 && ran[0] >= 10 && ran[1]").string == "object")
    }

    @Test func textDecoderIsFatalOnlyWhenAsked() throws {
        let (js, _) = try platform(budget: 10)
        #expect(try js.evaluate("new TextDecoder().decode(new Uint8Array([0x68, 0xff, 0x69]))").string == "h\u{FFFD}i")
        #expect(
            try js.evaluate(
                """
                try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])); "decoded" } catch (e) { e.name }
                """
            ).string == "TypeError")
    }
}

/// structuredClone with a transfer list and TextEncoder.encodeInto's destination, as the HTML and Encoding
/// standards define them.
@Suite struct CloneAndEncodeTests {
    private func evaluate(_ source: String) throws -> String? {
        let js = JSContext()
        let loop = EventLoop(pendingWork: nil, clock: .virtual(budgetMilliseconds: 10))
        _ = try WebPlatform.install(in: js, loop: loop, output: OutputStreams { _, _ in }, surface: .browser)
        return try js.evaluate(source).string
    }

    @Test func aTransferMovesTheBytesAndDetachesTheSendersBuffer() throws {
        let result = try evaluate(
            """
            const buffer = new ArrayBuffer(8);
            const view = new Uint8Array(buffer, 2, 4);
            view[0] = 7;
            const copy = structuredClone({ view, buffer }, { transfer: [buffer] });
            [buffer.byteLength, view.length, copy.buffer.byteLength, copy.view.buffer === copy.buffer,
             copy.view.byteOffset, copy.view.length, copy.view[0]].join()
            """)
        #expect(result == "0,0,8,true,2,4,7")
    }

    @Test func aFailedCloneLeavesTheTransferListAttached() throws {
        let result = try evaluate(
            """
            const buffer = new ArrayBuffer(8);
            let name; try { structuredClone({ buffer, f() {} }, { transfer: [buffer] }); } catch (e) { name = e.name; }
            let duplicate; try { structuredClone(1, { transfer: [buffer, buffer] }); } catch (e) { duplicate = e.name; }
            [name, duplicate, buffer.byteLength].join()
            """)
        #expect(result == "DataCloneError,DataCloneError,8")
    }

    @Test func encodeIntoTakesOnlyAUint8Array() throws {
        let result = try evaluate(
            """
            const encoder = new TextEncoder();
            const attempt = (destination) => { try { return JSON.stringify(encoder.encodeInto("h\\u00e9", destination)); } catch (e) { return e.name; } };
            const detached = new Uint8Array(new ArrayBuffer(4));
            structuredClone(detached.buffer, { transfer: [detached.buffer] });
            [attempt(new Uint8Array(2)), attempt(new Int8Array(4)), attempt(new ArrayBuffer(4)),
             attempt({ length: 4, set() {} }), attempt(detached)].join(" ")
            """)
        #expect(result == #"{"read":1,"written":1} TypeError TypeError TypeError {"read":0,"written":0}"#)
    }
}
