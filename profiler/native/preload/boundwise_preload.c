// libboundwise_preload.so: injected with LD_PRELOAD by `boundwise profile` into a native program
// (and, through the environment, into its children). It measures, per process:
//   - every blocking libc call (read, recv, poll, nanosleep, pthread_cond_wait, ...): wall time,
//     the kind of wait (network, disk, ipc, sleep, lock, ...) and the call stack that made it;
//   - on-CPU samples: a perf_event_open task-clock event per thread (4 ms of the thread's CPU
//     time) whose ring buffer wakes the thread with a signal; the handler unwinds the stack with
//     the program's CFI (.eh_frame), which works without frame pointers.
// Results go to $BOUNDWISE_NATIVE_RESULTS/native-<pid>-<start>.txt, written however the process
// ends (exit, _exit, exec, fatal signal, SIGTERM/SIGINT) and checkpointed about once a second, so
// a SIGKILL keeps what was flushed. boundwise reads and symbolizes them
// (profiler/native/analysis/).
//
// Written in C: nothing of a C++ runtime is added to the program being measured. Everything
// the signal handlers touch is async-signal-safe (raw syscalls, preallocated tables).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unwind.h>

#define BW_EXPORT __attribute__((visibility("default")))
#define MAX_DEPTH 64
#define BLOCK_SLOTS 8192   // distinct (call, kind, stack) triples per process
#define SAMPLE_SLOTS 16384 // distinct sampled stacks per process
#define MAX_THREADS 1024
#define FD_KINDS 4096
#define SAMPLE_PERIOD_NS 4000000ull  // 250 Hz of CPU time: see docs/performance.md
#define RING_PAGES 2  // data pages after the header page; drained on every sample

// Kinds of waits. Their names are the file format (and the `blocked_s` keys in the JSON).
enum { K_OTHER, K_NETWORK, K_DISK, K_IPC, K_CONSOLE, K_SLEEP, K_LOCK, K_SUBPROCESS, K_COUNT };
static const char *const kKindNames[K_COUNT] = {"other", "network", "disk", "ipc",
                                                "console", "sleep", "lock", "subprocess"};

// ---------------------------------------------------------------- state

struct block_entry {
  uint64_t hash;
  uint32_t used;
  uint16_t call;  // index into kCallNames
  uint16_t kind;
  uint32_t depth;
  uint64_t count;
  uint64_t ns;
  uintptr_t pcs[MAX_DEPTH];
};

struct sample_entry {
  uint64_t hash;
  uint32_t used;
  uint32_t depth;
  uint64_t count;
  uintptr_t pcs[MAX_DEPTH];
};

// The blocking call a thread is in right now: a flush counts it too (a program stopped by
// --timeout while it sleeps has spent that time sleeping).
struct inflight {
  _Atomic int active;
  uint16_t call, kind;
  uint64_t t0;
  int depth;
  uintptr_t pcs[MAX_DEPTH];
};

struct thread_slot {
  _Atomic int used;
  pid_t tid;
  int fd;      // the thread's perf event, -1 when sampling could not start
  void *ring;
  struct inflight *inflight;
};

static struct {
  int enabled;
  char dir[1024];
  char path[1200];
  pid_t pid;
  uint64_t start_ns;
  int prof_signal;
  int sampling;              // 1 when perf_event_open worked for the main thread
  char sampling_problem[160];
  uintptr_t self_lo, self_hi;  // this library's text: its frames are skipped
  struct block_entry *blocks;
  struct sample_entry *samples;
  // Slots in use, in insertion order: a flush walks these, not the whole (mostly untouched) tables.
  uint32_t *block_used;
  uint32_t *sample_used;
  uint32_t n_block_used, n_sample_used;
  atomic_flag block_lock;
  atomic_flag sample_lock;
  atomic_flag flush_lock;
  _Atomic uint64_t dropped_blocks, dropped_samples, lost_samples, total_samples;
  _Atomic uint64_t threads_seen;
  _Atomic uint64_t last_checkpoint_ns;
  struct thread_slot threads[MAX_THREADS];
  _Atomic unsigned char fd_kind[FD_KINDS];  // 0 = not known yet, else kind + 1
  _Atomic unsigned char perf_fd[FD_KINDS];  // 1 for this library's perf event descriptors
  pthread_key_t thread_key;
} g;

static __thread int t_in_hook;
static __thread int t_perf_fd = -1;
static __thread void *t_ring;
static __thread int t_slot = -1;
static __thread struct inflight t_inflight;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static pid_t gettid_raw(void) { return (pid_t)syscall(SYS_gettid); }

static void spin_lock(atomic_flag *f) {
  while (atomic_flag_test_and_set_explicit(f, memory_order_acquire)) {
  }
}
static int spin_trylock(atomic_flag *f, int spins) {
  for (int i = 0; i < spins; ++i)
    if (!atomic_flag_test_and_set_explicit(f, memory_order_acquire)) return 1;
  return 0;
}
static void spin_unlock(atomic_flag *f) { atomic_flag_clear_explicit(f, memory_order_release); }

// ---------------------------------------------------------------- stacks

struct unwind_state {
  uintptr_t *pcs;
  // For each frame, the CFA the unwinder reports with it: that of the frame it returns from,
  // so the frame's return address is stored just below it (x86-64).
  uintptr_t *cfas;
  int depth;
  int from_signal;  // skip frames up to and including the signal frame
  int seen_signal;
};

static _Unwind_Reason_Code unwind_step(struct _Unwind_Context *ctx, void *arg) {
  struct unwind_state *s = arg;
  int before = 0;
  uintptr_t ip = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
  if (ip == 0) return _URC_END_OF_STACK;
  if (s->from_signal && !s->seen_signal) {
    // The interrupted frame is the first one whose IP is not a return address.
    if (!before) return _URC_NO_REASON;
    s->seen_signal = 1;
    s->pcs[s->depth++] = ip;
    return s->depth >= MAX_DEPTH ? _URC_END_OF_STACK : _URC_NO_REASON;
  }
  if (ip >= g.self_lo && ip < g.self_hi) return _URC_NO_REASON;  // our own frames
  if (s->cfas) s->cfas[s->depth] = (uintptr_t)_Unwind_GetCFA(ctx);
  // A return address points after the call: the call itself is one byte before.
  s->pcs[s->depth++] = before ? ip : ip - 1;
  return s->depth >= MAX_DEPTH ? _URC_END_OF_STACK : _URC_NO_REASON;
}

static int capture_stack(uintptr_t *pcs, int from_signal) {
  struct unwind_state s = {pcs, NULL, 0, from_signal, 0};
  _Unwind_Backtrace(unwind_step, &s);
  return s.depth;
}

