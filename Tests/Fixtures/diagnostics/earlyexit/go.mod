module fixtures.local/diagnostics/earlyexit

go 1.19
