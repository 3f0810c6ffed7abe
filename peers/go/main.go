// Command doall-go-peer is the Go original of doall: the DoAll and DoSome
// of Effective Go's "Parallelization" section, doing the work that
// docs/SPEC.md fixes bit for bit, so that the Rust strategies can be
// measured against real goroutines on the same machine.
//
// The Rust bench harness runs it as a subprocess and drives it with one
// request per line on stdin; it answers one line per request on stdout.
// README.md beside this file describes the protocol.
package main

import (
	"fmt"
	"math"
	"math/bits"
	"os"
	"runtime"
	"strings"
)

// Vector is Effective Go's type: the slice that DoAll cuts into chunks.
type Vector []float64

// Op names one of the spec's workloads (docs/SPEC.md §3). In Effective Go,
// DoSome calls u.Op(v[i]) for every element; here the workload is chosen
// once per chunk, so the element loop runs without a dynamic call.
type Op int

// The three workloads of docs/SPEC.md §3, in the order the spec lists them.
const (
	Light Op = iota
	Heavy
	Ramp
)

var opNames = [...]string{"light", "heavy", "ramp"}

func (op Op) String() string { return opNames[op] }

// The coefficients are stored highest degree first, so that ranging over
// them walks k = d, d-1, …, 0 as Horner's rule does. lightRev is 0.5, 1.0,
// the reverse of the spec's u = [1.0, 0.5].
var (
	lightRev = []float64{0.5, 1.0}
	heavyRev = heavyCoefficientsReversed()
)

// heavyCoefficientsReversed computes u[k] = ±1/(k+1), plus for even k, with
// one correctly rounded division each, and stores u[63] first.
func heavyCoefficientsReversed() []float64 {
	u := make([]float64, 64)
	for k := 0; k < 64; k++ {
		sign := 1.0
		if k%2 == 1 {
			sign = -1.0
		}
		u[63-k] = sign / float64(k+1)
	}
	return u
}

// horner evaluates the polynomial whose coefficients rev holds, highest
// degree first, in the spec's order: a rounded multiply, then a rounded add.
//
// The Go spec lets a compiler fuse x*y + z into one multiply-add (FMA),
// which skips the rounding of x*y and so changes the last bits; compilers
// for arm64, ppc64le and s390x do it. It also says that "an explicit
// floating-point type conversion rounds to the precision of the target
// type, preventing fusion": so every product that feeds an add is wrapped
// in float64(...). Assigning the product to a variable first would not be
// enough: the spec allows fusion across statements.
func horner(rev []float64, x float64) float64 {
	acc := 0.0
	for _, u := range rev {
		acc = float64(acc*x) + u
	}
	return acc
}

// rampTerms is m(x) = 1 + floor(64x) of the ramp workload, clamped to
// 1..64, NaN giving 1. The clamping happens in float64 before converting,
// because Go leaves the conversion of an out-of-range float to int
// implementation-defined.
func rampTerms(x float64) int {
	t := x * 64 // A product alone, not added to anything: nothing to fuse.
	switch {
	case !(t >= 1): // NaN, negative, or below 1: floor(t) <= 0.
		return 1
	case t >= 63:
		return 64
	default:
		return 1 + int(t) // int() truncates, which is floor for t >= 0.
	}
}

// rampPlain applies the ramp workload to every element of chunk, one after
// the other. Element x uses u[0..m), so Horner starts at u[m-1]: the last m
// entries of the reversed coefficients.
func rampPlain(chunk Vector) {
	for i, x := range chunk {
		chunk[i] = x + horner(heavyRev[64-rampTerms(x):], x)
	}
}

// lanes is how many elements hornerLanes evaluates side by side.
const lanes = 6

