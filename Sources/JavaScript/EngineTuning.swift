import CJavaScriptCore
import Glibc

/// JavaScriptCore settings for the programs this product hosts, applied once before the first context is
/// created (JavaScriptCore reads its options when its first VM starts). A `JSC_<option>` environment
/// variable the user set still wins.
enum EngineTuning {
    /// Go compiles a program into a few thousand large wasm functions. JavaScriptCore's optimising wasm tier
    /// (OMG) by default recompiles a function after 50,000 ticks of warm-up; for Go that compilation costs
    /// more CPU than short and medium runs ever win back. Deferred 100×, only long hot loops reach it
    /// (measured 2026-11-30, `--engine jit`, CPU s, default → deferred, node for reference: the CPU-bound
    /// benchmark 1.55 → 0.78 (node 1.25), `sort` tests 0.60 → 0.32 (0.63), a 2.5 s hashing loop
    /// 2.55 → 2.55 (2.42); the same or better everywhere tried).
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
        if getenv("JSC_" + edenBudget.option) == nil {
            _ = jsc_options_set_uint(edenBudget.option, guint(edenBudget.bytes))
        }
    }()

    /// JavaScript's top tier (FTL) is off; the optimising DFG tier below it stays. The JavaScript these
    /// programs run is the glue and the host's polyfills, called at every crossing: FTL's compilations of
    /// it cost more CPU than they won back, even in long runs (measured 2026-11-30, `--engine jit`, CPU s,
    /// with FTL -> without, node for reference: 1M `js.Value` calls 0.61-0.64 -> 0.54-0.59 (node 0.54),
    /// 4M calls 1.76-1.78 -> 1.58-1.75 (node 1.78-1.79); hello world 0.11 -> 0.11; the CPU-bound
    /// benchmark, whose time is in wasm, 0.90-0.95 -> 0.91-1.05, within this loaded machine's noise).
    static let topTier = (option: "useFTLJIT", enabled: false)

    /// A collection after every 4 MiB allocated, instead of JavaScriptCore's own budget, which grows with
    /// the heap (to about 11 MiB a cycle in the 1M `js.Value` calls benchmark, where the glue makes a few
    /// short-lived objects per call). Most of that garbage stayed resident until the next collection. The
    /// option replaces only the trigger: which collections are full (and so the old generation's
    /// growth) stays JavaScriptCore's decision. Measured 2026-11-30, peak RSS, median of 3: the calls
    /// benchmark 94.6 -> 87.1 MiB (interpreter) and 117.7 -> 99.3 MiB (jit), CPU unchanged (1.76 -> 1.82 s,
    /// 0.62 -> 0.57 s, within run-to-run noise); 8 MiB gave 91.7 and 105.5 MiB.
    /// (A size option, set as an unsigned int: 2.50's `jsc_options_set_size` stores nothing for it.)
    static let edenBudget = (option: "gcMaxHeapSize", bytes: 4 << 20)
}
