module fixtures.local/diagnostics/boundary

go 1.19
