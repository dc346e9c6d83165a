import Foundation
import RenderChildSide
import RenderWire
import Testing

/// What the child computes before it lowers its limits (applying them here would sandbox the test runner;
/// `PrerenderTests`' ServeSandboxTests applies them in real render children).
@Suite struct ChildSandboxApplyTests {
    @Test func theUsersTasksIncludeThisProcesssThreads() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let threadsLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("Threads:") })
        let ownThreads = try #require(UInt64(threadsLine.split(whereSeparator: \.isWhitespace).last ?? "", radix: 10))
        #expect(ChildSandbox.tasksOfCurrentUser() >= ownThreads)
    }

    @Test func eachLimitIsTheSandboxsValueAndTasksAreCountedFromTheUsers() {
        var sandbox = ChildSandbox(parent: 4242)
        sandbox.openFiles = 32
        sandbox.extraTasks = 8
        let limits = Dictionary(
            uniqueKeysWithValues: sandbox.limits(userTasks: 100).map { ($0.name, $0.value) })
        #expect(limits == ["RLIMIT_FSIZE": 0, "RLIMIT_NOFILE": 32, "RLIMIT_NPROC": 108, "RLIMIT_CORE": 0])
    }
}