// Unwinding costs about a microsecond per call, as much as a fast system call: a loop that calls
// read() a million times would run at half speed. A thread's recent stacks are kept with the
// stack addresses their return addresses were found at, and reused when those addresses still
// hold the same return addresses: a few loads instead of a DWARF walk.
#define STACK_CACHE 8
struct stack_cache_entry {
  uintptr_t hook_cfa;
  int depth;
  uintptr_t pcs[MAX_DEPTH];
  uintptr_t cfas[MAX_DEPTH];
};
static __thread struct stack_cache_entry t_stack_cache[STACK_CACHE];
// The thread's own stack: only stacks found entirely inside it are reused (a coroutine's stack
// may be gone by the next call; this one is not).
static __thread uintptr_t t_stack_lo, t_stack_hi;

static void learn_thread_stack(void) {
  pthread_attr_t attr;
  void *addr = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    t_stack_lo = (uintptr_t)addr;
    t_stack_hi = (uintptr_t)addr + size;
  }
  pthread_attr_destroy(&attr);
}

static int on_thread_stack(uintptr_t a) { return a > t_stack_lo && a <= t_stack_hi; }

static int capture_blocking_stack(uintptr_t hook_cfa, uintptr_t *pcs) {
  const uintptr_t ra = *(const uintptr_t *)(hook_cfa - sizeof(uintptr_t));
  struct stack_cache_entry *e = &t_stack_cache[((hook_cfa >> 4) ^ ra) % STACK_CACHE];
  if (e->hook_cfa == hook_cfa && e->depth > 0 && on_thread_stack(hook_cfa)) {
    int k = 0;
    while (k < e->depth && *(const uintptr_t *)(e->cfas[k] - sizeof(uintptr_t)) == e->pcs[k] + 1) ++k;
    if (k == e->depth) {
      memcpy(pcs, e->pcs, sizeof(uintptr_t) * (size_t)e->depth);
      return e->depth;
    }
  }
  struct unwind_state s = {e->pcs, e->cfas, 0, 0, 0};
  _Unwind_Backtrace(unwind_step, &s);
  // Only a stack whose frames are all plain calls, starting at this very interposer frame, can
  // be checked that way next time (not one through a signal frame, for instance).
  int checkable = s.depth > 0 && e->cfas[0] == hook_cfa;
  for (int k = 0; checkable && k < s.depth; ++k)
    checkable = on_thread_stack(e->cfas[k]) && *(const uintptr_t *)(e->cfas[k] - sizeof(uintptr_t)) == e->pcs[k] + 1;
  e->hook_cfa = checkable ? hook_cfa : 0;
  e->depth = s.depth;
  memcpy(pcs, e->pcs, sizeof(uintptr_t) * (size_t)s.depth);
  return s.depth;
}

static uint64_t hash_stack(const uintptr_t *pcs, int depth, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (int i = 0; i < depth; ++i) {
    h ^= pcs[i];
    h *= 1099511628211ull;
    h ^= h >> 29;
  }
  return h | 1;  // 0 marks an empty slot
}

// ---------------------------------------------------------------- blocking calls

enum {
  C_READ, C_WRITE, C_PREAD, C_PWRITE, C_READV, C_WRITEV, C_RECV, C_RECVFROM, C_RECVMSG, C_SEND,
  C_SENDTO, C_SENDMSG, C_ACCEPT, C_ACCEPT4, C_CONNECT, C_POLL, C_PPOLL, C_SELECT, C_PSELECT,
  C_EPOLL_WAIT, C_EPOLL_PWAIT, C_NANOSLEEP, C_CLOCK_NANOSLEEP, C_USLEEP, C_SLEEP, C_FSYNC,
  C_FDATASYNC, C_COND_WAIT, C_COND_TIMEDWAIT, C_JOIN, C_MUTEX_LOCK, C_WAITPID, C_WAIT, C_FUTEX,
  C_SEM_WAIT, C_SEM_TIMEDWAIT, C_RWLOCK_RDLOCK, C_RWLOCK_WRLOCK, C_BARRIER_WAIT,
  C_COUNT
};
static const char *const kCallNames[C_COUNT] = {
    "read", "write", "pread", "pwrite", "readv", "writev", "recv", "recvfrom", "recvmsg", "send",
    "sendto", "sendmsg", "accept", "accept4", "connect", "poll", "ppoll", "select", "pselect",
    "epoll_wait", "epoll_pwait", "nanosleep", "clock_nanosleep", "usleep", "sleep", "fsync",
    "fdatasync", "pthread_cond_wait", "pthread_cond_timedwait", "pthread_join",
    "pthread_mutex_lock", "waitpid", "wait", "futex",
    "sem_wait", "sem_timedwait", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "pthread_barrier_wait"};

static int kind_of_fd(int fd) {
  if (fd >= 0 && fd < FD_KINDS) {
    unsigned char k = atomic_load_explicit(&g.fd_kind[fd], memory_order_relaxed);
    if (k) return k - 1;
  }
  struct stat st;
  int kind = K_OTHER;
  if (syscall(SYS_fstat, fd, &st) == 0) {
    if (S_ISSOCK(st.st_mode)) kind = K_NETWORK;
    else if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode)) kind = K_DISK;
    else if (S_ISFIFO(st.st_mode)) kind = K_IPC;
    else if (S_ISCHR(st.st_mode)) kind = K_CONSOLE;
  }
  if (fd >= 0 && fd < FD_KINDS) atomic_store_explicit(&g.fd_kind[fd], (unsigned char)(kind + 1), memory_order_relaxed);
  return kind;
}

static void forget_fd(int fd) {
  if (fd >= 0 && fd < FD_KINDS) atomic_store_explicit(&g.fd_kind[fd], 0, memory_order_relaxed);
}

static void checkpoint_if_due(uint64_t now);

static void add_block(int call, int kind, uint64_t ns, const uintptr_t *pcs, int depth) {
  if (!g.enabled || !g.blocks) return;
  uint64_t h = hash_stack(pcs, depth, (uint64_t)call * 131 + (uint64_t)kind);
  spin_lock(&g.block_lock);
  for (uint32_t i = 0; i < BLOCK_SLOTS; ++i) {
    uint32_t slot = (uint32_t)((h + i) & (BLOCK_SLOTS - 1));
    struct block_entry *e = &g.blocks[slot];
    if (!e->used) {
      e->used = 1;
      g.block_used[g.n_block_used++] = slot;
      e->hash = h;
      e->call = (uint16_t)call;
      e->kind = (uint16_t)kind;
      e->depth = (uint32_t)depth;
      memcpy(e->pcs, pcs, sizeof(uintptr_t) * (size_t)depth);
    } else if (e->hash != h || e->call != call || e->kind != kind || e->depth != (uint32_t)depth ||
               memcmp(e->pcs, pcs, sizeof(uintptr_t) * (size_t)depth) != 0) {
      continue;
    }
    e->count += 1;
    e->ns += ns;
    spin_unlock(&g.block_lock);
    return;
  }
  spin_unlock(&g.block_lock);
  atomic_fetch_add(&g.dropped_blocks, 1);
}

