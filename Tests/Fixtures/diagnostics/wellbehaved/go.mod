module fixtures.local/diagnostics/wellbehaved

go 1.19
