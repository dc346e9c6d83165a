import RenderWire
import Testing

/// The sandbox as the parent writes it on the child's command line and the child reads it back.
@Suite struct ChildSandboxTests {
    @Test func theArgumentRoundTripsAndAnythingElseIsRefused() throws {
        var sandbox = ChildSandbox(parent: 4242)
        sandbox.openFiles = 32
        #expect(try ChildSandbox(argument: sandbox.argument) == sandbox)
        #expect(!sandbox.argument.contains("\n"), "one command-line argument")
        #expect(throws: ChildSandbox.Failure.self) { try ChildSandbox(argument: "--help") }
        #expect(throws: ChildSandbox.Failure.self) { try ChildSandbox(argument: "{\"openFiles\":64}") }  // no parent
    }
}
