/* doall-openmp-peer: Go's DoAll written the OpenMP way, `#pragma omp
 * parallel for schedule(static)` over the chunks of docs/SPEC.md, so that
 * the Rust strategies can be measured against a C compiler's OpenMP
 * runtime on the same machine.
 *
 * The Rust bench harness runs it as a subprocess and speaks the Go peer's
 * line protocol (peers/go/README.md): one request per line on stdin, one
 * reply line per request on stdout. README.md beside this file says how to
 * build it and where it differs. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel.h"

/* The most threads this peer serves: docs/SPEC.md section 5 lets a
 * strategy refuse a count it cannot serve. */
#define MAX_THREADS 1024

/* What a reply may say before the checksum: an error message, or a total. */
#define MESSAGE_SIZE 512

/* The initial vector of every length asked for, and one working vector
 * that every call overwrites. */
struct cached {
  size_t n;
  double *v;
};
static struct cached *initial;
static size_t initial_count;
static double *work;
static size_t work_len;

static void drop_vectors(void) {
  for (size_t i = 0; i < initial_count; i++) {
    free(initial[i].v);
  }
  free(initial);
  free(work);
  initial = NULL, initial_count = 0, work = NULL, work_len = 0;
}

/* A file's first number, as a count of bytes; -1 if missing or "max". */
static long long read_number(const char *path, const char *key) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    return -1;
  }
  char line[256];
  long long value = -1;
  while (fgets(line, sizeof line, f) != NULL) {
    if (key == NULL) {
      char *end;
      errno = 0;
      long long n = strtoll(line, &end, 10);
      value = errno == 0 && end != line ? n : -1;
      break;
    }
    if (strncmp(line, key, strlen(key)) == 0) {
      value = strtoll(line + strlen(key), NULL, 10) * 1024; /* meminfo counts kB */
      break;
    }
  }
  fclose(f);
  return value;
}

/* Whether `need` more bytes fit in what Linux calls MemAvailable, or in
 * what the control group that limits this process has left, less 64 MiB
 * for the rest of the machine. Linux hands out memory it does not have and
 * kills the process later, so a length too large is refused up front. */
static int memory_fits(size_t need) {
  long long avail = read_number("/proc/meminfo", "MemAvailable:");
  long long limit = read_number("/sys/fs/cgroup/memory.max", NULL);
  long long used = read_number("/sys/fs/cgroup/memory.current", NULL);
  if (limit >= 0 && used >= 0 && (avail < 0 || limit - used < avail)) {
    avail = limit - used;
  }
  if (avail < 0) {
    return need <= (size_t)1 << 30; /* Unknown: at most 1 GiB per request. */
  }
  return avail > (64LL << 20) && need <= (size_t)(avail - (64LL << 20));
}

/* The initial vector of length n and the working vector, allocated if
 * needed; NULL with a message if they do not fit. */