// Resolves the next definition of a libc function once; the interposers call through it.
#define REAL(name) real_##name
#define RESOLVE(name)                                                       \
  do {                                                                      \
    if (!REAL(name)) REAL(name) = (__typeof__(REAL(name)))dlsym(RTLD_NEXT, #name); \
  } while (0)

// Times the call in EXPR (a blocking libc call) and records it, unless this thread is already
// inside one of our hooks (libc functions that call each other through the PLT).
static void begin_block(int call, int kind, uintptr_t hook_cfa) {
  struct inflight *f = &t_inflight;
  f->call = (uint16_t)call;
  f->kind = (uint16_t)kind;
  f->depth = capture_blocking_stack(hook_cfa, f->pcs);
  f->t0 = now_ns();
  atomic_store_explicit(&f->active, 1, memory_order_release);
}

static void end_block(void) {
  struct inflight *f = &t_inflight;
  uint64_t t1 = now_ns();
  atomic_store_explicit(&f->active, 0, memory_order_release);
  add_block(f->call, f->kind, t1 - f->t0, f->pcs, f->depth);
  checkpoint_if_due(t1);
}

#define TIMED(call_id, kind_expr, result_type, expr)      \
  do {                                                    \
    if (t_in_hook || !g.enabled) return expr;             \
    t_in_hook = 1;                                        \
    begin_block(call_id, kind_expr, (uintptr_t)__builtin_dwarf_cfa()); \
    result_type bw_r = expr;                              \
    int bw_errno = errno;                                 \
    end_block();                                          \
    t_in_hook = 0;                                        \
    errno = bw_errno;                                     \
    return bw_r;                                          \
  } while (0)

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pread64)(int, void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_readv)(int, const struct iovec *, int);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_recv)(int, void *, size_t, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_recvmsg)(int, struct msghdr *, int);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_sendto)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
static ssize_t (*real_sendmsg)(int, const struct msghdr *, int);
static int (*real_accept)(int, struct sockaddr *, socklen_t *);
static int (*real_accept4)(int, struct sockaddr *, socklen_t *, int);
static int (*real_connect)(int, const struct sockaddr *, socklen_t);
static int (*real_poll)(struct pollfd *, nfds_t, int);
static int (*real_ppoll)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
static int (*real_select)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
static int (*real_pselect)(int, fd_set *, fd_set *, fd_set *, const struct timespec *, const sigset_t *);
static int (*real_epoll_wait)(int, struct epoll_event *, int, int);
static int (*real_epoll_pwait)(int, struct epoll_event *, int, int, const sigset_t *);
static int (*real_nanosleep)(const struct timespec *, struct timespec *);
static int (*real_clock_nanosleep)(clockid_t, int, const struct timespec *, struct timespec *);
static int (*real_usleep)(useconds_t);
static unsigned (*real_sleep)(unsigned);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_pthread_cond_wait)(pthread_cond_t *, pthread_mutex_t *);
static int (*real_pthread_cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
static int (*real_pthread_join)(pthread_t, void **);
static int (*real_pthread_mutex_lock)(pthread_mutex_t *);
static int (*real_pthread_mutex_trylock)(pthread_mutex_t *);
static int (*real_pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static pid_t (*real_waitpid)(pid_t, int *, int);
static pid_t (*real_wait)(int *);
static int (*real_close)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static void (*real__exit)(int) __attribute__((noreturn));
static int (*real_execve)(const char *, char *const[], char *const[]);
static int (*real_execv)(const char *, char *const[]);
static int (*real_execvp)(const char *, char *const[]);
static int (*real_execvpe)(const char *, char *const[], char *const[]);

static int kind_of_pollfds(const struct pollfd *fds, nfds_t n) {
  int kind = K_OTHER;
  for (nfds_t i = 0; i < n && i < 64; ++i) {
    if (fds[i].fd < 0) continue;
    int k = kind_of_fd(fds[i].fd);
    if (k == K_NETWORK) return K_NETWORK;
    if (kind == K_OTHER) kind = k;
  }
  return kind;
}

static int kind_of_fdsets(int nfds, const fd_set *r, const fd_set *w) {
  int kind = K_OTHER;
  for (int fd = 0; fd < nfds && fd < FD_SETSIZE; ++fd) {
    if (!((r && FD_ISSET(fd, r)) || (w && FD_ISSET(fd, w)))) continue;
    int k = kind_of_fd(fd);
    if (k == K_NETWORK) return K_NETWORK;
    if (kind == K_OTHER) kind = k;
  }
  return kind;
}

BW_EXPORT ssize_t read(int fd, void *buf, size_t n) {
  RESOLVE(read);
  TIMED(C_READ, kind_of_fd(fd), ssize_t, real_read(fd, buf, n));
}
BW_EXPORT ssize_t write(int fd, const void *buf, size_t n) {
  RESOLVE(write);
  TIMED(C_WRITE, kind_of_fd(fd), ssize_t, real_write(fd, buf, n));
}
BW_EXPORT ssize_t pread64(int fd, void *buf, size_t n, off_t off) {
  RESOLVE(pread64);
  TIMED(C_PREAD, kind_of_fd(fd), ssize_t, real_pread64(fd, buf, n, off));
}
BW_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off) { return pread64(fd, buf, n, off); }
BW_EXPORT ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
  RESOLVE(pwrite64);
  TIMED(C_PWRITE, kind_of_fd(fd), ssize_t, real_pwrite64(fd, buf, n, off));
}
BW_EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return pwrite64(fd, buf, n, off); }
BW_EXPORT ssize_t readv(int fd, const struct iovec *iov, int n) {
  RESOLVE(readv);
  TIMED(C_READV, kind_of_fd(fd), ssize_t, real_readv(fd, iov, n));
}
BW_EXPORT ssize_t writev(int fd, const struct iovec *iov, int n) {
  RESOLVE(writev);
  TIMED(C_WRITEV, kind_of_fd(fd), ssize_t, real_writev(fd, iov, n));
}
BW_EXPORT ssize_t recv(int fd, void *buf, size_t n, int flags) {
  RESOLVE(recv);
  TIMED(C_RECV, kind_of_fd(fd), ssize_t, real_recv(fd, buf, n, flags));
}
BW_EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *a, socklen_t *al) {
  RESOLVE(recvfrom);
  TIMED(C_RECVFROM, kind_of_fd(fd), ssize_t, real_recvfrom(fd, buf, n, flags, a, al));
}
BW_EXPORT ssize_t recvmsg(int fd, struct msghdr *m, int flags) {
  RESOLVE(recvmsg);
  TIMED(C_RECVMSG, kind_of_fd(fd), ssize_t, real_recvmsg(fd, m, flags));
}
BW_EXPORT ssize_t send(int fd, const void *buf, size_t n, int flags) {
  RESOLVE(send);
  TIMED(C_SEND, kind_of_fd(fd), ssize_t, real_send(fd, buf, n, flags));
}
BW_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *a, socklen_t al) {
  RESOLVE(sendto);
  TIMED(C_SENDTO, kind_of_fd(fd), ssize_t, real_sendto(fd, buf, n, flags, a, al));
}
BW_EXPORT ssize_t sendmsg(int fd, const struct msghdr *m, int flags) {
  RESOLVE(sendmsg);
  TIMED(C_SENDMSG, kind_of_fd(fd), ssize_t, real_sendmsg(fd, m, flags));
}
BW_EXPORT int accept(int fd, struct sockaddr *a, socklen_t *al) {
  RESOLVE(accept);
  TIMED(C_ACCEPT, K_NETWORK, int, real_accept(fd, a, al));
}
BW_EXPORT int accept4(int fd, struct sockaddr *a, socklen_t *al, int flags) {
  RESOLVE(accept4);
  TIMED(C_ACCEPT4, K_NETWORK, int, real_accept4(fd, a, al, flags));
}
BW_EXPORT int connect(int fd, const struct sockaddr *a, socklen_t al) {
  RESOLVE(connect);
  TIMED(C_CONNECT, K_NETWORK, int, real_connect(fd, a, al));
}
BW_EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout) {
  RESOLVE(poll);
  TIMED(C_POLL, kind_of_pollfds(fds, n), int, real_poll(fds, n, timeout));
}
BW_EXPORT int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *m) {
  RESOLVE(ppoll);
  TIMED(C_PPOLL, kind_of_pollfds(fds, n), int, real_ppoll(fds, n, t, m));
}
BW_EXPORT int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *t) {
  RESOLVE(select);
  // The kind is taken before the call: select() rewrites the sets.
  int kind = (t_in_hook || !g.enabled) ? K_OTHER : kind_of_fdsets(nfds, r, w);
  TIMED(C_SELECT, kind, int, real_select(nfds, r, w, e, t));
}
BW_EXPORT int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e, const struct timespec *t, const sigset_t *m) {
  RESOLVE(pselect);
  int kind = (t_in_hook || !g.enabled) ? K_OTHER : kind_of_fdsets(nfds, r, w);
  TIMED(C_PSELECT, kind, int, real_pselect(nfds, r, w, e, t, m));
}
BW_EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int n, int timeout) {
  RESOLVE(epoll_wait);
  TIMED(C_EPOLL_WAIT, K_OTHER, int, real_epoll_wait(epfd, ev, n, timeout));
}
BW_EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int n, int timeout, const sigset_t *m) {
  RESOLVE(epoll_pwait);
  TIMED(C_EPOLL_PWAIT, K_OTHER, int, real_epoll_pwait(epfd, ev, n, timeout, m));
}
BW_EXPORT int nanosleep(const struct timespec *req, struct timespec *rem) {
  RESOLVE(nanosleep);
  TIMED(C_NANOSLEEP, K_SLEEP, int, real_nanosleep(req, rem));
}
BW_EXPORT int clock_nanosleep(clockid_t c, int flags, const struct timespec *req, struct timespec *rem) {
  RESOLVE(clock_nanosleep);
  TIMED(C_CLOCK_NANOSLEEP, K_SLEEP, int, real_clock_nanosleep(c, flags, req, rem));
}
BW_EXPORT int usleep(useconds_t us) {
  RESOLVE(usleep);
  TIMED(C_USLEEP, K_SLEEP, int, real_usleep(us));
}
BW_EXPORT unsigned sleep(unsigned s) {
  RESOLVE(sleep);
  TIMED(C_SLEEP, K_SLEEP, unsigned, real_sleep(s));
}
BW_EXPORT int fsync(int fd) {
  RESOLVE(fsync);
  TIMED(C_FSYNC, K_DISK, int, real_fsync(fd));
}
BW_EXPORT int fdatasync(int fd) {
  RESOLVE(fdatasync);
  TIMED(C_FDATASYNC, K_DISK, int, real_fdatasync(fd));
}
BW_EXPORT pid_t waitpid(pid_t pid, int *status, int options) {
  RESOLVE(waitpid);
  TIMED(C_WAITPID, K_SUBPROCESS, pid_t, real_waitpid(pid, status, options));
}
BW_EXPORT pid_t wait(int *status) {
  RESOLVE(wait);
  TIMED(C_WAIT, K_SUBPROCESS, pid_t, real_wait(status));
}

