import DistLayout
import Testing

@Suite struct HTTPDateTests {
    @Test func anIMFFixdateRoundTripsAndNothingElseParses() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("garbage") == nil)
    }

    /// The one formatter also writes HTTPServer's `Date` field: what it writes parses back to the same second.
    @Test func optionalWhitespaceAroundTheValueIsNotPartOfIt() {
        #expect(HTTPDate.parse(" \tSun, 06 Nov 1994 08:49:37 GMT\t ") == 784_111_777)
        #expect(HTTPDate.parse("Sun,\t06 Nov 1994 08:49:37 GMT") == nil, "fields are separated by SP alone")
        for seconds: Int64 in [0, 951_782_400, 1_732_838_400, 4_102_444_799] {
            #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds, "\(seconds)")
        }
    }
}
