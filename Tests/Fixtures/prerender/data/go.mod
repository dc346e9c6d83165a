module example.test/prerenderdata

go 1.19
