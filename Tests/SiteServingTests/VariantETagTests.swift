import Compression
import SiteServing
import Testing

/// Each coding and grade has its own strong ETag: a client that cached the quick brotli bytes must not get
/// a 304 that pairs them with the final bytes' range requests, nor the other way round.
@Suite struct VariantETagTests {
    @Test func everyCodingAndGradeHasItsOwnTag() {
        let tags = ContentCoding.allCases.filter { $0 != .identity }.flatMap { coding in
            Variant.Grade.allCases.map { Variant.etag(hash: "abc", coding: coding, grade: $0) }
        }
        #expect(Set(tags).count == tags.count, "\(tags)")
        #expect(tags.allSatisfy { $0.hasPrefix("\"abc-") && $0.hasSuffix("\"") })
        #expect(Variant.etag(hash: "abc", coding: .identity, grade: .final) == "\"abc\"")
        #expect(Variant.etag(hash: "abc", coding: .br, grade: .quick) == "\"abc-br5\"")
        #expect(Variant.etag(hash: "abc", coding: .gzip, grade: .final) == "\"abc-gz\"")
    }
}
