// Runs inputs through Go's text/tabwriter with liggitt/tabwriter's RememberWidths patched in.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"

	"tabwritergolden/tabwriter"
)

type Options struct {
	Minwidth            int    `json:"minwidth"`
	Tabwidth            int    `json:"tabwidth"`
	Padding             int    `json:"padding"`
	Padchar             string `json:"padchar"`
	AlignRight          bool   `json:"alignRight,omitempty"`
	DiscardEmptyColumns bool   `json:"discardEmptyColumns,omitempty"`
	TabIndent           bool   `json:"tabIndent,omitempty"`
	Debug               bool   `json:"debug,omitempty"`
	RememberWidths      bool   `json:"rememberWidths,omitempty"`
}

// Op is one call: Write(write), or Flush() when write is nil.
type Op struct {
	Write *string `json:"write,omitempty"`
	Flush bool    `json:"flush,omitempty"`
}

type Case struct {
	Name    string  `json:"name"`
	Options Options `json:"options"`
	Ops     []Op    `json:"ops"`
	Output  string  `json:"output"`
}

func run(o Options, ops []Op) string {
	var flags uint
	if o.AlignRight {
		flags |= tabwriter.AlignRight
	}
	if o.DiscardEmptyColumns {
		flags |= tabwriter.DiscardEmptyColumns
	}
	if o.TabIndent {
		flags |= tabwriter.TabIndent
	}
	if o.Debug {
		flags |= tabwriter.Debug
	}
	if o.RememberWidths {
		flags |= tabwriter.RememberWidths
	}
	var buf bytes.Buffer
	w := tabwriter.NewWriter(&buf, o.Minwidth, o.Tabwidth, o.Padding, o.Padchar[0], flags)
	for _, op := range ops {
		if op.Write != nil {
			w.Write([]byte(*op.Write))
		} else {
			w.Flush()
		}
	}
	w.Flush()
	return buf.String()
}

func write(s string) Op { return Op{Write: &s} }

var flush = Op{Flush: true}

