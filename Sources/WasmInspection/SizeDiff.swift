/// What grew or shrank between two builds, per package or region, raw and compressed.
public struct SizeDiff: Encodable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case added, removed, changed }

    public struct Change: Encodable, Sendable, Equatable {
        public var name: String
        public var kind: SizeBreakdown.Kind
        public var status: Status
        public var oldSize: Int
        public var newSize: Int
        public var oldCompressed: Int
        public var newCompressed: Int
        public var delta: Int { newSize - oldSize }
        public var compressedDelta: Int { newCompressed - oldCompressed }

        enum CodingKeys: String, CodingKey {
            case name, kind, status, oldSize, newSize, oldCompressed, newCompressed, delta, compressedDelta
        }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(status, forKey: .status)
            try container.encode(oldSize, forKey: .oldSize)
            try container.encode(newSize, forKey: .newSize)
            try container.encode(oldCompressed, forKey: .oldCompressed)
            try container.encode(newCompressed, forKey: .newCompressed)
            try container.encode(delta, forKey: .delta)
            try container.encode(compressedDelta, forKey: .compressedDelta)
        }
    }

    public var oldSize: Int
    public var newSize: Int
    public var oldCompressed: Int
    public var newCompressed: Int
    /// Entries whose raw or compressed size changed, largest raw change (either way) first.
    public var changes: [Change]

    public init(old: SizeBreakdown, new: SizeBreakdown) {
        oldSize = old.fileSize
        newSize = new.fileSize
        oldCompressed = old.compressedSize
        newCompressed = new.compressedSize
        let before = Dictionary(old.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [Change] = []
        for name in Set(before.keys).union(after.keys) {
            let was = before[name], now = after[name]
            let status: Status = was == nil ? .added : now == nil ? .removed : .changed
            let change = Change(
                name: name, kind: (now ?? was)?.kind ?? .unattributed, status: status,
                oldSize: was?.size ?? 0, newSize: now?.size ?? 0,
                oldCompressed: was?.compressed ?? 0, newCompressed: now?.compressed ?? 0)
            if change.delta != 0 || change.compressedDelta != 0 || status != .changed { changes.append(change) }
        }
        changes.sort {
            (abs($0.delta), abs($0.compressedDelta), $1.name) > (abs($1.delta), abs($1.compressedDelta), $0.name)
        }
        self.changes = changes
    }

    /// The compressed size's change as a fraction of the old one (0 when the old one is 0).
    public var compressedFraction: Double {
        oldCompressed > 0 ? Double(newCompressed - oldCompressed) / Double(oldCompressed) : 0
    }

    /// The package (or region) whose compressed share grew most, if any grew.
    public var topGrowth: Change? {
        changes.filter { $0.compressedDelta > 0 }.max { ($0.compressedDelta, $1.name) < ($1.compressedDelta, $0.name) }
    }

    /// The dev server's one line after a rebuild, or nil when the compressed size moved by 1% or less:
    /// `main.wasm: 2.31 → 2.48 MB br (+7%), top growth: encoding/json +61 KB`.
    public func devLine(file: String, threshold: Double = 0.01) -> String? {
        guard abs(compressedFraction) > threshold else { return nil }
        let percent = Int((compressedFraction * 100).rounded())
        var line =
            "\(file): \(SizeText.megabytes(oldCompressed)) → \(SizeText.megabytes(newCompressed)) MB br (\(percent >= 0 ? "+" : "")\(percent)%)"
        if let top = topGrowth {
            line += ", top growth: \(Sanitized.text(top.name)) +\(SizeText.kilobytes(top.compressedDelta))"
        }
        return line
    }
}
