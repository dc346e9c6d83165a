module fixtures.local/uitests

go 1.19
