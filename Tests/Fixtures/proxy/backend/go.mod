module proxybackend

go 1.19
