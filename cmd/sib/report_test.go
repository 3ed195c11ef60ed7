package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/htmlreport"
)

// reportPage runs sib report with args and --out into a temporary
// folder, and returns the page, where the temporary path, in the
// command line, reads "deal.html".
func reportPage(t *testing.T, args ...string) (path, page string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "deal.html")
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"report", "--date", "2026-12-07", "--out", path}, args...), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), "sib report: wrote "+path) {
		t.Errorf("stderr: %q", stderr.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.ReplaceAll(string(b), path, "deal.html")
}

// reportCases are the pages whose text content is golden
// (testdata/golden/report-NAME.txt).
var reportCases = []struct {
	name string
	args []string
}{
	{"estonia-uncertainty", []string{"--draws", "400", "--seed", "7", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}},
	{"preschool", []string{"../../testdata/preschool/scenario"}},
	{"employment-set", []string{"--set", "setting.discount_rate=0.05", "../../testdata/employment/scenario"}},
	{"newpin", []string{"../../testdata/published/newpin"}},
}

// TestReportText compares the text content of pages (htmlreport.Text:
// what a reader sees, without markup) with golden files; -update
// rewrites them.
func TestReportText(t *testing.T) {
	for _, c := range reportCases {
		t.Run(c.name, func(t *testing.T) {
			_, page := reportPage(t, c.args...)
			got := htmlreport.Text(page)
			golden := filepath.Join("testdata", "golden", "report-"+c.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("text of the page differs from %s (go test ./cmd/sib -run TestReportText -update rewrites it); got:\n%s", golden, got)
			}
		})
	}
}

// offline matches what would make a page depend on anything outside it:
// a script, a reference to a file or address, a style import.
var offline = regexp.MustCompile(`(?i)<script|\s(src|href|xlink:href|srcset|action|poster|data)\s*=|<link|<iframe|<object|<embed|<img|@import|url\(`)

// TestReportSelfContained: the page refers to nothing outside it and
// runs no script; it is the same byte for byte on a second run and
// whatever --workers is.
func TestReportSelfContained(t *testing.T) {
	args := []string{"--draws", "300", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}
	_, page := reportPage(t, args...)
	if m := offline.FindString(page); m != "" {
		t.Errorf("the page has %q", m)
	}
	// "http" only in the SVG namespaces and in plain text.
	for _, m := range regexp.MustCompile(`[a-z:]+="https?:[^"]*"`).FindAllString(page, -1) {
		if m != `xmlns="http://www.w3.org/2000/svg"` && m != `xmlns:xlink="http://www.w3.org/1999/xlink"` {
			t.Errorf("an address in an attribute: %s", m)
		}
	}
	for _, want := range []string{"@page { size: A4;", "@media print", `<svg role="img"`, `<td class="n">674767.54</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("no %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != 6 {
		t.Errorf("%d charts, want 6: three of the run, histogram, CDF, tornado", n)
	}
	_, again := reportPage(t, append([]string{"--workers", "1"}, args...)...)
	if again != page {
		t.Errorf("a second run (--workers 1) wrote another page")
	}
}

// TestReportFigures: the page shows the figures sib run and sib simulate
// print.
func TestReportFigures(t *testing.T) {
	_, page := reportPage(t, "--draws", "1000", "--seed", "1", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty")
	text := htmlreport.Text(page)
	var runOut, simOut, stderr bytes.Buffer
	if code := run([]string{"run", "../../testdata/estonia/scenario"}, nil, &runOut, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	if code := run([]string{"simulate", "--draws", "1000", "--seed", "1", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}, nil, &simOut, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	for _, fig := range reportKeyFigures {
		if !strings.Contains(runOut.String()+simOut.String(), fig) {
			t.Errorf("%q is not in the output of sib run or sib simulate", fig)
		}
		if !strings.Contains(text, fig) {
			t.Errorf("%q is not on the page", fig)
		}
	}
}

// reportKeyFigures are figures of the Estonian deal that sib run and sib
// simulate (1000 draws, seed 1) print and its page must show: outcome
// payments, capital drawn, investors received, IRR in %, multiple, the
// state's net saving PV on both measures, the premium; a chance.
var reportKeyFigures = []string{"674767.54", "414726.75", "583340.13", "12.35", "1.4066", "390350.19", "-398100.83", "184989.85", "Estonian juvenile-offending SIB (illustrative)"}

func TestReportRefuses(t *testing.T) {
	dir := t.TempDir()
	notOurs := filepath.Join(dir, "mine.html")
	if err := os.WriteFile(notOurs, []byte("<p>mine</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report", "../../testdata/preschool/scenario"}, exitUsage, "--out FILE.html is required"},
		{[]string{"report", "-o", filepath.Join(dir, "x.txt"), "../../testdata/preschool/scenario"}, exitUsage, "ending in .html"},
		{[]string{"report", "--format", "csv", "-o", filepath.Join(dir, "x.html"), "../../testdata/preschool/scenario"}, exitUsage, "writes HTML"},
		{[]string{"report", "--output", "investors.irr", "-o", filepath.Join(dir, "x.html"), "../../testdata/preschool/scenario"}, exitUsage, "needs an uncertainty folder"},
		{[]string{"report", "--date", "7.12.2026", "-o", filepath.Join(dir, "x.html"), "../../testdata/preschool/scenario"}, exitUsage, "YYYY-MM-DD"},
		{[]string{"report", "-o", notOurs, "../../testdata/preschool/scenario"}, exitData, "mine.html"},
		{[]string{"report", "-o", "../../testdata/preschool/scenario/deal.html", "../../testdata/preschool/scenario"}, exitData, "input"},
		{[]string{"report", "-o", filepath.Join(dir, "y.html"), "testdata/nowhere"}, exitUsage, "does not exist"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, nil, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d with %q", c.args, code, stderr.String(), c.code, c.msg)
		}
	}
	if b, _ := os.ReadFile(notOurs); string(b) != "<p>mine</p>" {
		t.Errorf("a file sib did not write was written over")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
		t.Errorf("a refused run wrote its page")
	}
}

// TestReportBrowser renders a page in headless Chromium (Debian's
// chromium; .ci/run installs it): to PDF and PNG without console errors,
// and its DOM text holds the key figures. It skips where chromium is
// absent.
func TestReportBrowser(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on the PATH (apt-get install chromium)")
	}
	path, _ := reportPage(t, "--draws", "1000", "--seed", "1", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty")
	dir := filepath.Dir(path)
	chromium := func(args ...string) (stdout, stderr string) {
		t.Helper()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
		cmd := exec.Command(bin, append(append(base, args...), "file://"+path)...)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, e.String())
		}
		for _, line := range strings.Split(e.String(), "\n") {
			if strings.Contains(line, "Uncaught") || strings.Contains(line, "Refused") || strings.Contains(line, "CONSOLE") {
				t.Errorf("chromium %v: %s", args, line)
			}
		}
		return o.String(), e.String()
	}
	pdf := filepath.Join(dir, "deal.pdf")
	chromium("--print-to-pdf="+pdf, "--no-pdf-header-footer")
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF", pdf)
	}
	// A4 (595 × 842 points), and a page at least for each section.
	if !bytes.Contains(b, []byte("/MediaBox [0 0 594.95996 841.91998]")) && !regexp.MustCompile(`/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]`).Match(b) {
		t.Errorf("the PDF's pages are not A4")
	}
	if n := regexp.MustCompile(`/Type\s*/Page\b`).FindAll(b, -1); len(n) < 8 {
		t.Errorf("the PDF has %d pages, want 8 or more: the sections start new pages", len(n))
	}
	shot := filepath.Join(dir, "deal.png")
	chromium("--screenshot="+shot, "--window-size=1280,2400")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 1280 || r.Dy() != 2400 {
		t.Errorf("screenshot %v", r)
	}
	dom, _ := chromium("--dump-dom")
	text := htmlreport.Text(dom)
	for _, fig := range reportKeyFigures {
		if !strings.Contains(text, fig) {
			t.Errorf("%q is not in the rendered page's text", fig)
		}
	}
	if !strings.Contains(text, "[chart: tornado of state.net_gross]") {
		t.Errorf("no tornado in the rendered page")
	}
}

// TestReportParagraphRateCap: the paragraph names a tranche's cap as a
// rate a year (cap_rate), as it names a cap as a multiple; it left
// Peterborough's 13% out.
func TestReportParagraphRateCap(t *testing.T) {
	_, page := reportPage(t, "../../testdata/published/peterborough")
	want := "trusts, 5000000.00 GBP from foundations (priority 1, its return capped at 13.00% a year)"
	if text := htmlreport.Text(page); !strings.Contains(text, want) {
		t.Errorf("the paragraph lacks %q:\n%s", want, text)
	}
}

// TestReportParagraphGuarantee: the paragraph names a tranche's guarantee
// (NYC ABLE's 75% of the loan, up to $7.2m); it left it out.
func TestReportParagraphGuarantee(t *testing.T) {
	_, page := reportPage(t, "../../testdata/published/nyc-able")
	want := "loan, 9600000.00 USD from goldman_sachs (priority 1, 75.00% of its principal guaranteed by bloomberg up to 7200000.00 USD)"
	if text := htmlreport.Text(page); !strings.Contains(text, want) {
		t.Errorf("the paragraph lacks %q:\n%s", want, text)
	}
}

// TestReportParagraphLinkedCoupon: the paragraph tells a tranche's
// coupons by period range (coupons.csv), fixed or performance-linked with
// their bands and minimum; it said nothing of Newpin's coupon, set each
// year from the restoration rate with at least 5% in years 1-3, nor of a
// fixed range.
func TestReportParagraphLinkedCoupon(t *testing.T) {
	for _, c := range []struct{ dir, want string }{
		{"../../testdata/published/newpin", "newpin's coupon a year varies by period (coupons.csv): in periods 2 to 4 it is performance-linked, the band of schedule newpin that the year's measured restoration effect reaches (3.00% from 0.3, 7.50% from 0.35, 12.00% from 0.4, 15.00% from 0.45; none below 0.3), and at least 5.00%; in periods 5 to 8, the same bands with no minimum; in the other periods, no coupon."},
		{"testdata/scenario-ok-coupons", "; in period 4, a fixed 6.00%; in the other periods, its target return of 4.00%."},
	} {
		_, page := reportPage(t, c.dir)
		if text := htmlreport.Text(page); !strings.Contains(text, c.want) {
			t.Errorf("%s: the paragraph lacks %q:\n%s", c.dir, c.want, text)
		}
	}
}
