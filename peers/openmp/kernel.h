/* The work of docs/SPEC.md in C, shared by the peer's protocol and its
 * self-test: the workloads, the chunk kernel, the chunk bounds, the
 * parallel for, the initial vector and the checksum. */
#ifndef DOALL_OPENMP_KERNEL_H
#define DOALL_OPENMP_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* The three workloads of docs/SPEC.md section 3, in the spec's order. */
enum op { OP_LIGHT, OP_HEAVY, OP_RAMP };

/* The workloads' names, indexed by enum op. */
extern const char *const OP_NAMES[3];

/* Fills the heavy coefficients; call once before anything else. */
void kernel_init(void);

/* v[i] += op(v[i]) on every element of chunk: the one kernel that the
 * sequential loop and every thread of the parallel for call. */
void update_chunk(double *chunk, size_t len, enum op op);

/* The bound c*n/chunks of docs/SPEC.md section 4, without overflow. */
size_t chunk_bound(size_t c, size_t n, size_t chunks);

/* The parallel for: `threads` chunks, one per thread, schedule(static). */
void do_all(double *v, size_t n, enum op op, int threads);

/* do_all that records which OS thread ran each chunk and returns how many
 * distinct threads ran one. */
int do_all_probed(double *v, size_t n, enum op op, int threads);

/* v[i] = i/n, one correctly rounded division each. */
void initial_vector(double *v, size_t n);

/* The 64-bit FNV-1a of docs/SPEC.md section 6, as 16 hex digits and a
 * terminating zero in out[17]. */
void checksum(const double *v, size_t n, char out[17]);

/* Checks every reference checksum of docs/SPEC.md section 6 with the
 * sequential loop and the parallel for at 1, 2, 3, 4 and 8 threads. Returns
 * 0, or -1 with the first mismatch written to message. */
int selftest(char *message, size_t size);

#endif
