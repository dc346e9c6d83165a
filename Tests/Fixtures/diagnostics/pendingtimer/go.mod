module fixtures.local/diagnostics/pendingtimer

go 1.19
