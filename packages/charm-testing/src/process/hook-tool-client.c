/*
 * A hook-tool executable for process-level runs, in the spirit of Juju's jujuc: one small native
 * binary, linked under every tool name, that forwards its call to the test process and prints the
 * answer. The tool is its own basename (argv[0]); the server is the unix socket named by
 * JUJU_AGENT_SOCKET_ADDRESS ('@' prefix = abstract namespace); the hook context is JUJU_CONTEXT_ID.
 * stdin is read, as Juju's tools do, only for `--file -`.
 *
 * Wire format (native byte order, same machine): request = u32 field count, then per field u32
 * length + bytes: context id, tool, "1"/"0" (stdin given), stdin, argv[1..]. Response = u32 exit
 * code, u32 length + stdout, u32 length + stderr.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void fail(const char *message) {
  fprintf(stderr, "ERROR %s\n", message);
  exit(1);
}

static void write_all(int fd, const void *data, size_t length) {
  const char *p = data;
  while (length > 0) {
    ssize_t n = write(fd, p, length);
    if (n <= 0) fail("cannot reach the hook-tool server");
    p += n;
    length -= (size_t)n;
  }
}

static void read_all(int fd, void *data, size_t length) {
  char *p = data;
  while (length > 0) {
    ssize_t n = read(fd, p, length);
    if (n <= 0) fail("the hook-tool server closed the connection");
    p += n;
    length -= (size_t)n;
  }
}

static void put_field(int fd, const char *data, size_t length) {
  uint32_t n = (uint32_t)length;
  write_all(fd, &n, sizeof n);
  write_all(fd, data, length);
}

static char *read_stdin(size_t *length) {
  size_t capacity = 65536, used = 0;
  char *buffer = malloc(capacity);
  for (;;) {
    if (buffer == NULL) fail("out of memory reading stdin");
    ssize_t n = read(0, buffer + used, capacity - used);
    if (n < 0) fail("cannot read stdin");
    if (n == 0) break;
    used += (size_t)n;
    if (used == capacity) buffer = realloc(buffer, capacity *= 2);
  }
  *length = used;
  return buffer;
}

static int wants_stdin(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) return 0;
    if (strcmp(argv[i], "--file=-") == 0) return 1;
    if (strcmp(argv[i], "--file") == 0 && i + 1 < argc && strcmp(argv[i + 1], "-") == 0) return 1;
  }
  return 0;
}

static void copy_out(int from, int to) {
  uint32_t length;
  read_all(from, &length, sizeof length);
  char *data = malloc(length + 1);
  if (data == NULL) fail("out of memory reading the answer");
  read_all(from, data, length);
  if (length > 0) write_all(to, data, length);
  free(data);
}

int main(int argc, char **argv) {
  const char *slash = strrchr(argv[0], '/');
  const char *tool = slash == NULL ? argv[0] : slash + 1;
  const char *address = getenv("JUJU_AGENT_SOCKET_ADDRESS");
  const char *context = getenv("JUJU_CONTEXT_ID");
  if (context == NULL || context[0] == '\0') fail("JUJU_CONTEXT_ID not set");
  if (address == NULL || address[0] == '\0') fail("JUJU_AGENT_SOCKET_ADDRESS not set");

  size_t stdin_length = 0;
  int given = wants_stdin(argc, argv);
  char *input = given ? read_stdin(&stdin_length) : NULL;

  struct sockaddr_un server;
  memset(&server, 0, sizeof server);
  server.sun_family = AF_UNIX;
  size_t address_length = strlen(address);
  if (address_length >= sizeof server.sun_path) fail("JUJU_AGENT_SOCKET_ADDRESS is too long");
  memcpy(server.sun_path, address, address_length);
  if (address[0] == '@') server.sun_path[0] = '\0';
  socklen_t server_length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + address_length);
  if (address[0] != '@') server_length += 1;

  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&server, server_length) != 0) {
    fail("cannot connect to the hook-tool server at JUJU_AGENT_SOCKET_ADDRESS");
  }
  uint32_t fields = (uint32_t)(4 + argc - 1);
  write_all(fd, &fields, sizeof fields);
  put_field(fd, context, strlen(context));
  put_field(fd, tool, strlen(tool));
  put_field(fd, given ? "1" : "0", 1);
  put_field(fd, given ? input : "", stdin_length);
  for (int i = 1; i < argc; i++) put_field(fd, argv[i], strlen(argv[i]));

  uint32_t code;
  read_all(fd, &code, sizeof code);
  copy_out(fd, 1);
  copy_out(fd, 2);
  return (int)code;
}
