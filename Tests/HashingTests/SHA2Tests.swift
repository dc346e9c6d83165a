import Hashing
import Testing

/// FIPS 180-4's published vectors, so a wrong algorithm, length or byte order fails.
@Suite struct SHA2Tests {
    @Test func abcMatchesThePublishedDigests() {
        let abc = Array("abc".utf8)
        #expect(SHA2.sha256.hash(abc).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA2.sha384.hash(abc).hexString
                == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(
            SHA2.sha512.hash(abc).hexString
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f")
    }

    @Test func emptyInputAndNonContiguousSequencesHash() {
        #expect(
            SHA2.sha256.hash([UInt8]()).hexString
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // A lazy sequence has no contiguous storage: the copy path must give the same digest.
        let lazy = "abc".utf8.lazy.map { $0 }
        #expect(SHA2.sha256.hash(lazy) == SHA2.sha256.hash(Array("abc".utf8)))
    }
}
