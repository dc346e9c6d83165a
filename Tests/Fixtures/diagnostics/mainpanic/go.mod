module fixtures.local/diagnostics/mainpanic

go 1.19
