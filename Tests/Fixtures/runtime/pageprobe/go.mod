module fixtures.local/runtime/pageprobe

go 1.19