// hornerLanes applies v[i] += p(v[i]) to the six elements of group with the
// same polynomial p, interleaving their Horner steps. One element's steps
// form a chain, each waiting for the one before; six independent chains
// keep the floating-point units busy while each one waits. Every element
// still gets exactly the spec's sequence of roundings, so the bits are those
// of horner. Six is what amd64 fits in registers (six x, six acc, one u);
// on a 2-core AMD EPYC, heavy took 70 ns per element one at a time, 29 with
// four lanes, 21 with six and 37 with eight (the registers spill).
func hornerLanes(rev []float64, group Vector) {
	g := group[:lanes:lanes]
	x0, x1, x2, x3, x4, x5 := g[0], g[1], g[2], g[3], g[4], g[5]
	var a0, a1, a2, a3, a4, a5 float64
	for _, u := range rev {
		a0 = float64(a0*x0) + u
		a1 = float64(a1*x1) + u
		a2 = float64(a2*x2) + u
		a3 = float64(a3*x3) + u
		a4 = float64(a4*x4) + u
		a5 = float64(a5*x5) + u
	}
	g[0], g[1], g[2], g[3], g[4], g[5] = x0+a0, x1+a1, x2+a2, x3+a3, x4+a4, x5+a5
}

// updateChunk applies v[i] += Op(v[i]) to every element of chunk: the body
// of Effective Go's DoSome without the channel. The sequential baseline and
// every goroutine call this very function, and go:noinline keeps it one
// piece of machine code, so a difference between seq and DoAll is the cost
// of the goroutines, never of the compiler placing the loop differently.
//
// light has two Horner steps per element, a short chain that the processor
// already overlaps across elements, so it runs one element at a time. heavy
// and ramp go six elements at a time; a ramp group whose elements need
// different numbers of terms (where m steps up, or in a short vector) falls
// back to one at a time.
//
//go:noinline
func updateChunk(chunk Vector, op Op) {
	if op == Light {
		for i, x := range chunk {
			chunk[i] = x + horner(lightRev, x)
		}
		return
	}
	i := 0
	for ; i+lanes <= len(chunk); i += lanes {
		group := chunk[i : i+lanes]
		if op == Heavy {
			hornerLanes(heavyRev, group)
			continue
		}
		m := rampTerms(group[0])
		same := true
		for _, x := range group[1:] {
			same = same && rampTerms(x) == m
		}
		if same {
			hornerLanes(heavyRev[64-m:], group)
		} else {
			rampPlain(group)
		}
	}
	if rest := chunk[i:]; op == Heavy {
		for j, x := range rest {
			rest[j] = x + horner(heavyRev, x)
		}
	} else {
		rampPlain(rest)
	}
}

// chunkBounds returns the bounds c*n/C and (c+1)*n/C of docs/SPEC.md §4.
// Effective Go writes i*len(v)/numCPU, which overflows an int for a huge
// vector and many chunks; here the product is taken in 128 bits.
func chunkBounds(c, n, chunks int) (lo, hi int) {
	bound := func(i int) int {
		high, low := bits.Mul64(uint64(i), uint64(n))
		q, _ := bits.Div64(high, low, uint64(chunks)) // high < chunks, since i <= chunks.
		return int(q)
	}
	return bound(c), bound(c + 1)
}

// ANCHOR: do_all

// DoSome is Effective Go's DoSome: it applies the operation to the piece
// v[i:n] and then signals on c that this piece is done.
func (v Vector) DoSome(i, n int, op Op, c chan int) {
	updateChunk(v[i:n], op)
	c <- 1 // Signal that this piece is done.
}

// DoAll is Effective Go's DoAll: one goroutine per chunk, numCPU chunks,
// then one receive per chunk. Effective Go reads numCPU from
// runtime.NumCPU() or runtime.GOMAXPROCS(0); the caller passes it here.
func (v Vector) DoAll(op Op, numCPU int) {
	c := make(chan int, numCPU) // Buffering optional but sensible.
	for i := 0; i < numCPU; i++ {
		lo, hi := chunkBounds(i, len(v), numCPU)
		go v.DoSome(lo, hi, op, c)
	}
	// Drain the channel.
	for i := 0; i < numCPU; i++ {
		<-c // Wait for one task to complete.
	}
	// All done.
}

// ANCHOR_END: do_all

// doSomeProbed is DoSome that first writes down the OS thread it runs on.
// Only probe requests use it, so the timed path never pays for gettid.
// A goroutine can move to another thread while it runs; the thread that
// starts the chunk is the one counted.
func (v Vector) doSomeProbed(i, n int, op Op, c chan int, tid *int) {
	*tid = osThreadID()
	updateChunk(v[i:n], op)
	c <- 1
}

