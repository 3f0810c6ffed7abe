/* The work of docs/SPEC.md, bit for bit, and the parallel for that spreads
 * it over threads. The bench compiles this with `cc -O3 -fopenmp
 * -ffp-contract=off`: without the last flag a C compiler may fuse a*b + c
 * into one fused multiply-add, which skips the rounding of a*b and changes
 * the last bits (and -ffast-math, which reorders additions, is never
 * used). */
#define _GNU_SOURCE
#include "kernel.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *const OP_NAMES[3] = {"light", "heavy", "ramp"};

/* The coefficients, highest degree first, so that walking them in order
 * is Horner's rule from u[d] down to u[0]. light is 0.5, 1.0: the reverse
 * of the spec's u = [1.0, 0.5]. */
static const double light_rev[2] = {0.5, 1.0};
static double heavy_rev[64];

void kernel_init(void) {
  for (int k = 0; k < 64; k++) {
    double sign = k % 2 == 1 ? -1.0 : 1.0;
    heavy_rev[63 - k] = sign / (double)(k + 1);
  }
}

/* Horner's rule over `terms` coefficients, a rounded multiply then a
 * rounded add at each step. */
static double horner(const double *rev, int terms, double x) {
  double acc = 0.0;
  for (int i = 0; i < terms; i++) {
    acc = acc * x + rev[i];
  }
  return acc;
}

/* m(x) = 1 + floor(64x) of the ramp workload, clamped to 1..64, NaN giving
 * 1. The clamping happens in double before converting: converting an
 * out-of-range double to int is undefined in C. */
static int ramp_terms(double x) {
  double t = x * 64.0;
  if (!(t >= 1.0)) {
    return 1;
  }
  if (t >= 63.0) {
    return 64;
  }
  return 1 + (int)t; /* Truncation is floor for t >= 0. */
}

/* How many elements horner_lanes evaluates side by side. */
#define LANES 8

/* g[l] += p(g[l]) for LANES elements with the same polynomial, their
 * Horner steps interleaved: one element's steps form a chain, each waiting
 * for the one before, and independent chains keep the floating-point units
 * busy (the compiler turns the inner loop into vector instructions). Every
 * element still gets exactly the spec's roundings. */
static void horner_lanes(const double *rev, int terms, double *g) {
  double x[LANES];
  double acc[LANES];
  for (int l = 0; l < LANES; l++) {
    x[l] = g[l];
    acc[l] = 0.0;
  }
  for (int i = 0; i < terms; i++) {
    for (int l = 0; l < LANES; l++) {
      acc[l] = acc[l] * x[l] + rev[i];
    }
  }
  for (int l = 0; l < LANES; l++) {
    g[l] = x[l] + acc[l];
  }
}

/* One element at a time: light, the tail of a chunk, and a ramp group
 * whose elements need different numbers of terms. */
static void update_plain(double *chunk, size_t len, enum op op) {
  for (size_t i = 0; i < len; i++) {
    double x = chunk[i];
    switch (op) {
    case OP_LIGHT:
      chunk[i] = x + horner(light_rev, 2, x);
      break;
    case OP_HEAVY:
      chunk[i] = x + horner(heavy_rev, 64, x);
      break;
    case OP_RAMP: {
      int m = ramp_terms(x);
      chunk[i] = x + horner(heavy_rev + 64 - m, m, x);
      break;
    }
    }
  }
}

/* noinline keeps the kernel one piece of machine code, so that a
 * difference between the sequential loop and the parallel for is the cost
 * of the threads, never of the compiler placing the loop differently. */
__attribute__((noinline)) void update_chunk(double *chunk, size_t len, enum op op) {
  if (op == OP_LIGHT) {
    update_plain(chunk, len, op);
    return;
  }
  size_t i = 0;
  for (; i + LANES <= len; i += LANES) {
    double *group = chunk + i;
    if (op == OP_HEAVY) {
      horner_lanes(heavy_rev, 64, group);
      continue;
    }
    int m = ramp_terms(group[0]);
    int same = 1;
    for (int l = 1; l < LANES; l++) {
      same = same && ramp_terms(group[l]) == m;
    }
    if (same) {
      horner_lanes(heavy_rev + 64 - m, m, group);
    } else {
      update_plain(group, LANES, op);
    }
  }
  update_plain(chunk + i, len - i, op);
}

