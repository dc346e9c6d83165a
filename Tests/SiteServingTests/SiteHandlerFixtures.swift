import Foundation
import SiteServing
import TestSupport

/// A handler over a fresh `DistFixture`, without background precompression.
func makeHandler(_ configure: (inout SiteHandler.Options) -> Void = { _ in }) throws -> (
    SiteHandler, DistFixture
) {
    let fixture = try DistFixture()
    var options = SiteHandler.Options()
    options.precompressAtStart = false
    configure(&options)
    return (try SiteHandler(directory: fixture.root.path, options: options), fixture)
}

func removeFixture(_ fixture: DistFixture) {
    try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
}
