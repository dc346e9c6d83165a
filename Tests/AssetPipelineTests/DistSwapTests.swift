// Replacing OUT with a new build while something reads it (a running `serve` or `dev`): at every moment OUT
// is the old dist or the new one, never missing.
import AssetPipeline
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite struct DistSwapTests {
    @Test func outIsNeverAbsentWhileItIsReplaced() throws {
        let base = try Paths.temporaryDirectory("swap")
        defer { try? FileManager.default.removeItem(at: base) }
        let output = base.appendingPathComponent("dist")
        let swap = DistSwap(output: output)
        func build(_ generation: Int) throws -> URL {
            let staging = try swap.makeStaging()
            try Data("{\"files\": {}}".utf8).write(to: staging.appendingPathComponent("manifest.json"))
            try Data("generation \(generation)".utf8).write(to: staging.appendingPathComponent("index.html"))
            return staging
        }
        try swap.install(try build(0))

        // An observer that checks, as fast as it can, that OUT/index.html is there.
        let stop = Atomic<Bool>(false)
        let misses = Atomic<Int>(0)
        let checks = Atomic<Int>(0)
        let index = output.appendingPathComponent("index.html").path
        let observer = Thread {
            while !stop.load(ordering: .relaxed) {
                if access(index, F_OK) != 0 { misses.add(1, ordering: .relaxed) }
                checks.add(1, ordering: .relaxed)
            }
        }
        observer.start()
        for generation in 1...300 { try swap.install(try build(generation)) }
        stop.store(true, ordering: .relaxed)
        usleep(10_000)
        #expect(checks.load(ordering: .relaxed) > 1000, "the observer ran")
        #expect(misses.load(ordering: .relaxed) == 0, "OUT was missing \(misses.load(ordering: .relaxed)) times")
        #expect(try String(contentsOfFile: index, encoding: .utf8) == "generation 300")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0 != "dist" }
        #expect(leftovers.isEmpty, "staging and retired builds are removed: \(leftovers)")
    }
}