// Raw futex waits reachable through libc's syscall() (std::atomic::wait, std::counting_semaphore,
// lock libraries); other system calls pass straight through. x86-64 passes all six arguments in
// registers, so reading six longs forwards any call.
static long (*real_syscall)(long, ...);
BW_EXPORT long syscall(long number, ...) {
  RESOLVE(syscall);
  va_list ap;
  va_start(ap, number);
  long a1 = va_arg(ap, long), a2 = va_arg(ap, long), a3 = va_arg(ap, long);
  long a4 = va_arg(ap, long), a5 = va_arg(ap, long), a6 = va_arg(ap, long);
  va_end(ap);
  if (number == SYS_futex) {
    const int op = (int)a2 & 0x7f;  // FUTEX_CMD_MASK
    if (op == 0 /* WAIT */ || op == 9 /* WAIT_BITSET */ || op == 6 /* LOCK_PI */ || op == 11 /* WAIT_REQUEUE_PI */)
      TIMED(C_FUTEX, K_LOCK, long, real_syscall(number, a1, a2, a3, a4, a5, a6));
  }
  return real_syscall(number, a1, a2, a3, a4, a5, a6);
}

// pthread_cond_* have two versions in glibc; dlsym would find the old LinuxThreads-era one.
BW_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  if (!real_pthread_cond_wait)
    real_pthread_cond_wait = (__typeof__(real_pthread_cond_wait))dlvsym(RTLD_NEXT, "pthread_cond_wait", "GLIBC_2.3.2");
  TIMED(C_COND_WAIT, K_LOCK, int, real_pthread_cond_wait(c, m));
}
BW_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t) {
  if (!real_pthread_cond_timedwait)
    real_pthread_cond_timedwait =
        (__typeof__(real_pthread_cond_timedwait))dlvsym(RTLD_NEXT, "pthread_cond_timedwait", "GLIBC_2.3.2");
  TIMED(C_COND_TIMEDWAIT, K_LOCK, int, real_pthread_cond_timedwait(c, m, t));
}
BW_EXPORT int pthread_join(pthread_t t, void **ret) {
  RESOLVE(pthread_join);
  TIMED(C_JOIN, K_LOCK, int, real_pthread_join(t, ret));
}
// Only contended locks are timed: an uncontended lock is one trylock, as cheap as before.
BW_EXPORT int pthread_mutex_lock(pthread_mutex_t *m) {
  RESOLVE(pthread_mutex_lock);
  RESOLVE(pthread_mutex_trylock);
  if (t_in_hook || !g.enabled) return real_pthread_mutex_lock(m);
  if (real_pthread_mutex_trylock(m) == 0) return 0;
  TIMED(C_MUTEX_LOCK, K_LOCK, int, real_pthread_mutex_lock(m));
}

static int (*real_sem_wait)(sem_t *);
static int (*real_sem_timedwait)(sem_t *, const struct timespec *);
static int (*real_sem_trywait)(sem_t *);
static int (*real_pthread_rwlock_rdlock)(pthread_rwlock_t *);
static int (*real_pthread_rwlock_wrlock)(pthread_rwlock_t *);
static int (*real_pthread_rwlock_tryrdlock)(pthread_rwlock_t *);
static int (*real_pthread_rwlock_trywrlock)(pthread_rwlock_t *);
static int (*real_pthread_barrier_wait)(pthread_barrier_t *);

