module example.test/domapp

go 1.19
