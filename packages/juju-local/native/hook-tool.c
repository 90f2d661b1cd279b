/*
 * A hook tool of the local model, native like Juju's jujuc so a call costs about a millisecond:
 * sends {"context","tool","args","stdin"} as one JSON line to $JUJU_AGENT_SOCKET_ADDRESS, reads
 * "<code> <stdout bytes> <stderr bytes>\n" plus both streams, replays them and exits with <code>.
 * The tool name is argv[1] (the tool scripts exec this binary with it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

static char *buf; static size_t len, cap;

static void put(const char *s, size_t n) {
  if (len + n + 1 > cap) { cap = (len + n + 1) * 2; buf = realloc(buf, cap); if (!buf) exit(1); }
  memcpy(buf + len, s, n); len += n;
}

static void put_json(const char *s, size_t n) {
  put("\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; put(esc, 2); }
    else if (c < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", c); put(esc, 6); }
    else put((const char *)&c, 1);
  }
  put("\"", 1);
}

static int fail(const char *what) { fprintf(stderr, "ERROR cannot reach the local model's agent socket: %s\n", what); return 1; }

int main(int argc, char **argv) {
  const char *ctx = getenv("JUJU_CONTEXT_ID"), *path = getenv("JUJU_AGENT_SOCKET_ADDRESS");
  if (argc < 2 || !path) return fail("JUJU_AGENT_SOCKET_ADDRESS is not set");
  put("{\"context\":", 11); put_json(ctx ? ctx : "", ctx ? strlen(ctx) : 0);
  put(",\"tool\":", 8); put_json(argv[1], strlen(argv[1]));
  put(",\"args\":[", 9);
  for (int i = 2; i < argc; i++) { if (i > 2) put(",", 1); put_json(argv[i], strlen(argv[i])); }
  put("],\"stdin\":", 10);
  char *in = NULL; size_t inlen = 0, incap = 0; ssize_t r; char chunk[65536];
  while ((r = read(0, chunk, sizeof chunk)) > 0) {
    if (inlen + (size_t)r > incap) { incap = (inlen + (size_t)r) * 2; in = realloc(in, incap); if (!in) return 1; }
    memcpy(in + inlen, chunk, (size_t)r); inlen += (size_t)r;
  }
  if (inlen == 0) put("null", 4); else put_json(in, inlen);
  put("}\n", 2);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
  if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return fail("connect failed");
  for (size_t off = 0; off < len;) { ssize_t w = write(fd, buf + off, len - off); if (w <= 0) return fail("write failed"); off += (size_t)w; }
  shutdown(fd, SHUT_WR);
  len = 0;
  while ((r = read(fd, chunk, sizeof chunk)) > 0) put(chunk, (size_t)r);
  buf[len] = 0;
  int code; size_t out, err; int head = 0;
  if (sscanf(buf, "%d %zu %zu\n%n", &code, &out, &err, &head) != 3 || (size_t)head + out + err > len) return fail("malformed reply");
  fwrite(buf + head, 1, out, stdout); fflush(stdout);
  fwrite(buf + head + out, 1, err, stderr);
  return code;
}
