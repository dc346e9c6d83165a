module example.test/prerendernoscripts

go 1.19