// doAllProbed is DoAll with doSomeProbed. It returns how many distinct OS
// threads ran at least one chunk (empty chunks count: their goroutine ran).
// The receives on c order every *tid write before the reads here.
func (v Vector) doAllProbed(op Op, numCPU int) int {
	c := make(chan int, numCPU)
	tids := make([]int, numCPU)
	for i := 0; i < numCPU; i++ {
		lo, hi := chunkBounds(i, len(v), numCPU)
		go v.doSomeProbed(lo, hi, op, c, &tids[i])
	}
	for i := 0; i < numCPU; i++ {
		<-c
	}
	seen := make(map[int]bool, numCPU)
	for _, t := range tids {
		seen[t] = true
	}
	return len(seen)
}

// initialVector is the start of every workload: v[i] = i/n, one correctly
// rounded division each.
func initialVector(n int) Vector {
	v := make(Vector, n)
	for i := range v {
		v[i] = float64(i) / float64(n)
	}
	return v
}

// checksum is the 64-bit FNV-1a of docs/SPEC.md §6 over each element's
// bits as 8 little-endian bytes, printed as 16 lower-case hex digits.
func checksum(v Vector) string {
	h := uint64(0xcbf29ce484222325)
	for _, x := range v {
		b := math.Float64bits(x)
		for k := 0; k < 8; k++ {
			h = (h ^ (b & 0xff)) * 0x100000001b3 // Integer: wraps, never fuses.
			b >>= 8
		}
	}
	return fmt.Sprintf("%016x", h)
}

// referenceLens and reference are the table of docs/SPEC.md §6.
var referenceLens = [4]int{0, 1, 7, 1000}

var reference = [3][4]string{
	Light: {"cbf29ce484222325", "aab1693229ba1db8", "1a5d2bd4271b1de7", "a1064be74692d637"},
	Heavy: {"cbf29ce484222325", "aab1693229ba1db8", "c632d21cc9c01cdb", "6b481ed2bd675c94"},
	Ramp:  {"cbf29ce484222325", "aab1693229ba1db8", "61c8e5fd97da59b2", "162e3bf5deea5f89"},
}

// selftest checks every reference checksum with the sequential call and
// with DoAll at several chunk counts (more chunks than elements included),
// and returns the first mismatch. It leaves GOMAXPROCS as it found it.
func selftest() error {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for op := Light; op <= Ramp; op++ {
		for j, n := range referenceLens {
			want := reference[op][j]
			v := initialVector(n)
			updateChunk(v, op)
			if got := checksum(v); got != want {
				return fmt.Errorf("%v n=%d seq: checksum %s, docs/SPEC.md says %s", op, n, got, want)
			}
			for _, threads := range []int{1, 2, 3, 4, 8} {
				runtime.GOMAXPROCS(threads)
				v := initialVector(n)
				v.DoAll(op, threads)
				if got := checksum(v); got != want {
					return fmt.Errorf("%v n=%d doall threads=%d: checksum %s, docs/SPEC.md says %s",
						op, n, threads, got, want)
				}
			}
		}
	}
	return nil
}

// checksumTriples computes the spec's table with this program's kernel, as
// space-separated workload:len:checksum triples.
func checksumTriples() string {
	var out []string
	for op := Light; op <= Ramp; op++ {
		for _, n := range referenceLens {
			v := initialVector(n)
			updateChunk(v, op)
			out = append(out, fmt.Sprintf("%v:%d:%s", op, n, checksum(v)))
		}
	}
	return strings.Join(out, " ")
}

func main() {
	switch {
	case len(os.Args) == 2 && os.Args[1] == "--selftest":
		if err := selftest(); err != nil {
			fmt.Fprintln(os.Stderr, "selftest: "+err.Error())
			os.Exit(1)
		}
		fmt.Println("ok selftest passed: every checksum of docs/SPEC.md §6, seq and doall")
	case len(os.Args) == 1:
		if err := serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "doall-go-peer: "+err.Error())
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: doall-go-peer [--selftest]  (requests on stdin: see README.md)")
		os.Exit(2)
	}
}