// Like mutexes: only the waits that actually wait are timed.
BW_EXPORT int sem_wait(sem_t *sem) {
  RESOLVE(sem_wait);
  RESOLVE(sem_trywait);
  if (t_in_hook || !g.enabled) return real_sem_wait(sem);
  if (real_sem_trywait(sem) == 0) return 0;
  TIMED(C_SEM_WAIT, K_LOCK, int, real_sem_wait(sem));
}
BW_EXPORT int sem_timedwait(sem_t *sem, const struct timespec *t) {
  RESOLVE(sem_timedwait);
  TIMED(C_SEM_TIMEDWAIT, K_LOCK, int, real_sem_timedwait(sem, t));
}
BW_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *l) {
  RESOLVE(pthread_rwlock_rdlock);
  RESOLVE(pthread_rwlock_tryrdlock);
  if (t_in_hook || !g.enabled) return real_pthread_rwlock_rdlock(l);
  if (real_pthread_rwlock_tryrdlock(l) == 0) return 0;
  TIMED(C_RWLOCK_RDLOCK, K_LOCK, int, real_pthread_rwlock_rdlock(l));
}
BW_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *l) {
  RESOLVE(pthread_rwlock_wrlock);
  RESOLVE(pthread_rwlock_trywrlock);
  if (t_in_hook || !g.enabled) return real_pthread_rwlock_wrlock(l);
  if (real_pthread_rwlock_trywrlock(l) == 0) return 0;
  TIMED(C_RWLOCK_WRLOCK, K_LOCK, int, real_pthread_rwlock_wrlock(l));
}
BW_EXPORT int pthread_barrier_wait(pthread_barrier_t *b) {
  RESOLVE(pthread_barrier_wait);
  TIMED(C_BARRIER_WAIT, K_LOCK, int, real_pthread_barrier_wait(b));
}

// File descriptors are reused: forget what kind a closed one was.
static int is_perf_fd(int fd) { return fd >= 0 && fd < FD_KINDS && atomic_load(&g.perf_fd[fd]); }

// A descriptor the program replaces with dup2 is no longer ours: never touch it again.
static void disown_perf_fd(int fd) {
  if (!is_perf_fd(fd)) return;
  atomic_store(&g.perf_fd[fd], 0);
  for (int i = 0; i < MAX_THREADS; ++i)
    if (atomic_load(&g.threads[i].used) && g.threads[i].fd == fd) g.threads[i].fd = -1;
}

// Programs that close every descriptor (daemons) would close the perf events: those close()s
// succeed without closing them, so the number is not reused under the library's feet.
BW_EXPORT int close(int fd) {
  RESOLVE(close);
  if (is_perf_fd(fd)) return 0;
  forget_fd(fd);
  return real_close(fd);
}
BW_EXPORT int dup2(int from, int to) {
  RESOLVE(dup2);
  forget_fd(to);
  disown_perf_fd(to);
  return real_dup2(from, to);
}
BW_EXPORT int dup3(int from, int to, int flags) {
  RESOLVE(dup3);
  forget_fd(to);
  disown_perf_fd(to);
  return real_dup3(from, to, flags);
}

// ---------------------------------------------------------------- on-CPU sampling

static void record_sample(uint64_t count, const uintptr_t *known, int known_depth) {
  uintptr_t pcs[MAX_DEPTH];
  int depth = known_depth;
  if (known) memcpy(pcs, known, sizeof(uintptr_t) * (size_t)known_depth);
  else depth = capture_stack(pcs, 1);
  if (depth == 0) return;
  uint64_t h = hash_stack(pcs, depth, 7);
  // A signal handler must never wait: a busy table (another thread flushing) drops the sample.
  if (!spin_trylock(&g.sample_lock, 1000)) {
    atomic_fetch_add(&g.dropped_samples, count);
    return;
  }
  for (uint32_t i = 0; i < SAMPLE_SLOTS; ++i) {
    uint32_t slot = (uint32_t)((h + i) & (SAMPLE_SLOTS - 1));
    struct sample_entry *e = &g.samples[slot];
    if (!e->used) {
      e->used = 1;
      g.sample_used[g.n_sample_used++] = slot;
      e->hash = h;
      e->depth = (uint32_t)depth;
      memcpy(e->pcs, pcs, sizeof(uintptr_t) * (size_t)depth);
    } else if (e->hash != h || e->depth != (uint32_t)depth ||
               memcmp(e->pcs, pcs, sizeof(uintptr_t) * (size_t)depth) != 0) {
      continue;
    }
    e->count += count;
    spin_unlock(&g.sample_lock);
    return;
  }
  spin_unlock(&g.sample_lock);
  atomic_fetch_add(&g.dropped_samples, count);
}

// Consumes the thread's ring buffer; returns how many samples the kernel wrote since last time.
static uint64_t drain_ring(void *ring) {
  struct perf_event_mmap_page *meta = ring;
  const uint64_t size = (uint64_t)RING_PAGES * (uint64_t)sysconf(_SC_PAGESIZE);
  unsigned char *data = (unsigned char *)ring + sysconf(_SC_PAGESIZE);
  uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
  uint64_t tail = meta->data_tail;
  uint64_t samples = 0;
  while (tail < head) {
    struct perf_event_header *h = (struct perf_event_header *)(data + (tail % size));
    if (h->size == 0) break;
    if (h->type == PERF_RECORD_SAMPLE) samples += 1;
    else if (h->type == PERF_RECORD_LOST) {
      // struct { header; u64 id; u64 lost; }: the id may wrap around the end, read by bytes.
      uint64_t lost = 0;
      for (int b = 0; b < 8; ++b) lost |= (uint64_t)data[(tail + 16 + (uint64_t)b) % size] << (8 * b);
      atomic_fetch_add(&g.lost_samples, lost);
    }
    tail += h->size;
  }
  __atomic_store_n(&meta->data_tail, head, __ATOMIC_RELEASE);
  return samples;
}

static void on_profile_signal(int sig, siginfo_t *info, void *uctx) {
  (void)sig, (void)info, (void)uctx;
  int saved_errno = errno;
  if (t_ring && g.enabled) {
    uint64_t n = drain_ring(t_ring);
    if (n) {
      atomic_fetch_add(&g.total_samples, n);
      // Inside an interposer (its own bookkeeping, libc's wrapper): the stack of the call in
      // progress, when it is known, rather than unwinding through the unwinder itself.
      if (!t_in_hook) record_sample(n, NULL, 0);
      else if (atomic_load_explicit(&t_inflight.active, memory_order_acquire))
        record_sample(n, t_inflight.pcs, t_inflight.depth);
      else atomic_fetch_add(&g.dropped_samples, n);
    }
  }
  checkpoint_if_due(0);
  errno = saved_errno;
}

