module doall-go-peer

go 1.19
