module example.test/prerendernewbody

go 1.19