static int register_thread(void) {
  for (int i = 0; i < MAX_THREADS; ++i) {
    int expected = 0;
    if (atomic_compare_exchange_strong(&g.threads[i].used, &expected, 1)) {
      g.threads[i].tid = gettid_raw();
      g.threads[i].fd = -1;
      g.threads[i].ring = NULL;
      g.threads[i].inflight = &t_inflight;
      return i;
    }
  }
  return -1;
}

// Starts sampling the calling thread. Failure is recorded once and the run goes on without it.
static void start_thread_sampling(void) {
  if (!g.enabled || t_slot >= 0) return;
  atomic_fetch_add(&g.threads_seen, 1);
  learn_thread_stack();
  t_slot = register_thread();
  if (t_slot >= 0) pthread_setspecific(g.thread_key, (void *)(intptr_t)(t_slot + 1));
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.type = PERF_TYPE_SOFTWARE;
  a.config = PERF_COUNT_SW_TASK_CLOCK;
  a.sample_period = SAMPLE_PERIOD_NS;
  a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
  a.exclude_kernel = 1;  // what perf_event_paranoid 2 allows; kernel time is not sampled
  a.exclude_hv = 1;
  a.wakeup_events = 1;
  a.disabled = 1;
  int fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) {
    if (!g.sampling_problem[0]) {
      const char *why = errno == EACCES || errno == EPERM ? "perf_event_open not permitted (see /proc/sys/kernel/perf_event_paranoid)"
                        : errno == ENOSYS || errno == ENOENT ? "perf_event_open not available in this kernel or container"
                                                             : "perf_event_open failed";
      strncpy(g.sampling_problem, why, sizeof g.sampling_problem - 1);
    }
    return;
  }
  long page = sysconf(_SC_PAGESIZE);
  void *ring = mmap(NULL, (size_t)(page * (1 + RING_PAGES)), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (ring == MAP_FAILED) {
    if (!g.sampling_problem[0]) strncpy(g.sampling_problem, "mmap of the perf ring buffer failed", sizeof g.sampling_problem - 1);
    syscall(SYS_close, fd);
    return;
  }
  struct f_owner_ex owner = {F_OWNER_TID, gettid_raw()};
  if (fcntl(fd, F_SETOWN_EX, &owner) != 0 || fcntl(fd, F_SETSIG, g.prof_signal) != 0 ||
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC) != 0) {
    if (!g.sampling_problem[0]) strncpy(g.sampling_problem, "cannot route perf overflow signals to the thread", sizeof g.sampling_problem - 1);
    munmap(ring, (size_t)(page * (1 + RING_PAGES)));
    syscall(SYS_close, fd);
    return;
  }
  t_perf_fd = fd;
  t_ring = ring;
  if (fd < FD_KINDS) atomic_store(&g.perf_fd[fd], 1);
  if (t_slot >= 0) {
    g.threads[t_slot].ring = ring;
    g.threads[t_slot].fd = fd;
  }
  ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
}

static void stop_thread_sampling(void *unused) {
  (void)unused;
  if (t_slot >= 0 && t_perf_fd < 0) {
    atomic_store(&g.threads[t_slot].used, 0);
    t_slot = -1;
  }
  if (t_perf_fd < 0) return;
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, g.prof_signal);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  // The registry's descriptor is the one to trust (-1 when the program took the number over).
  const int fd = t_slot >= 0 ? g.threads[t_slot].fd : t_perf_fd;
  if (t_slot >= 0) g.threads[t_slot].fd = -1;
  if (fd >= 0) ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
  uint64_t n = drain_ring(t_ring);
  if (n) {
    atomic_fetch_add(&g.total_samples, n);
    atomic_fetch_add(&g.dropped_samples, n);  // no stack to attribute them to any more
  }
  munmap(t_ring, (size_t)(sysconf(_SC_PAGESIZE) * (1 + RING_PAGES)));
  if (fd >= 0) {
    if (fd < FD_KINDS) atomic_store(&g.perf_fd[fd], 0);
    syscall(SYS_close, fd);
  }
  if (t_slot >= 0) atomic_store(&g.threads[t_slot].used, 0);
  t_perf_fd = -1;
  t_ring = NULL;
  t_slot = -1;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

struct start_args {
  void *(*fn)(void *);
  void *arg;
};

static void *thread_trampoline(void *p) {
  struct start_args a = *(struct start_args *)p;
  free(p);
  start_thread_sampling();
  return a.fn(a.arg);  // pthread_exit and return both reach the key destructor
}

BW_EXPORT int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
  RESOLVE(pthread_create);
  if (!g.enabled) return real_pthread_create(t, attr, fn, arg);
  struct start_args *a = malloc(sizeof *a);
  if (!a) return real_pthread_create(t, attr, fn, arg);
  a->fn = fn;
  a->arg = arg;
  int rc = real_pthread_create(t, attr, thread_trampoline, a);
  if (rc != 0) free(a);
  return rc;
}

// ---------------------------------------------------------------- results file

struct out {
  int fd;
  char buf[8192];
  size_t len;
};

static void out_flush(struct out *o) {
  size_t done = 0;
  while (done < o->len) {
    ssize_t w = syscall(SYS_write, o->fd, o->buf + done, o->len - done);
    if (w <= 0) break;
    done += (size_t)w;
  }
  o->len = 0;
}
static void out_str(struct out *o, const char *s) {
  while (*s) {
    if (o->len == sizeof o->buf) out_flush(o);
    o->buf[o->len++] = *s++;
  }
}
static void out_u64(struct out *o, uint64_t v, int base) {
  char tmp[24];
  int n = 0;
  do {
    unsigned d = (unsigned)(v % (unsigned)base);
    tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= (unsigned)base;
  } while (v);
  char s[26];
  int k = 0;
  while (n) s[k++] = tmp[--n];
  s[k] = 0;
  out_str(o, s);
}
static void out_dec(struct out *o, uint64_t v) { out_u64(o, v, 10); }
static void out_hex(struct out *o, uint64_t v) { out_u64(o, v, 16); }

// The executable mappings, so addresses can be turned into (module, offset) afterwards.
static void out_maps(struct out *o) {
  int fd = (int)syscall(SYS_open, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char line[4096];
  size_t len = 0;
  char chunk[4096];
  for (;;) {
    ssize_t n = syscall(SYS_read, fd, chunk, sizeof chunk);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (chunk[i] != '\n') {
        if (len < sizeof line - 1) line[len++] = chunk[i];
        continue;
      }
      line[len] = 0;
      // "start-end perms offset dev inode path": keep executable, file-backed ones.
      char *perms = strchr(line, ' ');
      if (perms && perms[3] == 'x' && strchr(line, '/')) {
        out_str(o, "M ");
        out_str(o, line);
        out_str(o, "\n");
      }
      len = 0;
    }
  }
  syscall(SYS_close, fd);
}