size_t chunk_bound(size_t c, size_t n, size_t chunks) {
  return (size_t)(((unsigned __int128)c * n) / chunks);
}

/* ANCHOR: do_all */
/* Go's DoAll as OpenMP says it: `threads` chunks, and schedule(static)
 * hands each thread of the team one of them. The parallel region ends with
 * a barrier, OpenMP's drain of the channel. */
void do_all(double *v, size_t n, enum op op, int threads) {
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int c = 0; c < threads; c++) {
    size_t lo = chunk_bound((size_t)c, n, (size_t)threads);
    size_t hi = chunk_bound((size_t)c + 1, n, (size_t)threads);
    update_chunk(v + lo, hi - lo, op);
  }
}
/* ANCHOR_END: do_all */

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int do_all_probed(double *v, size_t n, enum op op, int threads) {
  int *tids = calloc((size_t)threads, sizeof *tids);
  if (tids == NULL) {
    return -1;
  }
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int c = 0; c < threads; c++) {
    tids[c] = (int)syscall(SYS_gettid); /* The thread that runs the chunk. */
    size_t lo = chunk_bound((size_t)c, n, (size_t)threads);
    size_t hi = chunk_bound((size_t)c + 1, n, (size_t)threads);
    update_chunk(v + lo, hi - lo, op);
  }
  qsort(tids, (size_t)threads, sizeof *tids, compare_ints);
  int distinct = 0;
  for (int c = 0; c < threads; c++) {
    distinct += c == 0 || tids[c] != tids[c - 1];
  }
  free(tids);
  return distinct;
}

void initial_vector(double *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    v[i] = (double)i / (double)n;
  }
}

void checksum(const double *v, size_t n, char out[17]) {
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < n; i++) {
    uint64_t bits;
    memcpy(&bits, &v[i], sizeof bits);
    for (int k = 0; k < 8; k++) {
      h = (h ^ (bits & 0xff)) * 0x100000001b3u;
      bits >>= 8;
    }
  }
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The table of docs/SPEC.md section 6. */
static const size_t reference_lens[4] = {0, 1, 7, 1000};
static const char *const reference[3][4] = {
    {"cbf29ce484222325", "aab1693229ba1db8", "1a5d2bd4271b1de7", "a1064be74692d637"},
    {"cbf29ce484222325", "aab1693229ba1db8", "c632d21cc9c01cdb", "6b481ed2bd675c94"},
    {"cbf29ce484222325", "aab1693229ba1db8", "61c8e5fd97da59b2", "162e3bf5deea5f89"},
};

int selftest(char *message, size_t size) {
  static const int thread_counts[6] = {0, 1, 2, 3, 4, 8}; /* 0: the sequential loop. */
  double v[1000];
  char got[17];
  for (int op = OP_LIGHT; op <= OP_RAMP; op++) {
    for (int j = 0; j < 4; j++) {
      size_t n = reference_lens[j];
      for (int k = 0; k < 6; k++) {
        int threads = thread_counts[k];
        initial_vector(v, n);
        if (threads == 0) {
          update_chunk(v, n, (enum op)op);
        } else {
          do_all(v, n, (enum op)op, threads);
        }
        checksum(v, n, got);
        if (strcmp(got, reference[op][j]) != 0) {
          snprintf(message, size, "%s n=%zu %s threads=%d: checksum %s, docs/SPEC.md says %s",
                   OP_NAMES[op], n, threads == 0 ? "seq" : "doall", threads == 0 ? 1 : threads,
                   got, reference[op][j]);
          return -1;
        }
      }
    }
  }
  return 0;
}
