module fixtures.local/runtime/faults

go 1.19
