import JavaScript
import Testing
import WebHost

/// The web platform's event loop on the virtual clock pre-rendering uses: timers run in due order at their
/// due time, microtasks drain after each task, and the loop says why it stopped.
@Suite struct EventLoopTests {
    /// A context with the browser surface of the platform on a virtual clock of `budget` milliseconds.
    private func platform(budget: Double) throws -> (JSContext, EventLoop) {
        let js = JSContext()
        let loop = EventLoop(pendingWork: nil, clock: .virtual(budgetMilliseconds: budget))
        _ = try WebPlatform.install(in: js, loop: loop, output: OutputStreams { _, _ in }, surface: .browser)
        return (js, loop)
    }

    @Test func timersRunInDueOrderAtTheirDueTimeWithMicrotasksBetween() throws {
        let (js, loop) = try platform(budget: 1000)
        try js.evaluate(
            """
            globalThis.log = [];
            setTimeout(() => { log.push("b@" + performance.now()); queueMicrotask(() => log.push("b-micro")); }, 20);
            setTimeout(() => log.push("a@" + performance.now()), 10);
            setTimeout(() => log.push("c@" + performance.now()), 20);
            Promise.resolve().then(() => log.push("first-micro"));
            """)
        #expect(loop.run() == .idle)
        #expect(try js.evaluate("log.join(' ')").string == "first-micro a@10 b@20 b-micro c@20")
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
        #expect(try js.evaluate("ran.join(' ')").string == "10 object")
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
