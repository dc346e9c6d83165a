import Foundation
import TestSupport
import Testing

/// The /proc reader the end-to-end tests use to find render processes finds real children.
@Suite struct ProcessTreeTests {
    @Test func aStartedChildIsFoundAndThenGone() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["5"]
        try process.run()
        #expect(ProcessTree.children(of: getpid()).contains(process.processIdentifier))
        #expect(ProcessTree.parent(of: process.processIdentifier) == getpid())
        #expect(ProcessTree.isRunning(process.processIdentifier))
        process.terminate()
        process.waitUntilExit()
        #expect(!ProcessTree.children(of: getpid()).contains(process.processIdentifier))
    }
}
