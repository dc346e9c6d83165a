module example.test/prerenderfaulty

go 1.19