static void write_results(const char *end_reason, int end_value) {
  if (!g.enabled || !g.blocks || !g.samples) return;
  char tmp[1300];
  size_t n = strlen(g.path);
  memcpy(tmp, g.path, n);
  memcpy(tmp + n, ".tmp", 5);
  struct out o;
  o.len = 0;
  o.fd = (int)syscall(SYS_open, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (o.fd < 0) return;
  out_str(&o, "boundwise-native 1\npid ");
  out_dec(&o, (uint64_t)g.pid);
  out_str(&o, "\nppid ");
  out_dec(&o, (uint64_t)getppid());
  out_str(&o, "\nexe ");
  char exe[1024];
  ssize_t el = syscall(SYS_readlink, "/proc/self/exe", exe, sizeof exe - 1);
  exe[el > 0 ? el : 0] = 0;
  out_str(&o, exe);
  out_str(&o, "\nend ");
  out_str(&o, end_reason);
  if (end_value >= 0) {
    out_str(&o, " ");
    out_dec(&o, (uint64_t)end_value);
  }
  out_str(&o, "\nwall_ns ");
  out_dec(&o, now_ns() - g.start_ns);
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    out_str(&o, "\nrusage ");
    out_dec(&o, (uint64_t)ru.ru_utime.tv_sec * 1000000000ull + (uint64_t)ru.ru_utime.tv_usec * 1000ull);
    out_str(&o, " ");
    out_dec(&o, (uint64_t)ru.ru_stime.tv_sec * 1000000000ull + (uint64_t)ru.ru_stime.tv_usec * 1000ull);
    out_str(&o, " ");
    out_dec(&o, (uint64_t)ru.ru_nvcsw);
    out_str(&o, " ");
    out_dec(&o, (uint64_t)ru.ru_nivcsw);
  }
  out_str(&o, "\nperiod_ns ");
  out_dec(&o, SAMPLE_PERIOD_NS);
  out_str(&o, "\nsampling ");
  out_str(&o, g.sampling ? "ok" : g.sampling_problem[0] ? g.sampling_problem : "off");
  out_str(&o, "\nthreads ");
  out_dec(&o, atomic_load(&g.threads_seen));
  out_str(&o, "\nsamples ");
  out_dec(&o, atomic_load(&g.total_samples));
  out_str(&o, " dropped ");
  out_dec(&o, atomic_load(&g.dropped_samples));
  out_str(&o, " lost ");
  out_dec(&o, atomic_load(&g.lost_samples));
  out_str(&o, "\nblocks_dropped ");
  out_dec(&o, atomic_load(&g.dropped_blocks));
  out_str(&o, "\n");
  // Entries are read without the table locks when the lock is busy (a crash while a thread
  // held it): a torn entry costs one stack, not the whole file.
  int locked = spin_trylock(&g.block_lock, 100000);
  for (uint32_t u = 0; u < g.n_block_used && u < BLOCK_SLOTS; ++u) {
    const struct block_entry *e = &g.blocks[g.block_used[u]];
    if (!e->used || e->count == 0) continue;
    out_str(&o, "B ");
    out_str(&o, kCallNames[e->call]);
    out_str(&o, " ");
    out_str(&o, kKindNames[e->kind]);
    out_str(&o, " ");
    out_dec(&o, e->count);
    out_str(&o, " ");
    out_dec(&o, e->ns);
    for (uint32_t d = 0; d < e->depth && d < MAX_DEPTH; ++d) {
      out_str(&o, " ");
      out_hex(&o, e->pcs[d]);
    }
    out_str(&o, "\n");
  }
  if (locked) spin_unlock(&g.block_lock);
  const uint64_t now = now_ns();
  for (int i = 0; i < MAX_THREADS; ++i) {
    if (!atomic_load(&g.threads[i].used) || !g.threads[i].inflight) continue;
    const struct inflight *f = g.threads[i].inflight;
    if (!atomic_load_explicit(&f->active, memory_order_acquire) || now < f->t0) continue;
    out_str(&o, "B ");
    out_str(&o, kCallNames[f->call]);
    out_str(&o, " ");
    out_str(&o, kKindNames[f->kind]);
    out_str(&o, " 1 ");
    out_dec(&o, now - f->t0);
    for (int d = 0; d < f->depth && d < MAX_DEPTH; ++d) {
      out_str(&o, " ");
      out_hex(&o, f->pcs[d]);
    }
    out_str(&o, "\n");
  }
  locked = spin_trylock(&g.sample_lock, 100000);
  for (uint32_t u = 0; u < g.n_sample_used && u < SAMPLE_SLOTS; ++u) {
    const struct sample_entry *e = &g.samples[g.sample_used[u]];
    if (!e->used || e->count == 0) continue;
    out_str(&o, "S ");
    out_dec(&o, e->count);
    for (uint32_t d = 0; d < e->depth && d < MAX_DEPTH; ++d) {
      out_str(&o, " ");
      out_hex(&o, e->pcs[d]);
    }
    out_str(&o, "\n");
  }
  if (locked) spin_unlock(&g.sample_lock);
  out_maps(&o);
  out_str(&o, "done\n");
  out_flush(&o);
  syscall(SYS_close, o.fd);
  syscall(SYS_rename, tmp, g.path);
}

static void flush_results(const char *end_reason, int end_value, int wait_for_lock) {
  if (!g.enabled) return;
  // Samples that arrive while this thread writes wait in the ring instead of being dropped.
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, g.prof_signal);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  if (spin_trylock(&g.flush_lock, wait_for_lock ? 50000000 : 1)) {
    write_results(end_reason, end_value);
    atomic_store(&g.last_checkpoint_ns, now_ns());
    spin_unlock(&g.flush_lock);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

// About once a second, so that a SIGKILL (or a hang ended by --timeout) keeps something.
static void checkpoint_if_due(uint64_t now) {
  if (!g.enabled) return;
  if (!now) now = now_ns();
  uint64_t last = atomic_load_explicit(&g.last_checkpoint_ns, memory_order_relaxed);
  if (now - last < 1000000000ull) return;
  if (!atomic_compare_exchange_strong(&g.last_checkpoint_ns, &last, now)) return;
  int saved_errno = errno;
  int was = t_in_hook;
  t_in_hook = 1;
  flush_results("running", -1, 0);
  t_in_hook = was;
  errno = saved_errno;
}

// ---------------------------------------------------------------- endings

static void stop_all_sampling(void) {
  for (int i = 0; i < MAX_THREADS; ++i)
    if (atomic_load(&g.threads[i].used) && g.threads[i].fd >= 0) ioctl(g.threads[i].fd, PERF_EVENT_IOC_DISABLE, 0);
}

// The exit status, when known: exit() and returning from main() both record it.
static _Atomic int g_exit_code = -1;

static void at_exit(void) {
  t_in_hook = 1;
  stop_all_sampling();
  flush_results("exit", atomic_load(&g_exit_code), 1);
}

static void (*real_exit)(int) __attribute__((noreturn));
BW_EXPORT void exit(int code) {
  RESOLVE(exit);
  atomic_store(&g_exit_code, code & 0xff);
  real_exit(code);
}

// main() is wrapped to learn what it returns (glibc calls exit() with it internally, which an
// interposer does not see).
static int (*g_main)(int, char **, char **);
static int main_wrapper(int argc, char **argv, char **envp) {
  int code = g_main(argc, argv, envp);
  atomic_store(&g_exit_code, code & 0xff);
  return code;
}
typedef int (*main_fn)(int, char **, char **);
static int (*real___libc_start_main)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
BW_EXPORT int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                                void (*rtld_fini)(void), void *stack_end) {
  RESOLVE(__libc_start_main);
  g_main = main;
  return real___libc_start_main(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

BW_EXPORT void _exit(int code) {
  RESOLVE(_exit);
  t_in_hook = 1;
  stop_all_sampling();
  flush_results("exit", (int)(unsigned char)code, 1);
  real__exit(code);
}
BW_EXPORT void _Exit(int code) { _exit(code); }

static void before_exec(void) {
  t_in_hook = 1;
  stop_all_sampling();
  flush_results("exec", -1, 1);
  t_in_hook = 0;
}
BW_EXPORT int execve(const char *p, char *const argv[], char *const envp[]) {
  RESOLVE(execve);
  before_exec();
  return real_execve(p, argv, envp);
}
BW_EXPORT int execv(const char *p, char *const argv[]) {
  RESOLVE(execv);
  before_exec();
  return real_execv(p, argv);
}
BW_EXPORT int execvp(const char *p, char *const argv[]) {
  RESOLVE(execvp);
  before_exec();
  return real_execvp(p, argv);
}
BW_EXPORT int execvpe(const char *p, char *const argv[], char *const envp[]) {
  RESOLVE(execvpe);
  before_exec();
  return real_execvpe(p, argv, envp);
}

static const int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS};
static const int kStopSignals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ};

