module example.test/prerendernetwork

go 1.19
