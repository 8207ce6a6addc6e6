// Writes go-sort-cases.json: permutations Go's sort.Sort produces under kubectl's --sort-by Less, whose
// "missing" values are less than anything both ways round. Run: go run . > ../go-sort-cases.json
package main

import (
	"encoding/json"
	"math/rand"
	"os"
	"sort"
)

type golden struct {
	Name   string `json:"name"`
	Values []*int `json:"values"`
	Order  []int  `json:"order"`
}

// keyed is the collection being sorted: a value per element (nil: the field is missing) and its original index.
type keyed struct {
	values []*int
	index  []int
}

func (k keyed) Len() int { return len(k.values) }
func (k keyed) Swap(i, j int) {
	k.values[i], k.values[j] = k.values[j], k.values[i]
	k.index[i], k.index[j] = k.index[j], k.index[i]
}
func (k keyed) Less(i, j int) bool {
	if k.values[i] == nil {
		return true
	}
	if k.values[j] == nil {
		return false
	}
	return *k.values[i] < *k.values[j]
}

func run(name string, values []*int) golden {
	k := keyed{values: append([]*int(nil), values...), index: make([]int, len(values))}
	for i := range k.index {
		k.index[i] = i
	}
	sort.Sort(k)
	return golden{Name: name, Values: values, Order: k.index}
}

func main() {
	r := rand.New(rand.NewSource(1))
	var cases []golden
	sizes := []int{0, 1, 2, 3, 7, 12, 13, 20, 33, 49, 50, 51, 64, 100, 257, 1000}
	for _, n := range sizes {
		for _, shape := range []string{"distinct", "few-values", "some-missing", "mostly-missing", "ascending", "descending", "all-missing"} {
			values := make([]*int, n)
			for i := range values {
				var v int
				switch shape {
				case "distinct":
					v = r.Intn(1 << 20)
				case "few-values":
					v = r.Intn(3)
				case "some-missing", "mostly-missing":
					v = r.Intn(5)
				case "ascending":
					v = i
				case "descending":
					v = n - i
				}
				missing := shape == "all-missing" || (shape == "some-missing" && r.Intn(4) == 0) || (shape == "mostly-missing" && r.Intn(4) != 0)
				if !missing {
					x := v
					values[i] = &x
				}
			}
			cases = append(cases, run(shape+"-"+itoa(n), values))
		}
	}
	// One case a line.
	os.Stdout.WriteString("[\n")
	for i, c := range cases {
		line, err := json.Marshal(c)
		if err != nil {
			panic(err)
		}
		os.Stdout.Write(line)
		if i < len(cases)-1 {
			os.Stdout.WriteString(",")
		}
		os.Stdout.WriteString("\n")
	}
	os.Stdout.WriteString("]\n")
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
