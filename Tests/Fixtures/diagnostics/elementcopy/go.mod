module fixtures.local/diagnostics/elementcopy

go 1.19
