module example.test/prerenderworkers

go 1.19
