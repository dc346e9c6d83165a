module example.test/prerenderinjected

go 1.19
