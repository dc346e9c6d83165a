import Foundation
import RenderProcess
import TestSupport
import Testing

/// Real child processes (`/bin/sh` and coreutils) under each bound of `BoundedChild`.
@Suite struct BoundedChildTests {
    private func run(
        _ script: String, deadline: Duration = .seconds(10), memoryBudget: Int? = nil, maxOutput: Int = 1 << 20
    ) throws -> BoundedChild.Outcome {
        try BoundedChild(
            executable: "/bin/sh", arguments: ["-c", script], deadline: deadline, memoryBudget: memoryBudget,
            maxOutput: maxOutput
        ).run()
    }

    /// Whether no live process is left in the process group `group` (the child's own), given a moment for
    /// the kill to land.
    private func processGroupIsEmpty(_ group: pid_t) -> Bool {
        for _ in 0..<100 where !ProcessTree.liveMembers(ofGroup: group).isEmpty { usleep(10_000) }
        return ProcessTree.liveMembers(ofGroup: group).isEmpty
    }

    @Test func anExitCodeAndEachDescriptorAreKeptApart() throws {
        let outcome = try run("echo page; echo log >&2; echo '{\"report\":1}' >&3; exit 3")
        #expect(outcome.ending == .exited(3))
        #expect(outcome.stdout == Array("page\n".utf8))
        #expect(outcome.stderr == Array("log\n".utf8))
        #expect(outcome.report == Array("{\"report\":1}\n".utf8))
    }

    @Test func theChildStartsWithAnEmptyEnvironmentAndNoInheritedDescriptors() throws {
        setenv("GOWASM_SERVE_SECRET", "must not leak", 1)
        defer { unsetenv("GOWASM_SERVE_SECRET") }
        // env itself, not through a shell (which sets PWD of its own).
        let environment = try BoundedChild(
            executable: "/usr/bin/env", arguments: [], deadline: .seconds(10), memoryBudget: nil, maxOutput: 1 << 20
        ).run()
        #expect(environment.ending == .exited(0))
        #expect(environment.stdout.isEmpty, "\(String(decoding: environment.stdout, as: UTF8.self))")
        let outcome = try run("/bin/ls /proc/self/fd")
        // 0-3, and the descriptor `ls` opens to read the directory.
        let descriptors = String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n")
        #expect(descriptors.count <= 5, "\(descriptors)")
    }

    @Test func aChildStillRunningAtTheDeadlineIsKilledWithWhatItStarted() throws {
        let started = Date()
        let outcome = try run("/bin/sleep 30 & /bin/sleep 30", deadline: .milliseconds(300))
        #expect(outcome.ending == .killedAtDeadline)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(processGroupIsEmpty(outcome.pid), "the background sleep went with its group")
    }

    @Test func aChildPastItsResidentMemoryBudgetIsKilled() throws {
        // A 200 MB shell variable: resident, unlike an address-space reservation.
        let outcome = try run(
            "x=$(/usr/bin/head -c 200000000 /dev/zero | /usr/bin/tr '\\0' a); /bin/sleep 5", memoryBudget: 64 << 20)
        #expect(outcome.ending == .killedForMemory)
        #expect(processGroupIsEmpty(outcome.pid))
    }

    @Test func aSmallChildUnderTheMemoryBudgetRunsToItsEnd() throws {
        let outcome = try run("echo fine", memoryBudget: 64 << 20)
        #expect(outcome.ending == .exited(0))
        #expect(outcome.stdout == Array("fine\n".utf8))
    }

    @Test func aChildWritingWithoutEndIsKilledAtTheOutputBound() throws {
        let outcome = try run("/usr/bin/yes", maxOutput: 1 << 20)
        #expect(outcome.ending == .killedForOutput)
        #expect(processGroupIsEmpty(outcome.pid))
    }

    @Test func aSignalIsReportedAsOne() throws {
        let outcome = try run("kill -SEGV $$")
        #expect(outcome.ending == .signaled(SIGSEGV))
    }

    @Test func aMissingExecutableIsASpawnFailure() {
        #expect(throws: BoundedChild.SpawnFailed.self) {
            try BoundedChild(
                executable: "/nonexistent/render", arguments: [], deadline: .seconds(1), memoryBudget: nil, maxOutput: 1
            ).run()
        }
    }
}
