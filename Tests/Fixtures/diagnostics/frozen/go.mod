module fixtures.local/diagnostics/frozen

go 1.19
