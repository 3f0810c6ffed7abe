package main

import (
	"bytes"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSpecTable reads the reference table of docs/SPEC.md §6 and checks that
// the copy in this program (which --selftest uses) is the same.
func TestSpecTable(t *testing.T) {
	data, err := os.ReadFile("../../docs/SPEC.md")
	if err != nil {
		t.Skipf("docs/SPEC.md not found beside this checkout: %v", err)
	}
	section := string(data)
	section = section[strings.Index(section, "## 6."):]
	header := regexp.MustCompile(`(?m)^\| workload \|(.*)\|$`).FindStringSubmatch(section)
	if header == nil {
		t.Fatal("docs/SPEC.md §6: no table header")
	}
	for j, cell := range strings.Split(header[1], "|") {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(cell), "n = "))
		if err != nil || j >= len(referenceLens) || n != referenceLens[j] {
			t.Fatalf("docs/SPEC.md §6 column %d is %q, this program has lengths %v", j, cell, referenceLens)
		}
	}
	for op := Light; op <= Ramp; op++ {
		row := regexp.MustCompile(`(?m)^\| ` + op.String() + ` \|(.*)\|$`).FindStringSubmatch(section)
		if row == nil {
			t.Fatalf("docs/SPEC.md §6: no row for %v", op)
		}
		want := strings.Join(reference[op][:], " ")
		got := strings.Join(regexp.MustCompile("[0-9a-f]{16}").FindAllString(row[1], -1), " ")
		if got != want {
			t.Errorf("%v: docs/SPEC.md says %s, this program has %s", op, got, want)
		}
	}
}

func TestSelftest(t *testing.T) {
	if err := selftest(); err != nil {
		t.Fatal(err)
	}
}

// plainOp is the spec's Op written as plainly as possible, one element at a
// time, to check the six-lane kernel against, bit for bit.
func plainOp(op Op, x float64) float64 {
	switch op {
	case Light:
		return horner(lightRev, x)
	case Heavy:
		return horner(heavyRev, x)
	}
	return horner(heavyRev[64-rampTerms(x):], x)
}

func TestUpdateChunkMatchesOneElementAtATime(t *testing.T) {
	odd := Vector{math.NaN(), -1, math.Inf(1), 0.5, math.Copysign(0, -1), 7, 0.99, 0.01,
		math.Inf(-1), 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 2.5e-300}
	vectors := []Vector{odd}
	for _, n := range []int{0, 1, 5, 6, 7, 12, 13, 64, 383, 1000, 4099} {
		vectors = append(vectors, initialVector(n))
	}
	for op := Light; op <= Ramp; op++ {
		for _, start := range vectors {
			got := append(Vector(nil), start...)
			updateChunk(got, op)
			for i, x := range start {
				want := x + plainOp(op, x)
				if math.Float64bits(got[i]) != math.Float64bits(want) {
					t.Fatalf("%v len %d element %d (x=%v): got %v, want %v", op, len(start), i, x, got[i], want)
				}
			}
		}
	}
}

func TestRampTerms(t *testing.T) {
	cases := map[float64]int{0: 1, 0.999999: 64, 1.0 / 64: 2, 0.5: 33, math.NaN(): 1, -5: 1,
		math.Copysign(0, -1): 1, 7: 64, math.Inf(1): 64, math.Inf(-1): 1}
	for x, want := range cases {
		if got := rampTerms(x); got != want {
			t.Errorf("rampTerms(%v) = %d, want %d", x, got, want)
		}
	}
}

func TestChunkBounds(t *testing.T) {
	for _, n := range []int{0, 1, 7, 10, 1000, math.MaxInt} {
		for _, chunks := range []int{1, 2, 3, 8, 1024} {
			prev := 0
			for c := 0; c < chunks; c++ {
				lo, hi := chunkBounds(c, n, chunks)
				if lo != prev || hi < lo {
					t.Fatalf("n=%d chunks=%d: chunk %d is %d..%d after %d", n, chunks, c, lo, hi, prev)
				}
				prev = hi
			}
			if prev != n {
				t.Fatalf("n=%d chunks=%d: chunks end at %d", n, chunks, prev)
			}
		}
	}
}

func TestProtocol(t *testing.T) {
	cases := []struct{ request, reply string }{
		{"time heavy 1000 3 doall 2 100", `^ok \d+ 6b481ed2bd675c94$`},
		{"time ramp 7 2 seq 1 0", `^ok \d+ 61c8e5fd97da59b2$`},
		{"time light 0 1 doall 1 0", `^ok \d+ cbf29ce484222325$`},
		{"time heavy 007 8 doall 1 0", `^ok \d+ c632d21cc9c01cdb$`},
		{"probe light 1000 2 3 0", `^ok [12],[12],[12] a1064be74692d637$`},
		{"checksums", `^ok light:0:cbf29ce484222325 .* ramp:1000:162e3bf5deea5f89$`},
		{"selftest", `^ok selftest passed$`},
		{"", `^err empty request$`},
		{"time heavy 10", `^err bad request "time heavy 10": expected "time `},
		{"probe heavy 10 2 seq 1 0", `^err bad request "probe heavy 10 2 seq 1 0": expected "probe `},
		{"time Heavy 10 1 seq 1 0", `^err bad workload "Heavy"`},
		{"time heavy -1 1 seq 1 0", `^err bad len "-1"`},
		{"time heavy 99999999999999999999 1 seq 1 0", `^err bad len "99999999999999999999"`},
		{"time heavy 576460752303423487 1 seq 1 0", `^err bad len 576460752303423487: needs`},
		{"time heavy 10 0 seq 1 0", `^err bad threads "0"`},
		{"time heavy 10 +3 seq 1 0", `^err bad threads "\+3"`},
		{"time heavy 10 1025 seq 1 0", `^err bad threads "1025": more than 1024`},
		{"time heavy 10 2 par 1 0", `^err bad strategy "par"`},
		{"time heavy 10 2 seq 0 0", `^err bad calls "0"`},
		{"time heavy 10 2 seq 1 1e3", `^err bad gap_ns "1e3"`},
		{"hello", `^err bad request "hello"`},
		{"checksums please", `^err bad request "checksums please": checksums takes no arguments$`},
		{"quit now", `^err bad request "quit now"`},
	}
	if !canProbe {
		cases[4].reply = `^err probe needs Linux`
	}
	var in strings.Builder
	for _, c := range cases {
		in.WriteString(c.request + "\n")
	}
	in.WriteString("quit\ntime heavy 1 1 seq 1 0\n") // Nothing after quit is read.
	var out bytes.Buffer
	if err := serve(strings.NewReader(in.String()), &out); err != nil {
		t.Fatal(err)
	}
	replies := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(replies) != len(cases) {
		t.Fatalf("%d replies to %d requests:\n%s", len(replies), len(cases), out.String())
	}
	for i, c := range cases {
		if !regexp.MustCompile(c.reply).MatchString(replies[i]) {
			t.Errorf("%q: reply %q does not match %q", c.request, replies[i], c.reply)
		}
	}
}