static const double *vectors(size_t n, char *message) {
  if (n > SIZE_MAX / 16) {
    snprintf(message, MESSAGE_SIZE, "bad len %zu: more bytes than a size_t can count", n);
    return NULL;
  }
  for (size_t i = 0; i < initial_count; i++) {
    if (initial[i].n == n) {
      return initial[i].v; /* The working vector is as long as the longest. */
    }
  }
  if (!memory_fits(16 * n)) {
    drop_vectors();
    if (!memory_fits(16 * n)) {
      snprintf(message, MESSAGE_SIZE,
               "bad len %zu: needs %zu bytes, more than this machine has available", n, 16 * n);
      return NULL;
    }
  }
  if (work_len < n) {
    free(work);
    work = malloc(n * sizeof *work + 1);
    work_len = work == NULL ? 0 : n;
  }
  double *v = malloc(n * sizeof *v + 1);
  struct cached *grown = realloc(initial, (initial_count + 1) * sizeof *grown);
  if (grown != NULL) {
    initial = grown;
  }
  if (work == NULL || v == NULL || grown == NULL) {
    free(v);
    drop_vectors();
    snprintf(message, MESSAGE_SIZE, "bad len %zu: out of memory", n);
    return NULL;
  }
  initial_vector(v, n);
  initial[initial_count++] = (struct cached){n, v};
  return v;
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Busy-waits gap_ns on the caller, as a program keeps its thread busy
 * between two parallel calls: sleeping would change what the runtime's
 * idle threads see. */
static void spin(uint64_t gap_ns) {
  for (uint64_t start = now_ns(); now_ns() - start < gap_ns;) {
  }
}

/* Reads a whole number as docs/SPEC.md section 5 does: ASCII digits only,
 * leading zeros accepted, between least and most. */
static int parse_count(const char *field, const char *s, uint64_t least, uint64_t most,
                       uint64_t *out, char *message) {
  if (*s == '\0' || strspn(s, "0123456789") != strlen(s)) {
    snprintf(message, MESSAGE_SIZE, "bad %s \"%s\": not a whole number (ASCII digits only)",
             field, s);
    return -1;
  }
  uint64_t n = 0;
  for (const char *d = s; *d != '\0'; d++) {
    uint64_t digit = (uint64_t)(*d - '0');
    if (n > (most - digit) / 10) {
      snprintf(message, MESSAGE_SIZE, "bad %s \"%s\": more than %llu", field, s,
               (unsigned long long)most);
      return -1;
    }
    n = 10 * n + digit;
  }
  if (n < least) {
    snprintf(message, MESSAGE_SIZE, "bad %s \"%s\": less than %llu", field, s,
             (unsigned long long)least);
    return -1;
  }
  *out = n;
  return 0;
}

/* Serves `time <workload> <len> <threads> <seq|doall> <calls> <gap_ns>`,
 * or `probe <workload> <len> <threads> <calls> <gap_ns>` (always doall),
 * printing the reply; returns -1 with a message on a bad request. */
static int run(char **words, int count, char *message) {
  int probe = strcmp(words[0], "probe") == 0;
  const char *usage = probe ? "probe <workload> <len> <threads> <calls> <gap_ns>"
                            : "time <workload> <len> <threads> <seq|doall> <calls> <gap_ns>";
  if (count != (probe ? 6 : 7)) {
    snprintf(message, MESSAGE_SIZE, "bad request: expected \"%s\"", usage);
    return -1;
  }
  char *args[6] = {words[1], words[2], words[3], "doall", words[4], words[5]};
  if (!probe) {
    memcpy(args, words + 1, sizeof args);
  }
  int op = -1;
  for (int i = 0; i < 3; i++) {
    op = strcmp(args[0], OP_NAMES[i]) == 0 ? i : op;
  }
  if (op < 0) {
    snprintf(message, MESSAGE_SIZE, "bad workload \"%s\": expected light, heavy or ramp",
             args[0]);
    return -1;
  }
  uint64_t n, threads, calls, gap_ns;
  if (parse_count("len", args[1], 0, SIZE_MAX, &n, message) != 0 ||
      parse_count("threads", args[2], 1, MAX_THREADS, &threads, message) != 0) {
    return -1;
  }
  if (strcmp(args[3], "seq") != 0 && strcmp(args[3], "doall") != 0) {
    snprintf(message, MESSAGE_SIZE, "bad strategy \"%s\": expected seq or doall", args[3]);
    return -1;
  }
  int doall = strcmp(args[3], "doall") == 0;
  if (parse_count("calls", args[4], 1, INT_MAX, &calls, message) != 0 ||
      parse_count("gap_ns", args[5], 0, INT64_MAX, &gap_ns, message) != 0) {
    return -1;
  }
  const double *init = vectors((size_t)n, message);
  if (init == NULL) {
    return -1;
  }
  int *used = probe ? malloc(calls * sizeof *used) : NULL;
  if (probe && used == NULL) {
    snprintf(message, MESSAGE_SIZE, "bad calls %llu: too many to probe at once",
             (unsigned long long)calls);
    return -1;
  }
  uint64_t total = 0;
  for (uint64_t call = 0; call < calls; call++) {
    memcpy(work, init, n * sizeof *work);
    spin(gap_ns);
    if (probe) {
      used[call] = do_all_probed(work, n, (enum op)op, (int)threads);
      continue;
    }
    uint64_t start = now_ns();
    if (doall) {
      do_all(work, n, (enum op)op, (int)threads);
    } else {
      update_chunk(work, n, (enum op)op);
    }
    total += now_ns() - start;
  }
  char sum[17];
  checksum(work, n, sum);
  if (probe) {
    fputs("ok ", stdout);
    for (uint64_t call = 0; call < calls; call++) {
      printf(call == 0 ? "%d" : ",%d", used[call]);
    }
    printf(" %s\n", sum);
    free(used);
  } else {
    printf("ok %llu %s\n", (unsigned long long)total, sum);
  }
  return 0;
}

/* The spec's table computed with this program's kernel, as
 * workload:len:checksum triples. */
static void print_checksums(void) {
  static const size_t lens[4] = {0, 1, 7, 1000};
  double v[1000];
  char sum[17];
  fputs("ok", stdout);
  for (int op = OP_LIGHT; op <= OP_RAMP; op++) {
    for (int j = 0; j < 4; j++) {
      initial_vector(v, lens[j]);
      update_chunk(v, lens[j], (enum op)op);
      checksum(v, lens[j], sum);
      printf(" %s:%zu:%s", OP_NAMES[op], lens[j], sum);
    }
  }
  putchar('\n');
}

/* Answers one request line; returns 1 on quit. */
static int handle(char *line) {
  char *words[8];
  int count = 0;
  for (char *w = strtok(line, " \t"); w != NULL; w = strtok(NULL, " \t")) {
    if (count < 8) {
      words[count] = w;
    }
    count++;
  }
  char message[MESSAGE_SIZE] = "";
  int failed = 0;
  if (count == 0) {
    snprintf(message, sizeof message, "empty request");
    failed = 1;
  } else if (strcmp(words[0], "time") == 0 || strcmp(words[0], "probe") == 0) {
    failed = count > 8 ? (snprintf(message, sizeof message, "bad request: too many words"), 1)
                       : run(words, count, message) != 0;
  } else if (strcmp(words[0], "quit") != 0 && strcmp(words[0], "checksums") != 0 &&
             strcmp(words[0], "selftest") != 0) {
    snprintf(message, sizeof message,
             "bad request \"%.64s\": expected time, probe, checksums, selftest or quit", words[0]);
    failed = 1;
  } else if (count > 1) {
    snprintf(message, sizeof message, "bad request: %s takes no arguments", words[0]);
    failed = 1;
  } else if (strcmp(words[0], "quit") == 0) {
    return 1;
  } else if (strcmp(words[0], "checksums") == 0) {
    print_checksums();
  } else if (selftest(message, sizeof message) == 0) {
    puts("ok selftest passed");
  } else {
    failed = 1;
  }
  if (failed) {
    printf("err %s\n", message);
  }
  fflush(stdout);
  return 0;
}

/* The compiler, its OpenMP runtime and the runtime's waiting settings as
 * this process found them: how results name the peer. */
static void describe(void) {
#if defined(__clang__)
  printf("clang %d.%d.%d, libomp", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  printf("gcc %d.%d.%d, libgomp", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  printf("a C compiler with OpenMP %d", _OPENMP);
#endif
  const char *names[2] = {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"};
  for (int i = 0; i < 2; i++) {
    const char *value = getenv(names[i]);
    printf(i == 0 ? "; " : ", ");
    if (value == NULL) {
      printf("%s unset", names[i]);
    } else {
      printf("%s=%.64s", names[i], value);
    }
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  kernel_init();
  if (argc == 2 && strcmp(argv[1], "--selftest") == 0) {
    char message[MESSAGE_SIZE];
    if (selftest(message, sizeof message) != 0) {
      fprintf(stderr, "selftest: %s\n", message);
      return 1;
    }
    puts("ok selftest passed: every checksum of docs/SPEC.md §6, seq and doall");
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "--describe") == 0) {
    describe();
    return 0;
  }
  if (argc != 1) {
    fputs("usage: doall-openmp-peer [--selftest | --describe]  (requests on stdin: see "
          "peers/go/README.md)\n",
          stderr);
    return 2;
  }
  char *line = NULL;
  size_t size = 0;
  ssize_t read;
  while ((read = getline(&line, &size, stdin)) >= 0) {
    line[strcspn(line, "\r\n")] = '\0';
    if (handle(line)) {
      break;
    }
  }
  free(line);
  drop_vectors();
  return 0;
}
