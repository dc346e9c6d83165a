module fixtures.local/runtime/cpubound

go 1.19
