import Glibc

/// One address of one network interface of this machine.
public struct InterfaceAddress: Sendable, Hashable {
    public var interface: String
    /// Numeric, IPv6 without brackets or zone.
    public var host: String
    public var isIPv6: Bool
    public var isLoopback: Bool

    public init(interface: String, host: String, isIPv6: Bool, isLoopback: Bool) {
        self.interface = interface
        self.host = host
        self.isIPv6 = isIPv6
        self.isLoopback = isLoopback
    }
}

/// The machine's interface addresses: the one seam over getifaddrs(3).
public enum NetworkInterfaces {
    /// Up interfaces' IPv4 and IPv6 addresses, in the kernel's order. Empty when the list cannot be read.
    public static func current() -> [InterfaceAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var addresses: [InterfaceAddress] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = Int32(bitPattern: entry.pointee.ifa_flags)
            guard let address = entry.pointee.ifa_addr, flags & Int32(IFF_UP) != 0 else { continue }
            let family = Int32(address.pointee.sa_family)  // gowasm: allow-trap: sa_family_t (UInt16) widened
            guard family == AF_INET || family == AF_INET6 else { continue }
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)  // gowasm: allow-trap: MemoryLayout sizes of our own types
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let hostLength = socklen_t(host.count)  // gowasm: allow-trap: our own 1025-byte buffer
            guard getnameinfo(address, length, &host, hostLength, nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let numeric = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            addresses.append(
                InterfaceAddress(
                    interface: String(cString: entry.pointee.ifa_name),
                    host: String(numeric.prefix { $0 != "%" }),  // drop a link-local zone
                    isIPv6: family == AF_INET6,
                    isLoopback: flags & Int32(IFF_LOOPBACK) != 0))
        }
        return addresses
    }
}

extension BoundAddress {
    /// Whether the socket listens on every interface (0.0.0.0 or ::).
    public var isWildcard: Bool { host == "0.0.0.0" || host == "::" }

    /// URLs a browser can reach this server at, beyond `url`: for a wildcard listener, localhost and each
    /// non-loopback address of the family it accepts (`::` takes IPv4 too, as Linux dual-stacks it).
    /// IPv6 link-local addresses are left out: a browser needs their zone, which URLs cannot carry portably.
    public func reachableURLs(interfaces: [InterfaceAddress]) -> [String] {
        guard isWildcard else { return [] }
        var urls = [BoundAddress(host: "localhost", port: port, scheme: scheme).url]
        for address in interfaces where !address.isLoopback {
            if address.isIPv6 && (host == "0.0.0.0" || address.host.lowercased().hasPrefix("fe80:")) { continue }
            let url = BoundAddress(host: address.host, port: port, scheme: scheme).url
            if !urls.contains(url) { urls.append(url) }
        }
        return urls
    }
}
