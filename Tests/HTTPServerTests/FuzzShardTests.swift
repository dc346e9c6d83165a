// A million generated and mutated requests, in seeded shards that run in parallel and can be replayed one
// by one (`--filter FuzzShardTests`). Each connection carries seven valid requests, pipelined, then one
// generated or mutated request: the valid ones must all get complete responses, in order; whatever the last
// one is, the answer is a status line or nothing, within a bound; the server never crashes and ends with no
// connection open.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

@Suite struct FuzzShardTests {
    static let requestsPerShard = 100_000
    static let validPerConnection = 7

    static let valid: [String] = [
        "GET /echo?a=1 HTTP/1.1\r\nHost: t\r\nAccept: */*\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n",
        "HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /status/204 HTTP/1.1\r\nHost: t\r\n\r\n",
    ]

    @Test(arguments: 0..<10)
    func shard(_ index: Int) throws {
        let server = try TestServer {
            $0.headerReadTimeout = .seconds(2)
            $0.maxBodySize = 4096
        }
        defer { server.stop() }
        let seeds = Self.valid.map { Array($0.utf8) }
        let connections = Self.requestsPerShard / (Self.validPerConnection + 1)
        let workers = 4
        let failures = FuzzFailures()
        let done = DispatchGroup()
        let started = Date()
        for worker in 0..<workers {
            done.enter()
            Thread {
                defer { done.leave() }
                var random = SeededGenerator(seed: 0xF0_22_00 &+ UInt64(index) << 8 &+ UInt64(worker))
                for iteration in 0..<(connections / workers) {
                    let last = RobustnessTests.mutate(
                        seeds[iteration % seeds.count], iteration: iteration % 7, using: &random)
                    if let problem = Self.exchange(port: UInt16(server.port), lastRequest: last) {
                        failures.add("shard \(index) worker \(worker) connection \(iteration): \(problem)")
                    }
                }
            }.start()
        }
        done.wait()
        let problems = failures.list
        print("fuzz shard \(index): \(Self.requestsPerShard) requests in \(Int(Date().timeIntervalSince(started))) s")
        #expect(problems.isEmpty, "\(problems.count) failures, e.g. \(problems.prefix(5))")
        let client = try WireConnection(port: UInt16(server.port), timeout: 5)
        #expect(try client.request("/echo/alive").header("X-Path") == "/echo/alive", "still serving")
        for _ in 0..<300 where server.server.openConnectionCount > 1 { usleep(10_000) }
        #expect(server.server.openConnectionCount <= 1, "every fuzzed connection was closed")
    }

    /// Seven valid requests and `lastRequest` on one connection; nil when every answer is as it must be.
    private static func exchange(port: UInt16, lastRequest: [UInt8]) -> String? {
        do {
            let client = try WireConnection(port: port, timeout: 5)
            var batch: [UInt8] = []
            for request in valid { batch += Array(request.utf8) }
            try client.send(bytes: batch + lastRequest)
            client.shutdownWrite()
            let started = Date()
            for (position, request) in valid.enumerated() {
                let response = try client.readResponse(isHead: request.hasPrefix("HEAD"))
                let expected = request.contains("/status/204") ? 204 : 200
                guard response.status == expected else { return "valid request \(position) got \(response.status)" }
                if request.hasPrefix("POST"), response.body != Array("hello".utf8) {
                    return "valid request \(position): body \(response.body.count) bytes"
                }
            }
            let rest = try client.readToEnd()
            if Date().timeIntervalSince(started) > 4 { return "slow answer" }
            if !rest.isEmpty, !rest.starts(with: Array("HTTP/1.1 ".utf8)) {
                return "not a status line: \(String(decoding: rest.prefix(40), as: UTF8.self).debugDescription)"
            }
            return nil
        } catch {
            return "\(error) after \(String(decoding: lastRequest.prefix(60), as: UTF8.self).debugDescription)"
        }
    }
}