// Flush, then let the signal do what it would have done without us.
static void on_ending_signal(int sig) {
  t_in_hook = 1;
  stop_all_sampling();
  flush_results("signal", sig, 1);
  signal(sig, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  raise(sig);
}

static void install_ending_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_ending_signal;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof kFatalSignals / sizeof *kFatalSignals; ++i) sigaction(kFatalSignals[i], &sa, NULL);
  // Stop signals only when the program inherited the default action (an ignored SIGINT, as
  // under nohup, stays ignored).
  for (size_t i = 0; i < sizeof kStopSignals / sizeof *kStopSignals; ++i) {
    struct sigaction old;
    if (sigaction(kStopSignals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
      sigaction(kStopSignals[i], &sa, NULL);
  }
}

// ---------------------------------------------------------------- setup

static void set_result_path(void) {
  // pid + start time: an exec keeps the pid, and each image writes its own file.
  struct out o;
  o.len = 0;
  out_str(&o, g.dir);
  out_str(&o, "/native-");
  out_dec(&o, (uint64_t)g.pid);
  out_str(&o, "-");
  out_dec(&o, g.start_ns);
  out_str(&o, ".txt");
  size_t n = o.len < sizeof g.path - 1 ? o.len : sizeof g.path - 1;
  memcpy(g.path, o.buf, n);
  g.path[n] = 0;
}

static int allocate_tables(void) {
  g.n_block_used = g.n_sample_used = 0;
  g.block_used = mmap(NULL, sizeof(uint32_t) * (BLOCK_SLOTS + SAMPLE_SLOTS), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (g.block_used == MAP_FAILED) return 0;
  g.sample_used = g.block_used + BLOCK_SLOTS;
  g.blocks = mmap(NULL, sizeof(struct block_entry) * BLOCK_SLOTS, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  g.samples = mmap(NULL, sizeof(struct sample_entry) * SAMPLE_SLOTS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (g.blocks == MAP_FAILED || g.samples == MAP_FAILED) {
    g.blocks = NULL;
    g.samples = NULL;
    return 0;
  }
  return 1;
}

// The child of fork() starts a measurement of its own: new file, empty tables, and a counter for
// its one thread (the inherited descriptors count the parent's threads).
static void after_fork_in_child(void) {
  if (!g.enabled) return;
  for (int i = 0; i < MAX_THREADS; ++i)
    if (atomic_load(&g.threads[i].used)) {
      if (g.threads[i].ring) munmap(g.threads[i].ring, (size_t)(sysconf(_SC_PAGESIZE) * (1 + RING_PAGES)));
      if (g.threads[i].fd >= 0) {
        if (g.threads[i].fd < FD_KINDS) atomic_store(&g.perf_fd[g.threads[i].fd], 0);
        syscall(SYS_close, g.threads[i].fd);
      }
      atomic_store(&g.threads[i].used, 0);
    }
  t_perf_fd = -1;
  t_ring = NULL;
  t_slot = -1;
  if (g.blocks) munmap(g.blocks, sizeof(struct block_entry) * BLOCK_SLOTS);
  if (g.samples) munmap(g.samples, sizeof(struct sample_entry) * SAMPLE_SLOTS);
  if (g.block_used) munmap(g.block_used, sizeof(uint32_t) * (BLOCK_SLOTS + SAMPLE_SLOTS));
  atomic_flag_clear(&g.block_lock);
  atomic_flag_clear(&g.sample_lock);
  atomic_flag_clear(&g.flush_lock);
  atomic_store(&g.dropped_blocks, 0);
  atomic_store(&g.dropped_samples, 0);
  atomic_store(&g.lost_samples, 0);
  atomic_store(&g.total_samples, 0);
  atomic_store(&g.threads_seen, 0);
  g.pid = getpid();
  g.start_ns = now_ns();
  atomic_store(&g.last_checkpoint_ns, g.start_ns);
  set_result_path();
  if (!allocate_tables()) {
    g.enabled = 0;
    return;
  }
  start_thread_sampling();
  g.sampling = t_perf_fd >= 0;
}

static int find_self(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size, (void)arg;
  uintptr_t probe = (uintptr_t)&find_self;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (probe >= lo && probe < hi) {
      g.self_lo = lo;
      g.self_hi = hi;
      return 1;
    }
  }
  return 0;
}

__attribute__((constructor)) static void boundwise_preload_init(void) {
  const char *dir = getenv("BOUNDWISE_NATIVE_RESULTS");
  if (!dir || !*dir || strlen(dir) >= sizeof g.dir) return;
  strcpy(g.dir, dir);
  g.pid = getpid();
  g.start_ns = now_ns();
  atomic_store(&g.last_checkpoint_ns, g.start_ns);
  g.prof_signal = SIGRTMIN + 6;
  set_result_path();
  dl_iterate_phdr(find_self, NULL);
  if (!allocate_tables()) return;
  pthread_key_create(&g.thread_key, stop_thread_sampling);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_profile_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(g.prof_signal, &sa, NULL);
  // Warm the unwinder up before any signal can ask it for a stack.
  uintptr_t pcs[MAX_DEPTH];
  capture_stack(pcs, 0);

  g.enabled = 1;
  install_ending_handlers();
  pthread_atfork(NULL, NULL, after_fork_in_child);
  atexit(at_exit);
  start_thread_sampling();
  g.sampling = t_perf_fd >= 0;
  flush_results("running", -1, 1);  // a file exists even if the process is SIGKILLed at once
}
