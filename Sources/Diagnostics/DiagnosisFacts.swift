/// What `diagnose.js` observed of one Go instance, as it hands it over (JSON). Stacks are keys made by the
/// host's stack walker ("pc,pc,..."), symbolised later. Counts are exact unless named sampled.
struct DiagnosisFacts: Decodable {
    struct ImportStat: Decodable {
        let count: Int
        let ms: Double
    }
    struct FuncSite: Decodable {
        let created: Int
        /// Seen through the release probe (GoReleaseProbe); 0 when `releasesSeen` is false.
        var released: Int { releasedIfSent ?? 0 }
        let finalized: Int
        let calledAfterRelease: Int
        let calls: Int
        /// Absent from a layer older than the release probe (a page still running a cached diagnose.js).
        private let releasedIfSent: Int?

        enum CodingKeys: String, CodingKey {
            case created, finalized, calledAfterRelease, calls
            case releasedIfSent = "released"
        }
    }
    struct Growth: Decodable {
        let bytes: Int
        let total: Int
        let site: String
    }
    struct Memory: Decodable {
        let initial: Int
        let peak: Int
        let growths: [Growth]
    }
    struct Copy: Decodable {
        let `import`: String
        let site: String
        let kind: String?
        let runs: Int
        let elements: Int
        let longest: Int
    }
    struct Turns: Decodable {
        let count: Int
        let longestMs: Double
        let longestSite: String
        let longestLastImport: String
        let frozen: Int
    }
    struct Exit: Decodable {
        let code: Int
        /// The creation site of the js.Func whose callback was running, when the exit happened inside one.
        let inCallback: String?
        let liveFuncs: Int
        let liveSites: [String: Int]
        let pendingTimeouts: Int
        let site: String
    }

    let goModule: String
    /// Whether the module ran with the release probe in (it has `js.Func.Release` and a line table).
    var releasesSeen: Bool { releasesSeenIfSent ?? false }
    private let releasesSeenIfSent: Bool?
    let sampleEvery: Int
    let frozenMs: Double
    let copyRun: Int
    let crossings: Int
    let imports: [String: ImportStat]
    /// "import stackKey" → samples (one every `sampleEvery` crossings).
    let sites: [String: Int]
    let funcs: [String: FuncSite]
    let memory: Memory
    let copies: [String: Copy]
    let turns: Turns
    let exit: Exit?

    enum CodingKeys: String, CodingKey {
        case goModule, sampleEvery, frozenMs, copyRun, crossings, imports, sites, funcs, memory, copies, turns, exit
        case releasesSeenIfSent = "releasesSeen"
    }
}
