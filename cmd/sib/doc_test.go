package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestDocCommands checks that the package documentation in doc.go lists
// every command of the command table, in its order and with its summary, as
// "sib --help" prints them.
func TestDocCommands(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if f.Doc == nil {
		t.Fatal("doc.go: no package documentation")
	}
	doc := f.Doc.Text()
	_, after, ok := strings.Cut(doc, "\nCommands:\n\n")
	if !ok {
		t.Fatalf("doc.go: no \"Commands:\" section in\n%s", doc)
	}
	block, _, _ := strings.Cut(after, "\n\n")
	var got []string
	for _, line := range strings.Split(block, "\n") {
		got = append(got, strings.TrimPrefix(line, "\t"))
	}
	var want []string
	for _, c := range commands() {
		want = append(want, fmt.Sprintf("%-10s %s", c.name, c.summary))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("doc.go's command list is out of step with commands() in main.go:\ngot\n\t%s\nwant\n\t%s",
			strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
