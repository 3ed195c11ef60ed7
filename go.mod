module github.com/sib-engine/sib

go 1.24.0

require (
	github.com/shopspring/decimal v1.6.0
	github.com/spf13/pflag v1.1.0
	github.com/stretchr/testify v1.12.1
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)
