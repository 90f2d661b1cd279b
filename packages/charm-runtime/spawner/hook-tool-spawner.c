/*
 * hook-tool-spawner: starts hook-tool processes for a charm's Node process.
 *
 * Node starts a child with libuv's fork(), which copies the page tables of a 50-60 MiB process
 * and then pays copy-on-write faults: about 5 ms of the hook's main thread per hook-tool call on
 * a small VM. This program is started once per hook (while Node is still small) and starts each
 * tool with posix_spawnp, which glibc does with clone(CLONE_VM | CLONE_VFORK): no copy.
 *
 * No shell is involved: argv goes to posix_spawnp as given, PATH lookup included, and the tools
 * inherit this program's environment (the hook's). Several tools may run at once.
 *
 * Protocol on stdin/stdout, little-endian u32 fields; every frame starts with its payload length.
 *   request:  len | id | has_stdin | argc | argc x (len | bytes) | [len | stdin bytes]
 *   response: len | id | kind | value | len | stdout bytes | len | stderr bytes
 *     kind 0: exited, value = exit status; 1: killed, value = signal; 2: not started, value = errno
 *   ready:    an empty frame (len 0), sent once before any request is read, so the caller knows
 *             that a request this program was given may have been started.
 * A malformed request ends the program with status 2. At EOF on stdin it waits for the tools
 * already started, answers them, and exits 0.
 *
 * Launcher: `hook-tool-spawner PROGRAM [ARG...]` (a packed charm's dispatch) makes two pipes,
 * forks the spawner, which serves the protocol on them in place of stdin/stdout, and execs
 * PROGRAM (the charm's Node) in its own process with the pipes' other ends open and
 * CHARM_HOOK_TOOL_SPAWNER=<spawner pid>:<request fd>:<response fd> set. Node then never forks
 * itself to start the spawner (the first libuv spawn of a hook cost it 10-15 ms), and the spawner
 * is ready before Node has loaded anything. The spawner and the tools it starts do not see the
 * variable. If the pipes or the fork fail, PROGRAM runs without it (and starts tools itself).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_FRAME (64u * 1024u * 1024u)
#define MAX_ARGC 4096u

typedef struct {
  char *data;
  size_t len, cap;
} buffer;

typedef struct tool {
  uint32_t id;
  pid_t pid;
  int out_fd, err_fd, in_fd; /* -1 once closed */
  buffer out, err;
  char *input;
  size_t input_len, input_off;
  int exited, status;
  struct tool *next;
} tool;

static tool *tools;
static buffer requests;
static int stdin_open = 1;

static void die(const char *what) {
  fprintf(stderr, "hook-tool-spawner: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void append(buffer *b, const void *data, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    b->data = realloc(b->data, cap);
    if (b->data == NULL) die("out of memory");
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, n);
  b->len += n;
}

static void put_u32(buffer *b, uint32_t v) {
  unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
  append(b, le, 4);
}

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_all(int fd, const char *data, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    /* The caller exited (a hook that is done does not wait for reads it no longer needs): there
       is nobody left to answer, and nothing worth a line on the hook's stderr. */
    if (w < 0 && errno == EPIPE) exit(0);
    if (w < 0) die("writing a response");
    data += w;
    n -= (size_t)w;
  }
}