var (
	kubectl  = Options{Minwidth: 6, Tabwidth: 4, Padding: 3, Padchar: " ", RememberWidths: true}
	describe = Options{Minwidth: 0, Tabwidth: 8, Padding: 2, Padchar: " "}
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-check" {
		check(os.Args[2])
		return
	}
	var cases []Case
	add := func(name string, o Options, ops ...Op) {
		cases = append(cases, Case{Name: name, Options: o, Ops: ops, Output: run(o, ops)})
	}
	// Hand-made: one per option and flush rule.
	add("describe: padding two, no minimum width", describe, write("Name:\tweb\nNamespace:\tdefault\nLabels:\tapp=web\n\ttier=front\n"))
	add("describe: a line without tabs ends the block", describe, write("a:\tx\nEvents:\n  Type\tReason\tMessage\n  ----\t------\t-------\n  Normal\tScheduled\tassigned\n"))
	add("describe: an explicit flush ends the block and widths are not remembered", describe, write("long name:\tx\n"), flush, write("a:\ty\n"))
	add("kubectl: widths are remembered across explicit flushes", kubectl, write("NAME\tREADY\nvery-long-name\t1/1\n"), flush, write("a\tb\n"), flush, write("x\tyyyyyyyyyyyyy\tz\n"))
	add("kubectl: a write may end mid-cell", kubectl, write("NA"), write("ME\tAG"), write("E\nweb\t5m\n"))
	add("kubectl: text after the last newline is written by the final flush", kubectl, write("a\tb\nccccccccc\td"))
	add("kubectl: a trailing tab before the final flush leaves no empty cell", kubectl, write("a\tb\nccccccccc\td\t"))
	add("a formfeed ends the line and every column block", describe, write("aaaaaaaa\tb\n\fc\td\n"))
	add("a formfeed mid-line acts as a newline and flushes", describe, write("aaaaaaaa\tb\fc\td\n"))
	add("a vertical tab ends a cell that does not count for DiscardEmptyColumns", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: " ", DiscardEmptyColumns: true}, write("a\v\vb\nc\v\vd\n"))
	add("DiscardEmptyColumns keeps a column whose empty cells end in tabs", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: " ", DiscardEmptyColumns: true}, write("a\t\tb\nc\t\td\n"))
	add("DiscardEmptyColumns with tab padding", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: "\t", DiscardEmptyColumns: true}, write("a\v\vb\nccccccccc\v\vd\n"))
	add("AlignRight pads before the text", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: ".", AlignRight: true}, write("a\tbbb\tc\naaaa\tb\tcccc\n"))
	add("AlignRight is ignored with tab padding", Options{Minwidth: 0, Tabwidth: 4, Padding: 1, Padchar: "\t", AlignRight: true}, write("a\tbbb\tc\naaaaaa\tb\tcccc\n"))
	add("tab padding rounds each column up to the tab width", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: "\t"}, write("a\tb\taaaaaaaaa\tc\nxxxxxxxxxxxxxxxxxxx\ty\tz\tw\n"))
	add("tab padding with a tab width of zero pads nothing", Options{Minwidth: 0, Tabwidth: 0, Padding: 1, Padchar: "\t"}, write("a\tb\naaaa\tb\n"))
	add("TabIndent pads leading empty cells with tabs", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: ".", TabIndent: true}, write("\t\tx\ty\n\ta\t\tb\n"))
	add("Debug marks column breaks with bars and formfeeds with a rule", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: " ", Debug: true, DiscardEmptyColumns: true}, write("a\tb\t\n\v\vc\n\faa\tbb\n"))
	add("minwidth applies to every column cell", Options{Minwidth: 8, Tabwidth: 8, Padding: 0, Padchar: "-"}, write("a\tb\tc\n"))
	add("remembered widths reach into deeper columns", kubectl, write("a\tb\tcccccccccc\td\nx\n"), write("a\tb\tc\td\n"))

	// Random: mixes of cells, separators, flushes and split writes, under each setting.
	settings := []struct {
		name string
		o    Options
	}{
		{"kubectl", kubectl},
		{"describe", describe},
		{"right-aligned", Options{Minwidth: 2, Tabwidth: 4, Padding: 1, Padchar: "_", AlignRight: true}},
		{"tab-padded", Options{Minwidth: 0, Tabwidth: 4, Padding: 1, Padchar: "\t", DiscardEmptyColumns: true}},
		{"discarding", Options{Minwidth: 1, Tabwidth: 8, Padding: 2, Padchar: " ", DiscardEmptyColumns: true, RememberWidths: true}},
		{"debug", Options{Minwidth: 0, Tabwidth: 8, Padding: 1, Padchar: ".", Debug: true, TabIndent: true}},
	}
	pieces := []string{"a", "bb", "ccccccc", "é", "日本", "😀", "", " ", "\t", "\t", "\t", "\v", "\n", "\n", "\f"}
	rng := rand.New(rand.NewSource(1))
	for _, s := range settings {
		for i := 0; i < 12; i++ {
			var ops []Op
			for j := 0; j < 1+rng.Intn(3); j++ {
				text := ""
				for k := 0; k < 5+rng.Intn(25); k++ {
					text += pieces[rng.Intn(len(pieces))]
				}
				ops = append(ops, write(text))
				if rng.Intn(3) == 0 {
					ops = append(ops, flush)
				}
			}
			add(fmt.Sprintf("%s, random %d", s.name, i+1), s.o, ops...)
		}
	}
	out, _ := json.MarshalIndent(map[string]any{
		"comment": "Go 1.19 text/tabwriter with liggitt/tabwriter's RememberWidths patched in; see README.md",
		"cases":   cases,
	}, "", "  ")
	os.Stdout.Write(append(out, '\n'))
}

// check reruns the kubectl-settings cases (input, output) and reports any output that differs.
func check(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var f struct {
		Cases []struct{ Input, Output string }
	}
	if err := json.Unmarshal(data, &f); err != nil {
		panic(err)
	}
	bad := 0
	for i, c := range f.Cases {
		if got := run(kubectl, []Op{write(c.Input)}); got != c.Output {
			bad++
			fmt.Printf("case %d differs: %q\n", i, got)
		}
	}
	fmt.Printf("%d cases, %d differ\n", len(f.Cases), bad)
}
