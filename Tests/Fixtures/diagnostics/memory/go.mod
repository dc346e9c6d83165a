module fixtures.local/diagnostics/memory

go 1.19