static void respond(uint32_t id, uint32_t kind, uint32_t value, const buffer *out, const buffer *err) {
  buffer frame = {0};
  size_t out_len = out ? out->len : 0, err_len = err ? err->len : 0;
  put_u32(&frame, (uint32_t)(20 + out_len + err_len));
  put_u32(&frame, id);
  put_u32(&frame, kind);
  put_u32(&frame, value);
  put_u32(&frame, (uint32_t)out_len);
  if (out_len) append(&frame, out->data, out_len);
  put_u32(&frame, (uint32_t)err_len);
  if (err_len) append(&frame, err->data, err_len);
  write_all(STDOUT_FILENO, frame.data, frame.len);
  free(frame.data);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* Starts one tool; answers at once when it cannot be started. */
static void start(uint32_t id, char **argv, char *input, size_t input_len, int has_input) {
  int out[2], err[2], in[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) die("pipe");
  if (has_input && pipe2(in, O_CLOEXEC) < 0) die("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (has_input)
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  /* The tool gets default signal handling and an empty mask, whatever this program has. */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  close(err[1]);
  close_fd(&in[0]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    close_fd(&in[1]);
    free(input);
    respond(id, 2, (uint32_t)rc, NULL, NULL);
    return;
  }
  tool *t = calloc(1, sizeof *t);
  if (t == NULL) die("out of memory");
  t->id = id;
  t->pid = pid;
  t->out_fd = out[0];
  t->err_fd = err[0];
  t->in_fd = in[1];
  t->input = input;
  t->input_len = input_len;
  if (t->in_fd >= 0) fcntl(t->in_fd, F_SETFL, O_NONBLOCK);
  if (t->in_fd >= 0 && input_len == 0) close_fd(&t->in_fd);
  t->next = tools;
  tools = t;
}

static void malformed(void) {
  fprintf(stderr, "hook-tool-spawner: malformed request\n");
  exit(2);
}

/* Parses and starts every complete request in the buffer. */
static void take_requests(void) {
  size_t off = 0;
  while (requests.len - off >= 4) {
    const unsigned char *p = (const unsigned char *)requests.data + off;
    uint32_t len = get_u32(p);
    if (len > MAX_FRAME || len < 12) malformed();
    if (requests.len - off - 4 < len) break;
    const unsigned char *q = p + 4, *end = q + len;
    uint32_t id = get_u32(q), has_input = get_u32(q + 4), argc = get_u32(q + 8);
    q += 12;
    if (argc == 0 || argc > MAX_ARGC) malformed();
    char **argv = calloc(argc + 1, sizeof *argv);
    if (argv == NULL) die("out of memory");
    for (uint32_t i = 0; i < argc; i++) {
      if (end - q < 4) malformed();
      uint32_t n = get_u32(q);
      q += 4;
      if ((uint32_t)(end - q) < n) malformed();
      argv[i] = strndup((const char *)q, n);
      if (argv[i] == NULL) die("out of memory");
      q += n;
    }
    char *input = NULL;
    size_t input_len = 0;
    if (has_input) {
      if (end - q < 4) malformed();
      input_len = get_u32(q);
      q += 4;
      if ((size_t)(end - q) < input_len) malformed();
      input = malloc(input_len ? input_len : 1);
      if (input == NULL) die("out of memory");
      memcpy(input, q, input_len);
      q += input_len;
    }
    if (q != end) malformed();
    start(id, argv, input, input_len, has_input != 0);
    for (uint32_t i = 0; i < argc; i++) free(argv[i]);
    free(argv);
    off += 4 + len;
  }
  memmove(requests.data, requests.data + off, requests.len - off);
  requests.len -= off;
}

static void drain(int *fd, buffer *b) {
  char chunk[65536];
  ssize_t n = read(*fd, chunk, sizeof chunk);
  if (n > 0)
    append(b, chunk, (size_t)n);
  else if (n == 0 || (errno != EINTR && errno != EAGAIN))
    close_fd(fd);
}

static void feed(tool *t) {
  ssize_t n = write(t->in_fd, t->input + t->input_off, t->input_len - t->input_off);
  if (n > 0) t->input_off += (size_t)n;
  /* A tool that exits without reading its input is answered by its exit status. */
  if ((n < 0 && errno != EINTR && errno != EAGAIN) || t->input_off == t->input_len) close_fd(&t->in_fd);
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (tool *t = tools; t; t = t->next) {
      if (t->pid == pid) {
        t->exited = 1;
        t->status = status;
      }
    }
  }
}

/* Answers and forgets the tools that have exited and closed their output. */
static void finish(void) {
  for (tool **link = &tools; *link;) {
    tool *t = *link;
    if (!t->exited || t->out_fd >= 0 || t->err_fd >= 0) {
      link = &t->next;
      continue;
    }
    if (WIFSIGNALED(t->status))
      respond(t->id, 1, (uint32_t)WTERMSIG(t->status), &t->out, &t->err);
    else
      respond(t->id, 0, (uint32_t)WEXITSTATUS(t->status), &t->out, &t->err);
    close_fd(&t->in_fd);
    *link = t->next;
    free(t->out.data);
    free(t->err.data);
    free(t->input);
    free(t);
  }
}

#define LAUNCH_VARIABLE "CHARM_HOOK_TOOL_SPAWNER"

static int serve(void);

/* Launcher mode; returns only when PROGRAM cannot be run. */
static int launch(char **program) {
  int requests_pipe[2] = {-1, -1}, responses_pipe[2] = {-1, -1};
  pid_t spawner = -1;
  if (pipe2(requests_pipe, O_CLOEXEC) == 0 && pipe2(responses_pipe, O_CLOEXEC) == 0) spawner = fork();
  if (spawner == 0) {
    /* The spawner: the pipes become its stdin and stdout; the program keeps the hook's. */
    if (dup2(requests_pipe[0], STDIN_FILENO) < 0 || dup2(responses_pipe[1], STDOUT_FILENO) < 0) _exit(2);
    close(requests_pipe[0]);
    close(requests_pipe[1]);
    close(responses_pipe[0]);
    close(responses_pipe[1]);
    exit(serve());
  }
  if (spawner > 0) {
    char value[64];
    close(requests_pipe[0]);
    close(responses_pipe[1]);
    fcntl(requests_pipe[1], F_SETFD, 0);
    fcntl(responses_pipe[0], F_SETFD, 0);
    snprintf(value, sizeof value, "%d:%d:%d", (int)spawner, requests_pipe[1], responses_pipe[0]);
    if (setenv(LAUNCH_VARIABLE, value, 1) < 0) die("setenv");
  }
  execvp(program[0], program);
  fprintf(stderr, "hook-tool-spawner: cannot run %s: %s\n", program[0], strerror(errno));
  return 127;
}

int main(int argc, char **argv) {
  if (argc > 1) return launch(argv + 1);
  return serve();
}

static int serve(void) {
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0) die("sigprocmask");
  int sig_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sig_fd < 0) die("signalfd");
  fcntl(STDIN_FILENO, F_SETFD, FD_CLOEXEC);
  fcntl(STDOUT_FILENO, F_SETFD, FD_CLOEXEC);
  write_all(STDOUT_FILENO, "\0\0\0\0", 4);
  for (;;) {
    size_t count = 2;
    for (tool *t = tools; t; t = t->next) count += 3;
    if (!stdin_open && tools == NULL) return 0;
    struct pollfd *fds = calloc(count, sizeof *fds);
    tool **owners = calloc(count, sizeof *owners);
    if (fds == NULL || owners == NULL) die("out of memory");
    size_t n = 0;
    fds[n++] = (struct pollfd){.fd = sig_fd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN};
    for (tool *t = tools; t; t = t->next) {
      owners[n] = t;
      fds[n++] = (struct pollfd){.fd = t->out_fd, .events = POLLIN};
      owners[n] = t;
      fds[n++] = (struct pollfd){.fd = t->err_fd, .events = POLLIN};
      owners[n] = t;
      fds[n++] = (struct pollfd){.fd = t->in_fd, .events = POLLOUT};
    }
    if (poll(fds, n, -1) < 0) {
      if (errno != EINTR) die("poll");
    } else {
      for (size_t i = 2; i < n; i++) {
        tool *t = owners[i];
        if (fds[i].fd < 0 || fds[i].revents == 0) continue;
        if (fds[i].fd == t->out_fd) drain(&t->out_fd, &t->out);
        else if (fds[i].fd == t->err_fd) drain(&t->err_fd, &t->err);
        else if (fds[i].fd == t->in_fd) feed(t);
      }
      if (fds[0].revents) {
        struct signalfd_siginfo info;
        while (read(sig_fd, &info, sizeof info) > 0) {
        }
        reap();
      }
      if (fds[1].revents) {
        char chunk[65536];
        ssize_t r = read(STDIN_FILENO, chunk, sizeof chunk);
        if (r > 0) {
          append(&requests, chunk, (size_t)r);
          take_requests();
        } else if (r == 0 || errno != EINTR) {
          if (requests.len != 0) malformed();
          stdin_open = 0;
        }
      }
    }
    free(fds);
    free(owners);
    finish();
  }
}
