import DeployCheck
import Foundation
import TestSupport
import Testing

/// docs/deploying.md's rule table names exactly the rules `check` has: a new rule without a line there, or a
/// line for a rule that no longer exists, fails.
@Suite struct CheckRuleTableTests {
    @Test func theDocumentedTableListsEveryRuleOnce() throws {
        let text = try String(
            contentsOf: Paths.repository.appendingPathComponent("docs/deploying.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("| `wasm-content-type`") }, "no rule table")
        var documented: [String] = []
        for line in lines[start...] {
            guard line.hasPrefix("|") else { break }
            let firstColumn = line.split(separator: "|").first ?? ""
            documented += firstColumn.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map {
                String($0.element)
            }
        }
        #expect(documented.count == Set(documented).count, "a rule is listed twice: \(documented)")
        #expect(Set(documented) == Set(CheckRule.allCases.map(\.rawValue)))
    }
}
