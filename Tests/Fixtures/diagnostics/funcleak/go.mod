module fixtures.local/diagnostics/funcleak

go 1.19
