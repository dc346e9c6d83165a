import ArgumentParser
import Diagnostics

/// The diagnosis's thresholds a command line may move (`run`, `prerender`): one definition each, so both
/// commands say and default the same. Each command checks them in its own way of reporting a bad flag.
struct DiagnosisThresholdOptions: ParsableArguments {
    @Option(
        name: .customLong("frozen-ms"),
        help: ArgumentHelp(
            "With --diagnose: CPU time Go may run without returning to the event loop before it is a frozen loop.",
            valueName: "ms"))
    var frozenMilliseconds: Double = DiagnosisThresholds().frozenMilliseconds
}
