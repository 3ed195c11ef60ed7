package errprefix

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTrim(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"costing: no pools", "no pools"},
		{"sib: costing: no pools", "costing: no pools"}, // one prefix only
		{"invalid number: sib: x", "invalid number: sib: x"},
		{"report: no table", "report: no table"}, // not a listed package
		{"sibling: x", "sibling: x"},
		{"", ""},
	} {
		if got := Trim(c.in); got != c.want {
			t.Errorf("Trim(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStrip(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"costing: no pools", "no pools"},
		{"--set a=1: sib: unknown parameter", "--set a=1: unknown parameter"},
		{"x.csv:1:2: amount: money: too large: dist: bad", "x.csv:1:2: amount: too large: bad"},
		{"sib: costing: no pools", "no pools"},
		{"costing: sib: no pools", "no pools"},
		{"sib: sib: x", "sib: x"}, // once through the packages
		{"report: no table", "report: no table"},
		{"a: safeout: b: chart: c", "a: b: c"},
	} {
		if got := Strip(c.in); got != c.want {
			t.Errorf("Strip(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// shown are the packages whose error prefixes stay in the CLI's messages.
// A package that is in neither this list nor Packages fails TestEveryPrefix:
// decide where its prefix goes.
// claims is shown: its name is also a column of payments.csv ("claims:
// value out of range"), which Strip would drop; its positioned errors
// carry no prefix.
var shown = []string{"csvio", "report", "root", "synth", "claims"}

var prefixRE = regexp.MustCompile(`^([a-z][a-z0-9]*): `)

// TestEveryPrefix finds the error messages of the module's packages that
// start with their own package's name, and checks that each such package is
// in Packages or in shown.
func TestEveryPrefix(t *testing.T) {
	found := map[string]string{} // package → a place it prefixes an error
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok ||
				!(x.Name == "errors" && sel.Sel.Name == "New" || x.Name == "fmt" && sel.Sel.Name == "Errorf") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if m := prefixRE.FindStringSubmatch(s); m != nil && m[1] == f.Name.Name {
				found[m[1]] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Fatal("no prefixed error messages found: is the module root at ../..?")
	}
	for pkg, where := range found {
		if !slices.Contains(packages[:], pkg) && !slices.Contains(shown, pkg) {
			t.Errorf("%s: package %s prefixes its errors with %q: add it to packages in errprefix.go (the CLI drops the prefix) or to shown in this test (it keeps it)", where, pkg, pkg+": ")
		}
	}
	for _, pkg := range packages {
		if _, ok := found[pkg]; !ok {
			t.Errorf("packages lists %s, but no package %s prefixes an error with %q", pkg, pkg, pkg+": ")
		}
	}
}
