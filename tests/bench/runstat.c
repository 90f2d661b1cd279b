/*
 * runstat STATS-FILE COMMAND [ARG...]: runs COMMAND (environment and cwd inherited) and writes
 * "<wall-ns> <peak-rss-kib> <exit-status>" to STATS-FILE, measured from fork to wait4, so a hook
 * and `node -e 0` are timed the same way, without the launcher's own start-up. Exits as COMMAND.
 * Peak RSS is ru_maxrss of the waited-for child: the largest of it and the children it waited for.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: runstat STATS-FILE COMMAND [ARG...]\n");
    return 2;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    execv(argv[2], argv + 2);
    perror("runstat: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) return 1;
  clock_gettime(CLOCK_MONOTONIC, &end);
  long long ns = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *out = fopen(argv[1], "w");
  if (out == NULL) return 1;
  fprintf(out, "%lld %ld %d\n", ns, usage.ru_maxrss, code);
  fclose(out);
  return code;
}
