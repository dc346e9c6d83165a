import CJavaScriptCore
import Glibc

/// JavaScriptCore settings for the programs this product hosts, applied once before the first context is
/// created (JavaScriptCore reads its options when its first VM starts). A `JSC_<option>` environment
/// variable the user set still wins.
enum EngineTuning {
    /// Go compiles a program into a few thousand large wasm functions. JavaScriptCore's optimising wasm tier
    /// (OMG) by default recompiles a function after 50,000 ticks of warm-up; for Go that compilation costs
    /// more CPU than short and medium runs ever win back. Deferred 100×, only long hot loops reach it; it
    /// cost the same or less CPU in every program tried (docs/benchmarks.md, "Engine tuning").
    static let applied: Void = {
        let deferred: [(String, Int32)] = [
            ("thresholdForOMGOptimizeAfterWarmUp", 5_000_000),
            ("thresholdForOMGOptimizeSoon", 50_000),
        ]
        for (option, value) in deferred where getenv("JSC_" + option) == nil {
            _ = jsc_options_set_int(option, value)
        }
        if getenv("JSC_" + topTier.option) == nil {
            _ = jsc_options_set_boolean(topTier.option, topTier.enabled ? 1 : 0)
        }
        if getenv("JSC_" + sharedMemory.option) == nil {
            _ = jsc_options_set_boolean(sharedMemory.option, sharedMemory.enabled ? 1 : 0)
        }
        if getenv("JSC_" + edenBudget.option) == nil {
            _ = jsc_options_set_uint(edenBudget.option, guint(edenBudget.bytes))
        }
    }()

    /// JavaScript's top tier (FTL) is off; the optimising DFG tier below it stays. The JavaScript these
    /// programs run is the glue and the host's polyfills, called at every crossing: FTL's compilations of
    /// it cost more CPU than they won back, even in long runs (docs/benchmarks.md, "Engine tuning").
    static let topTier = (option: "useFTLJIT", enabled: false)

    /// `SharedArrayBuffer` and shared WebAssembly memories, which JavaScriptCore leaves off unless its
    /// embedder turns them on: node (what `run` stands in for) has them. A pre-rendered page drops the
    /// global, as a browser does for a page that is not cross-origin isolated (dom.js).
    static let sharedMemory = (option: "useSharedArrayBuffer", enabled: true)

    /// A collection after every 4 MiB allocated, instead of JavaScriptCore's own budget, which grows with
    /// the heap (to about 11 MiB a cycle in the 1M `js.Value` calls benchmark, where the glue makes a few
    /// short-lived objects per call). Most of that garbage stayed resident until the next collection. The
    /// option replaces only the trigger: which collections are full (and so the old generation's
    /// growth) stays JavaScriptCore's decision. It lowers peak RSS at no CPU cost (docs/benchmarks.md,
    /// "Engine tuning").
    /// (A size option, set as an unsigned int: 2.50's `jsc_options_set_size` stores nothing for it.)
    static let edenBudget = (option: "gcMaxHeapSize", bytes: 4 << 20)
}
