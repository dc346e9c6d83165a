module fixtures.local/diagnostics/releasing

go 1.19
