module fixtures.local/diagnostics/releasedcall

go 1.19
